import datetime as dt

from probity.core.roc import Period
from probity.org.scope import Scope
from probity.prevention import charts, domain
from probity.prevention.models import Risk
from probity.prevention.queries import default_matrix, education_highlights
from tests.prevention.conftest import make_risk


def _highlight(agency, day, title, section="1-2-2", order=0):
    return domain.create_highlight(
        actor=None, agency=agency, title=title, held_on=day, section=section, narrative=f"{title}敘述", sort_order=order
    )


def test_education_highlights_of_a_period_and_scope_in_report_order(cast):
    _highlight(cast.agency_a, dt.date(2021, 6, 30), "上半年")
    later = _highlight(cast.agency_a, dt.date(2021, 12, 31), "年底", order=2)
    first = _highlight(cast.agency_a, dt.date(2021, 7, 1), "首日", order=1)
    students = _highlight(cast.agency_a, dt.date(2021, 8, 1), "小市長", section="1-2-3")
    other = _highlight(cast.agency_b, dt.date(2021, 8, 1), "乙局")
    h2 = Period(110, 2)
    assert list(education_highlights(h2, Scope(cast.unit_a))) == [first, later, students]
    assert list(education_highlights(h2, Scope(cast.unit_b))) == [other]
    assert len(education_highlights(h2, Scope.city())) == 4


def test_heatmap_counts_residual_falling_back_to_inherent(cast):
    make_risk(
        cast.agency_a, title="一", inherent_likelihood=2, inherent_impact=2, residual_likelihood=0, residual_impact=1
    )
    make_risk(cast.agency_a, title="二", inherent_likelihood=2, inherent_impact=2)
    risks = list(Risk.objects.all())
    assert charts.cell_counts(risks, residual=True) == {(0, 1): 1, (2, 2): 1}
    assert charts.cell_counts(risks, residual=False) == {(2, 2): 2}
    svg = charts.heatmap_svg(default_matrix(), charts.cell_counts(risks, residual=True), title="殘餘風險分布")
    assert svg.startswith(b"<?xml") and b"<svg" in svg


def test_the_heatmaps_axes_read_in_the_pages_language(cast):
    """The axes are the only words the chart writes itself (the matrix's levels are its own data): with no title,
    the drawing changes with the language only through them."""
    from django.utils import translation

    counts = charts.cell_counts([], residual=True)
    with translation.override("zh-hant"):
        chinese = charts.heatmap_svg(default_matrix(), counts)
    with translation.override("en"):
        english = charts.heatmap_svg(default_matrix(), counts)
        assert (translation.gettext("影響程度"), translation.gettext("可能性")) == ("Impact", "Likelihood")
    assert chinese != english
