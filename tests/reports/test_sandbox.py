import pytest

from probity.reports import domain, sandbox
from probity.reports.models import TemplateVersion


def render(body: str) -> str:
    return sandbox.render(body, {"period": {"label": "110年下半年"}, "highlights": {"s1_2": [{"body": "甲"}]}}, {})


def test_sandbox_renders_placeholders_loops_and_filters():
    body = "{{ period.label }}{% for item in highlights.s1_2 %}{{ forloop.counter|add:3|zh }}{{ item.body }}{% endfor %}{{ 1170|num }}"
    assert render(body) == "110年下半年四甲1,170"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{{ settings.SECRET_KEY }}", "範本使用了不存在的欄位「settings.SECRET_KEY」"),
        ("{% load static %}", "範本使用了不允許的標籤「load」"),
        ('{% include "/etc/passwd" %}', "範本使用了不允許的標籤「include」"),
        ('{% extends "base.html" %}', "範本使用了不允許的標籤「extends」"),
        ("{% debug %}", "範本使用了不允許的標籤「debug」"),
        ('{% url "admin:index" %}', "範本使用了不允許的標籤「url」"),
        ("{{ period.__class__ }}", "範本不可使用以底線開頭的名稱"),
        ("{{ _figures }}", "範本不可使用以底線開頭的名稱"),
        ('{{ "x"|safe }}', "範本使用了不允許的篩選器"),
        ("{{ request.user }}", "範本使用了不存在的欄位「request.user」"),
        ("{{ highlights.s1_2.0.objects.all }}", "範本使用了不存在的欄位「highlights.s1_2.0.objects.all」"),
    ],
)
def test_sandbox_refuses_to_reach_beyond_its_data(body, message):
    with pytest.raises(sandbox.SandboxError) as caught:
        render(body)
    assert message in str(caught.value)


def test_sandbox_refuses_model_instances_in_its_context(cast):
    with pytest.raises(sandbox.SandboxError, match="範本的資料只能是文字與數字，不能是 User"):
        sandbox.render("{{ who }}", {"who": cast.admin}, {})


def test_saving_a_template_that_breaks_the_sandbox_keeps_no_version(cast):
    template = domain.ensure_default_template(actor=cast.admin)
    with pytest.raises(sandbox.SandboxError, match="load"):
        domain.save_template_version(template=template, body="{% load static %}", actor=cast.admin)
    assert TemplateVersion.objects.filter(template=template).count() == 1


def test_saving_a_template_keeps_every_version_with_author(cast):
    template = domain.ensure_default_template(actor=None)
    second = domain.save_template_version(template=template, body="= 標題", note="改標題", actor=cast.admin)
    third = domain.save_template_version(template=template, body="= 新標題", actor=cast.admin)
    versions = list(template.versions.order_by("number").values_list("number", "author__username", "note"))
    assert versions == [(1, None, "預設範本"), (2, "admin", "改標題"), (3, "admin", "")]
    assert (second.number, third.number) == (2, 3)
