"""A risk matrix's words in the reader's language: the default matrix's (and the usual) words are translated on
English pages, a city's own words show as written, and what is stored stays as entered."""

import pytest
from django.urls import reverse

from probity.prevention import domain
from probity.prevention.queries import default_matrix
from tests.prevention.conftest import make_risk


@pytest.fixture
def own_matrix():
    return domain.create_matrix(
        actor=None,
        name="採購 2×2",
        likelihoods=["少見", "常見"],
        impacts=["可承受", "難承受"],
        levels=["低", "高"],
        grid=[[0, 0], [0, 1]],
    )


def _page(client, url, language: str) -> str:
    client.cookies["django_language"] = language
    return client.get(url).content.decode()


def test_the_risk_register_names_the_default_matrix_and_levels_in_english(clients, cast):
    make_risk(cast.agency_a, inherent_likelihood=2, inherent_impact=2, residual_likelihood=0, residual_impact=1)
    url = reverse("prevention:risk_list")
    english = _page(clients["officer"], url, "en")
    assert "<h2>Default 3×3 matrix</h2>" in english
    assert "<td>High risk</td><td>Low risk</td>" in english
    chinese = _page(clients["officer"], url, "zh-hant")
    assert "<h2>預設 3×3 矩陣</h2>" in chinese
    assert "<td>高度風險</td><td>低度風險</td>" in chinese
    matrix = default_matrix()
    assert (matrix.name, matrix.levels) == ("預設 3×3 矩陣", ["低度風險", "中度風險", "高度風險"])


def test_a_risk_states_its_assessment_in_the_pages_language(clients, cast):
    risk = make_risk(cast.agency_a, inherent_likelihood=2, inherent_impact=0)
    english = _page(clients["officer"], risk.get_absolute_url(), "en")
    assert "High (almost certain) × Minor → Medium risk" in english
    chinese = _page(clients["officer"], risk.get_absolute_url(), "zh-hant")
    assert "高（幾乎確定） × 輕微 → 中度風險" in chinese


def test_the_matrix_page_and_the_risk_form_speak_english(clients, cast):
    matrix = default_matrix()
    english = _page(clients["admin"], reverse("prevention:matrix_detail", args=[matrix.code]), "en")
    assert "<h1>Default 3×3 matrix</h1>" in english
    assert "<th>Minor</th><th>Moderate</th><th>Major</th>" in english
    assert '<tr><th>High (almost certain)</th><td class="level-1">Medium risk</td>' in english
    form = _page(clients["officer"], reverse("prevention:risk_create"), "en")
    assert '<option value="2">High (almost certain)</option>' in form


def test_a_citys_own_words_show_as_written(clients, cast, own_matrix):
    make_risk(cast.agency_a, matrix=own_matrix, inherent_likelihood=1, inherent_impact=1)
    english = _page(clients["admin"], reverse("prevention:matrix_list"), "en")
    assert ">採購 2×2</a>" in english
    assert "Low, High" in english  # the usual words of its levels
    detail = _page(clients["admin"], reverse("prevention:matrix_detail", args=[own_matrix.code]), "en")
    assert "<th>可承受</th><th>難承受</th>" in detail
    assert "<tr><th>常見</th>" in detail
