"""The demo's 110H2 city report against the seed, once the domain apps register every indicator.

On the reports branch alone the domain apps are not there yet and these tests
skip; after the merge they run on the real demo records.
"""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from probity.core.indicators import all_indicators
from probity.core.roc import Period
from probity.org.models import User
from probity.org.scope import Scope
from probity.reports import builder, domain, publication, renderers
from probity.reports.demo import PUBLISHED_UNIT
from probity.reports.models import BuiltReport
from tests.reports.conftest import SEED
from tests.reports.test_builder import odt_text, seed_lines

pytestmark = pytest.mark.skipif(
    not set(SEED) <= {ind.key for ind in all_indicators()},
    reason="the domain apps that register the report's indicators are not merged",
)


def test_demo_110h2_report_holds_every_seed_sentence_and_other_half_years_differ(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    call_command("load_demo", stdout=io.StringIO())
    version = domain.ensure_default_template(actor=None).latest_version
    seed, other = (
        builder.build_document(builder.collect_inputs(version=version, period=Period.parse(code), scope=Scope.city()))
        for code in ("110H2", "111H1")
    )
    markdown = renderers.markdown(seed).decode()
    assert [line for line in seed_lines() if line not in markdown] == []
    odt = "\n".join(odt_text(renderers.odt(seed)))
    assert [line for line in seed_lines() if line not in odt] == []
    assert seed.warnings == ()
    assert {run.key: run.text for run in seed.figures()} != {run.key: run.text for run in other.figures()}

    # The small unit's published report gives the public its two complaints as 「未滿3」, and their split as 「＊」.
    unit_report = BuiltReport.objects.get(unit__name=PUBLISHED_UNIT, period="110H2", published=True)
    public = renderers.markdown(publication.public_document(unit_report)).decode()
    assert "受理檢舉貪瀆不法案件未滿3案，其中具名檢舉＊案，匿名檢舉＊件" in public
    # Its accounts open the dashboard on the half-year its records tell of.
    officer = Client()
    officer.force_login(User.objects.get(username="officer"))
    assert officer.get("/").context["period"] == Period(110, 2)
    # The demo's audit trail ends anchored, and the anchor verifies.
    anchor_file = tmp_path / "audit" / "anchors.txt"
    assert len(anchor_file.read_text(encoding="utf-8").splitlines()) == 1
    call_command("verify_audit_chain", "--anchors", str(anchor_file), stdout=io.StringIO())
