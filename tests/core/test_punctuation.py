"""Punctuation between translated fragments follows the page's language."""

import pytest
from django.template import Context, Template
from django.utils import translation

from tests.complaints.conftest import IDENTITY, make_complaint

SNIPPET = "{% load probity %}甲{% lparen %}乙{% rparen %}{% colon %}丙{% list_sep %}丁{% comma %}戊{% semicolon %}己"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("zh-hant", "甲（乙）：丙、丁，戊；己"), ("en", "甲 (乙): 丙, 丁, 戊; 己")],
)
def test_punctuation_tags_follow_the_language(language, expected):
    with translation.override(language):
        assert Template(SNIPPET).render(Context()) == expected


def test_a_case_page_reads_with_ascii_punctuation_in_english(clients, cast):
    complaint = make_complaint(cast, identity=IDENTITY)
    client = clients["officer"]
    client.cookies["django_language"] = "en"
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert "<dd>Letter (Recorded by ethics officer)</dd>" in page
    client.cookies["django_language"] = "zh-hant"
    assert "<dd>書面信函（政風人員登錄）</dd>" in client.get(complaint.get_absolute_url()).content.decode()
