"""Every view against the permission cast; the main forms end to end; no N+1 on lists."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation

from probity.declarations import domain
from probity.declarations.enums import AssetCategory, DrawState, ReviewKind
from probity.declarations.models import ComparisonRun, Declarant, Declaration, Draw, Review
from tests.declarations.conftest import make_declarant, make_declaration

ROLES = ["admin", "officer", "outsider", "auditor", "anonymous"]


def status_of(clients, role, url, method="get"):
    return getattr(clients[role], method)(url).status_code


LISTS = [
    "declarations:declarant_list",
    "declarations:due_list",
    "declarations:declaration_list",
    "declarations:policy_list",
    "declarations:draw_list",
    "declarations:review_list",
    "declarations:comparison_list",
]


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize(
    ("role", "expected"), [("admin", 200), ("officer", 200), ("outsider", 200), ("auditor", 200), ("anonymous", 302)]
)
def test_lists_for_each_role(clients, objects, name, role, expected):
    assert status_of(clients, role, reverse(name)) == expected


DETAILS = [
    ("declarations:declarant_detail", "declarant"),
    ("declarations:declaration_detail", "declaration"),
    ("declarations:draw_detail", "draw"),
    ("declarations:review_detail", "review"),
    ("declarations:comparison_detail", "run"),
    ("declarations:comparison_chart", "run"),
]


@pytest.mark.parametrize(("name", "key"), DETAILS)
@pytest.mark.parametrize(
    ("role", "expected"), [("admin", 200), ("officer", 200), ("outsider", 404), ("auditor", 200), ("anonymous", 302)]
)
def test_details_for_each_role(clients, objects, name, key, role, expected):
    assert status_of(clients, role, reverse(name, args=[objects[key].code])) == expected


WRITES_GET = [
    ("declarations:declarant_edit", "declarant"),
    ("declarations:declaration_create", "declarant"),
    ("declarations:item_create", "declaration"),
    ("declarations:formal_check", "declaration"),
    ("declarations:case_review_create", "declaration"),
]


@pytest.mark.parametrize(("name", "key"), WRITES_GET)
@pytest.mark.parametrize(
    ("role", "expected"), [("admin", 200), ("officer", 200), ("outsider", 404), ("auditor", 403), ("anonymous", 302)]
)
def test_write_forms_for_each_role(clients, objects, name, key, role, expected):
    assert status_of(clients, role, reverse(name, args=[objects[key].code])) == expected


@pytest.mark.parametrize("step", ["retrieval", "discrepancy", "request", "explanation", "conclude", "fine"])
@pytest.mark.parametrize(
    ("role", "expected"), [("admin", 200), ("officer", 200), ("outsider", 404), ("auditor", 403), ("anonymous", 302)]
)
def test_review_steps_for_each_role(clients, objects, step, role, expected):
    assert (
        status_of(clients, role, reverse("declarations:review_step", args=[objects["review"].code, step])) == expected
    )


@pytest.mark.parametrize(
    ("role", "expected"), [("admin", 200), ("officer", 200), ("outsider", 200), ("auditor", 403), ("anonymous", 302)]
)
def test_declarant_create_for_each_role(clients, objects, role, expected):
    assert status_of(clients, role, reverse("declarations:declarant_create")) == expected


@pytest.mark.parametrize("name", ["declarations:policy_edit", "declarations:draw_prepare"])
@pytest.mark.parametrize(
    ("role", "expected"), [("admin", 200), ("officer", 403), ("outsider", 403), ("auditor", 403), ("anonymous", 302)]
)
def test_central_pages_for_each_role(clients, objects, name, role, expected):
    assert status_of(clients, role, reverse(name)) == expected


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("declarations:draw_compare", "draw"),
        ("declarations:declarant_compare", "declarant"),
        ("declarations:draw_publish", "draw"),
    ],
)
@pytest.mark.parametrize(("role", "expected"), [("outsider", 404), ("auditor", 403), ("anonymous", 302)])
def test_posts_refused_for_each_role(clients, objects, name, key, role, expected):
    assert status_of(clients, role, reverse(name, args=[objects[key].code]), "post") == expected


@pytest.mark.parametrize(("role", "expected"), [("outsider", 404), ("auditor", 403), ("anonymous", 302)])
def test_draw_run_refused_for_each_role(clients, cast, draws, role, expected):
    draw = next(d for d in draws if d.unit == cast.unit_a)
    assert status_of(clients, role, reverse("declarations:draw_run", args=[draw.code])) == expected


def test_officer_publishes_and_runs_a_draw_through_the_pages(clients, cast, draws):
    draw = next(d for d in draws if d.unit == cast.unit_a)
    client = clients["officer"]
    assert client.post(reverse("declarations:draw_publish", args=[draw.code])).status_code == 302
    response = client.post(reverse("declarations:draw_run", args=[draw.code]), {"source_0": "35, 27 19 11 3"})
    assert response.status_code == 302
    draw.refresh_from_db()
    assert (draw.state, draw.key) == (DrawState.DRAWN, "3.11.19.27.35./")
    compare = client.post(reverse("declarations:draw_compare", args=[draw.code]))
    assert compare.status_code == 302
    assert ComparisonRun.objects.get().compared == 1


def test_draw_run_form_rejects_non_numbers(clients, cast, draws):
    draw = domain.publish_draw(next(d for d in draws if d.unit == cast.unit_a), actor=None)
    response = clients["officer"].post(reverse("declarations:draw_run", args=[draw.code]), {"source_0": "3 x"})
    assert response.status_code == 200
    assert Draw.objects.get(pk=draw.pk).state == DrawState.PUBLISHED


def test_officer_creates_declarant_and_declaration(clients, cast):
    response = clients["officer"].post(
        reverse("declarations:declarant_create"),
        {
            "name": "王大明",
            "id_number": "E123456789",
            "agency": cast.agency_a.pk,
            "position": "科長",
            "category": "12",
            "spouse_name": "林美玉",
            "spouse_id_number": "e223456789",
            "minor_children": "王小明（E134567890）、王小華",
        },
    )
    declarant = Declarant.objects.get(name="王大明")
    assert response.status_code == 302
    assert (declarant.unit, declarant.spouse_id_number, declarant.minor_children) == (
        cast.unit_a,
        "E223456789",
        [{"name": "王小明", "id_number": "E134567890"}, {"name": "王小華", "id_number": ""}],
    )
    page = clients["officer"].get(declarant.get_absolute_url()).content.decode()
    assert "配偶 林美玉（E******789）、子女 王小明（E******890）、子女 王小華" in page
    assert "E223456789" not in page and "E134567890" not in page
    edit = clients["officer"].get(reverse("declarations:declarant_edit", args=[declarant.code])).content.decode()
    assert 'value="王小明（E134567890）、王小華"' in edit
    response = clients["officer"].post(
        reverse("declarations:declaration_create", args=[declarant.code]),
        {
            "kind": "annual",
            "filing_year": 110,
            "declared_on": "110/11/01",
            "submitted_on": "110/12/01",
            "consented": "on",
            "household_salary": "1500000",
        },
    )
    assert response.status_code == 302
    declaration = Declaration.objects.get(declarant=declarant)
    response = clients["officer"].post(
        reverse("declarations:item_create", args=[declaration.code]),
        {"owner": "self", "category": "land", "identifier": "苓雅區1地號", "value": "3000000"},
    )
    assert response.status_code == 302
    assert declaration.items.get().ident_key == "苓雅區1地號"


def test_review_step_deadline_under_a_month_is_refused(clients, objects):
    review = objects["review"]
    response = clients["officer"].post(
        reverse("declarations:review_step", args=[review.code, "request"]),
        {"requested_on": "111/03/01", "due_on": "111/03/20"},
    )
    assert response.status_code == 200
    assert Review.objects.get(pk=review.pk).explanation_due_on is None


def test_case_review_through_the_page(clients, objects):
    response = clients["officer"].post(
        reverse("declarations:case_review_create", args=[objects["declaration"].code]),
        {"complaint_ref": "111廉字第9號", "opened_on": "111/02/01"},
    )
    assert response.status_code == 302
    assert Review.objects.get(kind=ReviewKind.CASE).complaint_ref == "111廉字第9號"


def test_outsider_lists_exclude_unit_a(clients, objects):
    response = clients["outsider"].get(reverse("declarations:declarant_list"))
    assert objects["declarant"].name not in response.content.decode()


def test_declarant_export_has_no_id_numbers(clients, objects):
    response = clients["officer"].get(reverse("declarations:declarant_list") + "?format=csv")
    body = response.getvalue().decode("utf-8-sig")
    assert objects["declarant"].name in body
    assert objects["declarant"].id_number not in body


def test_due_list_shows_late_on_taking_office(clients, cast):
    declarant = make_declarant(cast.agency_a, 77, took_office_on=dt.date(2022, 1, 10))
    response = clients["officer"].get(reverse("declarations:due_list") + "?today=111/05/01&late_only=on")
    assert declarant.name in response.content.decode()
    make_declaration(declarant, 111, kind="on_taking_office", declared_on=dt.date(2022, 3, 1))
    response = clients["officer"].get(reverse("declarations:due_list") + "?today=111/05/01&late_only=on")
    assert declarant.name not in response.content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "declarations:declarant_list",
        "declarations:declaration_list",
        "declarations:review_list",
        "declarations:draw_list",
    ],
)
def test_lists_have_no_n_plus_one(clients, cast, policy, django_assert_num_queries, name):
    def build(count, start):
        for number in range(start, start + count):
            declarant = make_declarant(cast.agency_a, number)
            declaration = make_declaration(declarant, 110)
            domain.open_review(
                actor=None, declaration=declaration, kind=ReviewKind.DRAWN, opened_on=dt.date(2022, 2, 1)
            )

    client = clients["officer"]
    build(1, 500)
    client.get(reverse(name))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse(name))
    build(2, 600)
    with django_assert_num_queries(len(one)):
        client.get(reverse(name))


def test_officer_compares_a_whole_draw_pool(clients, objects):
    response = clients["officer"].post(
        reverse("declarations:draw_compare", args=[objects["draw"].code]), {"scope": "pool"}
    )
    run = ComparisonRun.objects.order_by("-created_at").first()
    assert response.status_code == 302
    assert (run.compared, run.draw) == (15, objects["draw"])
    page = clients["officer"].get(run.get_absolute_url() + "?all=1")
    assert "各類增減" in page.content.decode()


def test_declaration_page_shows_threshold_check_per_owner_and_category(clients, cast, policy):
    declarant = make_declarant(cast.agency_a, 900)
    declaration = make_declaration(
        declarant,
        110,
        items=[
            {"owner": "self", "category": "deposit", "identifier": "臺灣銀行", "value": 900_000},
            {"owner": "spouse", "category": "deposit", "identifier": "高雄銀行", "value": 1_100_000},
            {"owner": "self", "category": "land", "identifier": "苓雅區1地號", "value": 1},
        ],
    )
    body = clients["officer"].get(declaration.get_absolute_url()).content.decode()
    assert body.count("未達申報標準，得免申報") == 1
    assert body.count("達申報標準</span>") == 1
    assert body.count("不論價額均應申報") == 1
    assert "配偶" in body


def test_a_review_page_reads_in_english(clients, objects):
    review = objects["review"]
    client = clients["officer"]
    client.cookies["django_language"] = "en"
    page = client.get(reverse("declarations:review_detail", args=[review.code])).content.decode()
    year = review.declaration.filing_year
    with translation.override("en"):
        kind = review.get_kind_display()
    assert f"<h1>{kind} of {review.declarant.name}, filing year {year}</h1>" in page
    steps = reverse("declarations:review_step", args=[review.code, "retrieval"])
    assert f'href="{steps}">Data retrieved</a>' in page
    client.cookies["django_language"] = "zh-hant"
    page = client.get(reverse("declarations:review_detail", args=[review.code])).content.decode()
    assert f"<h1>{review.declarant.name} {year}年度" in page
    assert f'href="{steps}">查調資料</a>' in page


def _pool_compared_in_english(clients, objects):
    """The officer compares the whole pool of unit A's draw, then reads in English."""
    clients["officer"].post(reverse("declarations:draw_compare", args=[objects["draw"].code]), {"scope": "pool"})
    client = clients["officer"]
    client.cookies["django_language"] = "en"
    return ComparisonRun.objects.order_by("-created_at").first(), client


def test_a_comparison_reads_in_english_with_its_category_names(clients, objects):
    run, client = _pool_compared_in_english(clients, objects)
    page = client.get(run.get_absolute_url() + "?all=1").content.decode()
    assert f"<h1>{run.title} (109→110)</h1>" in page
    changes = re.findall(r"Changes by category:(.*?)</small>", page)
    assert changes
    named = {name for line in changes for name in re.findall(r"(?:^\s*|; )([^;+\-\d]+?) [+\-]?\d", line)}
    with translation.override("en"):
        english = {str(label) for label in AssetCategory.labels} | {"Jewellery, antiques and art"}
    assert named and named <= english


def test_a_declaration_page_reads_in_english(clients, cast, policy):
    declarant = make_declarant(cast.agency_a, 900)
    declaration = make_declaration(
        declarant, 110, items=[{"owner": "self", "category": "valuable", "identifier": "玉鐲", "value": 300_000}]
    )
    client = clients["officer"]
    client.cookies["django_language"] = "en"
    page = client.get(declaration.get_absolute_url()).content.decode()
    assert "<td>Jewellery, antiques and art</td>" in page
    assert "<dt>Consent to data retrieval</dt><dd>Consented</dd>" in page
    assert "<dt>Annual salary income (declarant, spouse and minor children)</dt><dd>NT$1,200,000</dd>" in page


def test_the_comparison_chart_reads_in_the_readers_language_with_whole_counts(clients, objects):
    run, client = _pool_compared_in_english(clients, objects)
    svg = client.get(reverse("declarations:comparison_chart", args=[run.code])).content.decode()
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    for label in ("Declarants per anomaly", "Increase above salary", "Assets vanished", "Risk score"):
        assert label in texts
    assert not [text for text in texts if re.search(r"[\u4e00-\u9fff]", text)]
    assert not [text for text in texts if re.fullmatch(r"\d+\.5", text)]  # no tick at half a declarant
    client.cookies["django_language"] = "zh-hant"
    svg = client.get(reverse("declarations:comparison_chart", args=[run.code])).content.decode()
    assert "異常態樣人數" in re.findall(r"<text[^>]*>([^<]*)</text>", svg)
