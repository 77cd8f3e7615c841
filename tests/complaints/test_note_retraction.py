"""An internal note written by mistake is retracted by its author with a reason, never deleted: it stays on the
case, struck through. Replies to the complainant and the complainant's messages cannot be withdrawn."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from probity.audit.models import AuditEvent
from probity.complaints import domain
from probity.complaints.enums import EventKind, MessageKind
from probity.complaints.models import Message

ROLES = ["admin", "officer", "outsider", "auditor", "anonymous"]


@pytest.fixture
def note(cast, complaint):
    return domain.post_message(complaint, actor=cast.officer, body="誤植：此為他案之查證結果", kind=MessageKind.NOTE)


def _url(note):
    return reverse("complaints:message_retract", args=[note.complaint.code, note.code])


def test_the_author_retracts_a_note_which_stays_with_the_reason(cast, note):
    domain.retract_note(note, actor=cast.officer, reason="誤植他案")
    note.refresh_from_db()
    assert (note.body, note.is_retracted, note.retraction_reason) == ("誤植：此為他案之查證結果", True, "誤植他案")
    assert AuditEvent.objects.get(verb="complaints.message.retracted").data == {
        "message": str(note.code),
        "reason": "誤植他案",
    }
    assert [e.detail for e in note.complaint.events.filter(kind=EventKind.NOTE_RETRACTED)] == ["誤植他案"]


def test_only_the_author_retracts_and_only_once_with_a_reason(cast, note):
    with pytest.raises(PermissionDenied):
        domain.retract_note(note, actor=cast.admin, reason="不是作者")
    with pytest.raises(ValidationError) as raised:
        domain.retract_note(note, actor=cast.officer, reason="  ")
    assert raised.value.messages == ["請說明撤回理由。"]
    domain.retract_note(note, actor=cast.officer, reason="誤植他案")
    with pytest.raises(ValidationError) as raised:
        domain.retract_note(note, actor=cast.officer, reason="再撤一次")
    assert raised.value.messages == ["此註記已撤回。"]


@pytest.mark.parametrize("kind", [MessageKind.REPLY, MessageKind.FROM_COMPLAINANT])
def test_what_the_complainant_saw_or_wrote_cannot_be_withdrawn(cast, complaint, kind):
    actor = cast.officer if kind == MessageKind.REPLY else None
    message = domain.post_message(complaint, actor=actor, body="已受理", kind=kind)
    with pytest.raises(ValidationError) as raised:
        domain.retract_note(message, actor=cast.officer, reason="撤回")
    assert raised.value.messages == ["只有內部註記可以撤回；與檢舉人往來的訊息不能撤回。"]


@pytest.mark.parametrize("role", ROLES)
def test_retracting_from_the_page_per_role(clients, note, role):
    response = clients[role].post(_url(note), {"reason": "誤植他案"})
    expected = {"admin": 403, "officer": 302, "outsider": 404, "auditor": 403, "anonymous": 302}[role]
    assert response.status_code == expected
    note.refresh_from_db()
    assert note.is_retracted == (role == "officer")  # only the author: the administrator is refused


def test_the_case_page_strikes_a_retracted_note_through_and_offers_retraction_to_its_author_only(clients, cast, note):
    page = clients["officer"].get(note.complaint.get_absolute_url()).content.decode()
    assert _url(note) in page
    assert _url(note) not in clients["admin"].get(note.complaint.get_absolute_url()).content.decode()
    response = clients["officer"].post(_url(note), {"reason": "誤植他案"}, follow=True)
    page = response.content.decode()
    assert "已撤回內部註記。" in page
    assert "<del>誤植：此為他案之查證結果</del>" in page
    assert "撤回：誤植他案" in page
    assert _url(note) not in page


def test_a_message_of_another_case_is_404(clients, cast, note):
    from tests.complaints.conftest import make_complaint

    other = make_complaint(cast, summary="另一案")
    url = reverse("complaints:message_retract", args=[other.code, note.code])
    assert clients["officer"].post(url, {"reason": "x"}).status_code == 404
    assert not Message.objects.get(pk=note.pk).is_retracted
