import json

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from probity.audit.models import AuditEvent
from probity.complaints import domain, vault
from probity.complaints.enums import EventKind
from probity.complaints.models import SealedIdentity
from tests.complaints.conftest import IDENTITY, database_text, make_complaint

PLAINTEXTS = [IDENTITY.name, IDENTITY.id_number, IDENTITY.phone, IDENTITY.address, IDENTITY.email]


def test_database_holds_no_plaintext_identity(cast, complaint):
    domain.reveal_identity(complaint, actor=cast.officer, reason="通知檢舉人到案製作筆錄")
    dump = database_text()
    assert SealedIdentity.objects.get(complaint=complaint).ciphertext in dump
    for text in PLAINTEXTS:
        assert text not in dump
        assert json.dumps(text)[1:-1] not in dump  # not even as escaped JSON


def test_uploaded_file_is_stored_under_a_random_name(cast, complaint, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from probity.complaints.uploads import check_upload

    checked = check_upload(SimpleUploadedFile(f"{IDENTITY.name}的檢舉書.pdf", b"%PDF-1.4\nx"))
    domain.add_evidence(complaint, actor=cast.officer, files=[checked], from_complainant=False)
    stored = complaint.attachments.get().file.name
    assert IDENTITY.name not in stored
    assert stored.startswith("complaints/") and stored.endswith(".pdf")


def test_reveal_is_for_assigned_handlers_only(cast, complaint):
    for user in (cast.admin, cast.auditor, cast.outsider, cast.officer_a1):
        with pytest.raises(PermissionDenied):
            domain.reveal_identity(complaint, actor=user, reason="想知道")
    assert domain.reveal_identity(complaint, actor=cast.officer, reason="約談前確認身分") == IDENTITY


def test_reveal_is_audited_without_the_identity(cast, complaint):
    domain.reveal_identity(complaint, actor=cast.officer, reason="約談前確認身分")
    event = AuditEvent.objects.get(verb="complaints.identity.revealed")
    assert event.data == {"reason": "約談前確認身分", "sealed": True}
    assert complaint.events.filter(kind=EventKind.IDENTITY_REVEALED, actor=cast.officer).count() == 1
    audit_text = json.dumps(list(AuditEvent.objects.values_list("data", flat=True)), ensure_ascii=False)
    for text in PLAINTEXTS:
        assert text not in audit_text


def test_unassigned_handler_can_no_longer_reveal(cast, complaint):
    domain.unassign_handler(complaint, actor=cast.admin, handler=cast.officer)
    with pytest.raises(PermissionDenied):
        domain.reveal_identity(complaint, actor=cast.officer, reason="再看一次")


def test_identity_never_prints(cast):
    assert IDENTITY.name not in repr(IDENTITY) and IDENTITY.name not in str(IDENTITY)


def test_key_rotation_rereads_old_rows_and_reseals_them(cast, settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.PROBITY_IDENTITY_KEYS = [old]
    case = make_complaint(cast, identity=IDENTITY)
    domain.assign_handler(case, actor=cast.officer, handler=cast.officer)
    before = SealedIdentity.objects.get(complaint=case).ciphertext

    settings.PROBITY_IDENTITY_KEYS = [new, old]
    assert domain.reveal_identity(case, actor=cast.officer, reason="輪替前") == IDENTITY
    call_command("rotate_identity_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    after = SealedIdentity.objects.get(complaint=case).ciphertext
    assert after != before

    settings.PROBITY_IDENTITY_KEYS = [new]
    assert domain.reveal_identity(case, actor=cast.officer, reason="輪替後") == IDENTITY
    assert AuditEvent.objects.get(verb="complaints.identity.keys_rotated").data == {"resealed": 1, "statements": 0}


def test_identity_sealed_with_a_dropped_key_cannot_be_opened(cast, settings):
    settings.PROBITY_IDENTITY_KEYS = [Fernet.generate_key().decode()]
    ciphertext = vault.seal(IDENTITY)
    settings.PROBITY_IDENTITY_KEYS = [Fernet.generate_key().decode()]
    from cryptography.fernet import InvalidToken

    with pytest.raises(InvalidToken):
        vault.open_sealed(ciphertext)
