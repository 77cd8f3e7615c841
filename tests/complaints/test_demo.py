"""The demo's complaints: three cases of the demo officer's unit under a protection watch."""

import pytest
from django.core.management import call_command

from probity.complaints import domain
from probity.complaints.enums import ProtectionResult
from probity.complaints.models import ProtectionWatch


@pytest.fixture
def demo(db):
    call_command("load_demo", "--only", "org")
    call_command("load_demo", "--only", "complaints")


def test_the_demo_puts_three_cases_under_protection_one_due_one_ended_one_with_a_concern(demo):
    watches = list(ProtectionWatch.objects.select_related("complaint__unit").order_by("opened_on"))
    assert len(watches) == 3
    assert {watch.complaint.unit.name for watch in watches} <= {unit.name for unit in _officer_units()}
    today = domain._today()
    due = [w for w in watches if w.next_check_on and w.next_check_on <= today]
    ended = [w for w in watches if w.ended_on]
    concerned = [w for w in watches if w.checks.filter(result=ProtectionResult.ADVERSE_MEASURE).exists()]
    assert (len(due), len(ended), len(concerned)) == (2, 1, 1)  # the open case and the concern are due
    (ended_watch,) = ended
    closed_on = ended_watch.complaint.closed_on
    assert (ended_watch.ended_on - closed_on).days >= 365
    assert not ended_watch.checks.exclude(result=ProtectionResult.NONE).exists()


def test_loading_the_demo_again_adds_no_watch(demo):
    call_command("load_demo", "--only", "complaints")
    assert ProtectionWatch.objects.count() == 3


def _officer_units():
    from probity.org.models import EthicsUnit, User

    officer = User.objects.get(username="officer")
    return EthicsUnit.objects.filter(path__startswith=officer.unit.path)


def test_the_demo_officers_first_open_case_prompts_a_recusal_and_loads_once(demo):
    from probity.complaints import queries
    from probity.complaints.models import Assignment
    from probity.declarations.models import Declarant
    from probity.org.models import User

    call_command("load_demo", "--only", "complaints-ties")
    call_command("load_demo", "--only", "complaints-ties")
    officer = User.objects.get(username="officer")
    (tied,) = Declarant.objects.filter(spouse_name=officer.full_name)
    case = (
        Assignment.objects.filter(handler=officer, is_active=True, complaint__status="investigating")
        .order_by("complaint__received_on", "id")
        .first()
        .complaint
    )
    assert [(c.user, c.subject.name) for c in queries.possible_conflicts(case, [officer])] == [(officer, tied.name)]
