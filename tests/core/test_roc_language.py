"""ROC dates read in the page's language; stored text and the official report keep the Chinese forms."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from probity.core import roc
from probity.core.forms import PeriodField
from probity.core.language import language_of_record

FILTERS = Template(
    "{% load probity %}{{ day|roc_date }}|{{ day|roc_slash }}|{{ month|roc_month }}|{{ day|roc_month }}|"
    "{{ period|period_label }}|{{ code|period_label }}"
)
CONTEXT = {"day": dt.date(2021, 7, 1), "month": "2021-12", "period": roc.Period(110, 2), "code": "111H1"}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh-hant", "110年7月1日|110/07/01|110年12月|110年7月|110年下半年|111年上半年"),
        ("en", "110/07/01|110/07/01|110/12|110/07|ROC 110 H2 (2021)|ROC 111 H1 (2022)"),
    ],
)
def test_the_filters_write_roc_dates_in_the_pages_language(language, expected):
    with translation.override(language):
        assert FILTERS.render(Context(CONTEXT)) == expected


def test_period_choices_are_read_in_each_requests_language():
    field = PeriodField()  # built once, as a form class's field is
    current = roc.Period.current()
    with translation.override("en"):
        assert [str(label) for _code, label in field.choices[1:3]] == [current.label_en, current.previous().label_en]
    with translation.override("zh-hant"):
        assert [str(label) for _code, label in field.choices[1:3]] == [current.label, current.previous().label]


def test_text_kept_in_a_record_stays_chinese_under_an_english_page():
    with translation.override("en"), language_of_record():
        assert FILTERS.render(Context(CONTEXT)).startswith("110年7月1日|")
    assert roc.format_month("2021-12") == "110年12月"  # the stored and reported form, whatever the page


def test_the_dashboard_in_english_names_the_half_year_in_english(clients):
    client = clients["officer"]
    client.cookies["django_language"] = "en"
    page = client.get("/", {"period": "110H2"}).content.decode()
    assert '<option value="110H2" selected>ROC 110 H2 (2021)</option>' in page
    assert "110年下半年" not in page
