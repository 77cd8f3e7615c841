"""The 正確財產資料對照表 of a review: printed from the review, for those who see the declarant."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document as DocxDocument

from probity.declarations import domain
from probity.declarations.enums import Finding, ReviewKind
from probity.declarations.models import Declaration
from tests.declarations.test_reviews import discrepancy

ROLES = ["admin", "officer", "outsider", "auditor", "anonymous"]
READ_OWN = {"admin": 200, "officer": 200, "outsider": 404, "auditor": 200, "anonymous": 302}


@pytest.fixture
def review(cast, world):
    """A drawn review of one of unit A's declarants."""
    declaration = Declaration.objects.filter(filing_year=110, agency=cast.agency_a).first()
    return domain.open_review(actor=None, declaration=declaration, kind=ReviewKind.DRAWN, opened_on=dt.date(2022, 2, 1))


@pytest.fixture
def concluded(review):
    discrepancy(review, amount=500_000)
    domain.add_discrepancy(
        review,
        actor=None,
        kind="under_stated",
        owner="self",
        category="deposit",
        description="臺灣銀行存款應為1,250,000元",
        amount=150_000,
    )
    return domain.transition_review(
        review, "conclude", actor=None, finding=Finding.UNINTENTIONAL, concluded_on=dt.date(2022, 4, 1)
    )


def _url(review, fmt=None):
    if fmt:
        return reverse("reports:printout_download", args=["corrected-asset-table", review.code, fmt])
    return reverse("reports:printout", args=["corrected-asset-table", review.code])


@pytest.mark.parametrize("role", ROLES)
def test_the_table_lists_the_corrected_items(clients, concluded, role):
    response = clients[role].get(_url(concluded))
    assert response.status_code == READ_OWN[role]
    if response.status_code != 200:
        return
    page = response.content.decode()
    name = concluded.declarant.name
    assert f'<h1 class="report-title">{name} 110年度正確財產資料對照表</h1>' in page
    assert '<p class="report-subtitle">審查完畢日：111年4月1日</p>' in page
    assert "<p>審查結果：非故意，附正確資料對照表</p>" in page
    assert (
        "<td>1</td><td>配偶</td><td>保險</td><td>配偶保單未申報</td><td>漏報</td><td class=num>500,000</td>"
    ) in page
    assert (
        "<td>2</td><td>本人</td><td>存款</td><td>臺灣銀行存款應為1,250,000元</td><td>短報</td><td class=num>150,000</td>"
    ) in page


def test_the_docx_holds_the_items_and_the_legal_basis(clients, concluded):
    document = DocxDocument(io.BytesIO(clients["officer"].get(_url(concluded, "docx")).content))
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["項次", "所有人", "財產類別", "正確資料", "原申報情形", "金額（元）"]
    assert rows[1] == ["1", "配偶", "保險", "配偶保單未申報", "漏報", "500,000"]
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert "依公職人員財產申報資料審核及查閱辦法第10條，本對照表附於申報資料，並通知申報人。" in texts


def test_the_review_page_offers_the_table_once_it_has_items(clients, review):
    page = clients["officer"].get(review.get_absolute_url()).content.decode()
    assert 'id="corrected-table"' not in page
    discrepancy(review)
    page = clients["officer"].get(review.get_absolute_url()).content.decode()
    assert f'href="{_url(review)}" id="corrected-table"' in page


def test_the_table_reads_in_english(clients, concluded):
    client = clients["officer"]
    client.cookies["django_language"] = "en"
    page = client.get(_url(concluded)).content.decode()
    assert f"Corrected asset table: {concluded.declarant.name}, 110" in page
    assert "Review concluded on 111/04/01" in page
