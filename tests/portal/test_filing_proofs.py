"""Filing proofs (收件證明): signed at filing, naming no one, stored nowhere, checkable by anyone on the portal,
refused when altered, signed by another key or cut short, and bound to the complaint's own text."""

import base64
import datetime as dt
import html
import re
import secrets

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from probity.complaints import proofs
from probity.complaints.models import Complaint
from tests.complaints.conftest import database_text
from tests.portal.test_complaints import _form

NEW = reverse("portal:complaints:new")
CHECK = reverse("portal:complaints:proof_check")
DOWNLOAD = reverse("portal:complaints:proof_download")
WHEN = dt.datetime(2026, 11, 29, 1, 45, 12, 345678, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _issued(summary="甲局工程驗收不實", narrative="承辦人未到場即簽署驗收紀錄。") -> str:
    return proofs.issue(summary=summary, narrative=narrative, received_at=WHEN)


def _field(proof: str, name: str) -> str:
    return re.search(rf"^{name}: (.+)$", proof, re.M).group(1)


def test_a_proof_names_the_time_and_commits_to_the_text(settings):
    proof = _issued()
    lines = proof.splitlines()
    assert lines[0] == "probity-filing-proof/1"
    assert [line.split(": ")[0] for line in lines[1:]] == ["received-at", "content-sha256", "nonce", "key", "signature"]
    assert _field(proof, "received-at") == "2026-11-29T09:45:12+08:00"  # Taipei time, to the second
    checked = proofs.verify(proof)
    assert checked.received_at == dt.datetime(2026, 11, 29, 9, 45, 12, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert checked.covers("甲局工程驗收不實", "承辦人未到場即簽署驗收紀錄。")
    assert checked.covers(" 甲局工程驗收不實 ", "承辦人未到場即簽署驗收紀錄。\r\n")  # as a browser sends it back
    assert not checked.covers("甲局工程驗收不實", "承辦人未到場即簽署驗收紀錄")
    assert _issued() != proof  # a fresh nonce each time: the digest reveals nothing of a guessed text


@pytest.mark.parametrize(
    ("alter", "message"),
    [
        (lambda p: p.replace("09:45:12", "09:45:13"), "簽章不符"),
        (lambda p: p.replace(_field(p, "content-sha256"), "0" * 64), "簽章不符"),
        (lambda p: p.replace("probity-filing-proof/1", "probity-filing-proof/2"), "第一行應為 probity-filing-proof/1"),
        (lambda p: "\n".join(p.splitlines()[:-1]), "收件證明不完整或多出內容"),
        (lambda p: p + "note: added\n", "收件證明不完整或多出內容"),
        (lambda p: p.replace(_field(p, "signature"), "not base64!"), "簽章不符"),
        (lambda p: p + "x" * 2000, "收件證明過長"),
    ],
)
def test_an_altered_proof_is_refused(alter, message):
    with pytest.raises(proofs.ProofError, match=message):
        proofs.verify(alter(_issued()))


def test_a_proof_of_another_key_is_refused_until_its_key_is_listed(settings):
    proof = _issued()
    old_public = base64.b64encode(
        Ed25519PrivateKey.from_private_bytes(base64.b64decode(settings.PROBITY_FILING_PROOF_KEY))
        .public_key()
        .public_bytes(Encoding.Raw, PublicFormat.Raw)
    ).decode()
    settings.PROBITY_FILING_PROOF_KEY = base64.b64encode(secrets.token_bytes(32)).decode()
    with pytest.raises(proofs.ProofError, match="收件證明的金鑰不是本平臺的簽章金鑰"):
        proofs.verify(proof)
    settings.PROBITY_FILING_PROOF_OLD_KEYS = [old_public]
    assert proofs.verify(proof).received_at.year == 2026


def test_filing_gives_a_proof_that_names_no_one_and_is_stored_nowhere(cast):
    client = Client()
    response = client.post(NEW, _form(cast, identity_name="王小明", identity_id_number="A123456789"))
    page = response.content.decode()
    code = re.search(r'id="receipt-code">([\d ]+)<', page).group(1).replace(" ", "")
    proof = html.unescape(re.search(r'id="filing-proof"[^>]*>([^<]+)</textarea>', page).group(1))
    complaint = Complaint.objects.get()
    checked = proofs.verify(proof)
    assert checked.covers(_form(cast)["summary"], _form(cast)["narrative"])
    assert checked.received_at == complaint.created_at.replace(microsecond=0)
    for secret in (code, complaint.number, "王小明", "A123456789", str(complaint.code)):
        assert secret not in proof
    assert _field(proof, "nonce") not in database_text()
    assert _field(proof, "signature") not in database_text()


def test_anyone_checks_a_proof_and_its_text_on_the_portal(cast):
    proof = _issued()
    response = Client().post(CHECK, {"proof": proof})
    page = response.content.decode()
    assert response.status_code == 200
    assert "簽章有效：這份收件證明由本平臺簽發，內容未經更動。" in page
    assert "收件時間：115/11/29 09:45" in page
    assert 'id="content-matches"' not in page and 'id="content-differs"' not in page
    matched = Client().post(
        CHECK, {"proof": proof, "summary": "甲局工程驗收不實", "narrative": "承辦人未到場即簽署驗收紀錄。"}
    )
    assert 'id="content-matches"' in matched.content.decode()
    differs = Client().post(CHECK, {"proof": proof, "summary": "甲局工程驗收不實", "narrative": "別的內容"})
    assert 'id="content-differs"' in differs.content.decode()
    assert "-----BEGIN PUBLIC KEY-----" in Client().get(CHECK).content.decode()


def test_the_check_explains_a_refusal_in_the_pages_language(cast):
    tampered = _issued().replace("09:45:12", "09:45:13")
    response = Client().post(CHECK, {"proof": tampered})
    assert response.status_code == 400
    assert "簽章不符：收件證明的內容已被更動，或不是本平臺簽發。" in response.content.decode()
    english = Client()
    english.cookies["django_language"] = "en"
    page = english.post(CHECK, {"proof": tampered}).content.decode()
    assert "The signature does not match: the proof was altered, or this platform did not issue it." in page


def test_only_a_signed_proof_is_sent_back_as_a_file(cast):
    proof = _issued()
    response = Client().post(DOWNLOAD, {"proof": proof.replace("\n", "\r\n")})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="filing-proof-20261129-094512.txt"'
    assert response["Cache-Control"] == "no-store"
    assert response.content.decode() == proof
    padded = Client().post(DOWNLOAD, {"proof": f"\n\n{proof}  \n"})
    assert padded.content.decode() == proof  # the proof itself, as issued
    forged = Client().post(DOWNLOAD, {"proof": "<script>alert(1)</script>"})
    assert forged.status_code == 400
    assert "<script>alert(1)</script>" not in forged.content.decode()
