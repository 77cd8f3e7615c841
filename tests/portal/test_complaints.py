import re

import pytest
import redis
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from probity.complaints import domain, receipts
from probity.complaints.enums import MessageKind, Origin
from probity.complaints.models import Attachment, Complaint, Message
from probity.portal.complaints import throttle
from tests.complaints.conftest import database_text
from tests.conftest import REDIS_TEST_URL

NEW = reverse("portal:complaints:new")
FOLLOW = reverse("portal:complaints:follow")
CASE = reverse("portal:complaints:case")
SCRIPT = "<script>alert('x')</script>"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _form(cast, **changes):
    data = {
        "agency": cast.agency_a.pk,
        "categories": ["procurement"],
        "summary": "甲局工程驗收不實",
        "narrative": "110年8月甲局道路工程驗收時，承辦人未到場即簽署驗收紀錄。",
        "subject_name": "",
        "subject_title": "",
    }
    data.update(changes)
    return data


def _submit(client, cast, **changes):
    response = client.post(NEW, _form(cast, **changes))
    match = re.search(r'id="receipt-code">([\d ]+)<', response.content.decode())
    return response, (match.group(1).replace(" ", "") if match else None)


def _dump() -> str:
    return database_text()


def test_portal_form_needs_no_login(cast):
    response = Client().get(NEW)
    assert response.status_code == 200
    assert "檢舉貪瀆不法" in response.content.decode()


def test_anonymous_submission_with_attachment_gives_a_receipt_code_shown_once(cast):
    client = Client()
    pdf = SimpleUploadedFile("evidence.pdf", b"%PDF-1.4\n1 0 obj\n", content_type="application/pdf")
    response, code = _submit(client, cast, attachments=[pdf])
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert re.fullmatch(r"\d{16}", code)
    complaint = Complaint.objects.get()
    assert (complaint.origin, complaint.is_anonymous, complaint.unit) == (Origin.PORTAL, True, cast.unit_a)
    assert complaint.attachments.get().from_complainant is True
    assert complaint.receipt_hash.startswith("scrypt$")
    assert code not in _dump()
    assert code not in client.get(FOLLOW).content.decode()


def test_named_submission_seals_the_identity(cast):
    response, _code = _submit(Client(), cast, identity_name="匿名不了的王先生", identity_phone="07-1234567")
    complaint = Complaint.objects.get()
    assert complaint.is_anonymous is False
    assert hasattr(complaint, "sealed_identity")
    dump = _dump()
    assert "匿名不了的王先生" not in dump and "07-1234567" not in dump


def test_no_address_or_browser_is_stored(cast):
    client = Client(REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="UniqueAgent/9.9 (probe)")
    _response, code = _submit(client, cast)
    client.post(FOLLOW, {"code": code})
    client.post(reverse("portal:complaints:message"), {"body": "補充說明"})
    dump = _dump()
    assert "203.0.113.77" not in dump
    assert "UniqueAgent" not in dump


def test_code_opens_the_case_with_replies_but_not_internal_notes(cast):
    client = Client()
    _response, code = _submit(client, cast)
    complaint = Complaint.objects.get()
    domain.post_message(complaint, actor=cast.officer, body="本室已受理，將依法查處。", kind=MessageKind.REPLY)
    domain.post_message(complaint, actor=cast.officer, body="內部：疑似與前案同一人", kind=MessageKind.NOTE)
    response = client.post(FOLLOW, {"code": " ".join(code[i : i + 4] for i in range(0, 16, 4))})
    assert response.status_code == 302 and response["Location"] == CASE
    page = client.get(CASE).content.decode()
    assert "本室已受理，將依法查處。" in page
    assert "疑似與前案同一人" not in page
    assert "已收件，待分案" in page


def test_wrong_code_is_refused(cast):
    client = Client()
    _response, code = _submit(client, cast)
    wrong = code[:8] + ("0" if code[8] != "0" else "1") + code[9:]
    response = client.post(FOLLOW, {"code": wrong})
    assert response.status_code == 400
    assert "收件碼不正確" in response.content.decode()
    assert client.get(CASE)["Location"] == FOLLOW


def test_receipt_lookup_reads_only_rows_sharing_the_prefix(cast):
    code = "1234567812345678"
    assert receipts.index_of(code) == receipts.index_of("1234567899999999")
    assert receipts.index_of(code) != receipts.index_of("1234567912345678")
    assert receipts.verify(code, receipts.slow_hash(code))
    assert not receipts.verify("1234567812345679", receipts.slow_hash(code))


def test_complainant_writes_messages_and_adds_evidence(cast):
    client = Client()
    _response, code = _submit(client, cast)
    client.post(FOLLOW, {"code": code})
    assert client.post(reverse("portal:complaints:message"), {"body": "我另有照片"}).status_code == 302
    png = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    assert client.post(reverse("portal:complaints:evidence"), {"files": [png]}).status_code == 302
    complaint = Complaint.objects.get()
    assert Message.objects.get(complaint=complaint).kind == MessageKind.FROM_COMPLAINANT
    assert complaint.attachments.filter(from_complainant=True, content_type="image/png").count() == 1


def test_leaving_forgets_the_case(cast):
    client = Client()
    _response, code = _submit(client, cast)
    client.post(FOLLOW, {"code": code})
    client.post(reverse("portal:complaints:leave"))
    assert client.get(CASE)["Location"] == FOLLOW


def test_script_in_every_text_field_is_escaped_everywhere(cast, clients):
    client = Client()
    fields = ["summary", "narrative", "subject_name", "subject_title", "identity_name", "identity_address"]
    _response, code = _submit(client, cast, **{name: f"{name}{SCRIPT}" for name in fields})
    complaint = Complaint.objects.get()
    client.post(FOLLOW, {"code": code})
    client.post(reverse("portal:complaints:message"), {"body": f"body{SCRIPT}"})
    domain.assign_handler(complaint, actor=cast.officer, handler=cast.officer)
    domain.post_message(complaint, actor=cast.officer, body=f"reply{SCRIPT}", kind=MessageKind.REPLY)
    pages = [
        client.get(CASE).content.decode(),
        clients["officer"].get(complaint.get_absolute_url()).content.decode(),
        clients["officer"].get(reverse("complaints:list")).content.decode(),
        clients["officer"]
        .post(reverse("complaints:reveal", args=[complaint.code]), {"reason": f"why{SCRIPT}"})
        .content.decode(),
    ]
    for page in pages:
        assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in pages[0]
    assert "identity_name&lt;script&gt;" in pages[3]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("invoice.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "不是可接受的格式"),
        ("photo.jpg", b"%PDF-1.4\n%disguised", "副檔名與實際內容不符"),
        ("report.docx", b"PK\x03\x04" + b"\x00" * 40, "不是可接受的格式"),
        ("notes.txt", b"\x00\x01\x02binary", "不是可接受的格式"),
    ],
)
def test_disguised_uploads_are_rejected_by_content(cast, name, content, message):
    response, code = _submit(Client(), cast, attachments=[SimpleUploadedFile(name, content)])
    assert code is None
    assert message in response.content.decode()
    assert Complaint.objects.count() == 0 and Attachment.objects.count() == 0


def test_oversized_upload_is_rejected(cast, settings):
    settings.PROBITY_COMPLAINT_ATTACHMENT_MAX_BYTES = 1024
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 2048)
    response, code = _submit(Client(), cast, attachments=[big])
    assert code is None
    assert "附件超過" in response.content.decode()
    assert Complaint.objects.count() == 0


def test_too_many_files_are_rejected(cast, settings):
    settings.PROBITY_COMPLAINT_ATTACHMENT_MAX_FILES = 2
    files = [SimpleUploadedFile(f"p{i}.pdf", b"%PDF-1.4\n") for i in range(3)]
    response, code = _submit(Client(), cast, attachments=files)
    assert code is None and Complaint.objects.count() == 0


def test_flood_of_submissions_is_rate_limited_and_nothing_accepted_is_lost(cast, settings):
    settings.PROBITY_PORTAL_SUBMIT_RATE = "3/3600"
    client = Client(REMOTE_ADDR="198.51.100.9")
    results = [_submit(client, cast, summary=f"第{n}件") for n in range(8)]
    codes = [code for response, code in results if response.status_code == 200]
    assert [response.status_code for response, _code in results] == [200] * 3 + [429] * 5
    assert len(codes) == 3 and all(codes)
    assert sorted(Complaint.objects.values_list("summary", flat=True)) == ["第0件", "第1件", "第2件"]
    for code in codes:
        assert domain.find_by_receipt(code) is not None
    other_visitor = Client(REMOTE_ADDR="198.51.100.10")
    assert _submit(other_visitor, cast)[0].status_code == 200


def test_flood_from_many_addresses_meets_the_global_limit(cast, settings):
    settings.PROBITY_PORTAL_SUBMIT_GLOBAL_RATE = "4/3600"
    statuses = [_submit(Client(REMOTE_ADDR=f"198.51.100.{n}"), cast)[0].status_code for n in range(6)]
    assert statuses == [200] * 4 + [429] * 2
    assert Complaint.objects.count() == 4


def test_receipt_code_guessing_is_rate_limited(cast, settings):
    settings.PROBITY_PORTAL_CODE_RATE = "3/900"
    client = Client()
    _response, code = _submit(client, cast)
    statuses = [client.post(FOLLOW, {"code": "0000000000000000"}).status_code for _ in range(3)]
    assert statuses == [400, 400, 400]
    assert client.post(FOLLOW, {"code": code}).status_code == 429


def test_portal_complaint_follows_the_workflow_to_the_end(cast):
    client = Client()
    _response, code = _submit(client, cast)
    complaint = Complaint.objects.get()
    for action in ("accept", "investigate", "administrative"):
        complaint = domain.apply_transition(complaint, actor=cast.officer, action=action)
    client.post(FOLLOW, {"code": code})
    assert "已結案（行政處理）" in client.get(CASE).content.decode()


def test_english_form(cast):
    response = Client().get(NEW, HTTP_ACCEPT_LANGUAGE="en")
    assert "Report corruption" in response.content.decode()


def test_journey_from_portal_to_outcome_prosecution_and_discipline(cast, clients):
    """Done when: portal → outcome → prosecution → discipline, followed by receipt code, identity sealed throughout."""
    visitor = Client()
    _response, code = _submit(visitor, cast, identity_name="具名檢舉人丙", identity_phone="0988-777-666")
    complaint = Complaint.objects.get()
    officer = clients["officer"]

    def post(name, data, *args):
        response = officer.post(reverse(name, args=args or [complaint.code]), data)
        assert response.status_code == 302, response.content[:400]

    post("complaints:assign", {"handler": cast.officer.pk})
    post("complaints:notice", {"kind": "ack", "on": "110/08/05"})
    post("complaints:message", {"body": "本室已受理調查。"})
    post("complaints:message", {"body": "內部：調閱採購卷宗", "internal": "on"})
    for action in ("accept", "investigate", "administrative"):
        post("complaints:transition", {"action": action, "outcome_summary": "承辦人違失，移請機關議處"})
    post(
        "complaints:refer",
        {
            "agency": cast.agency_a.pk,
            "office": "臺灣高雄地方檢察署",
            "referred_on": "110/09/01",
            "doc_no": "高市甲政字第1100009999號",
            "offence_types": ["procurement_act", "forgery"],
            "summary": "甲局工程驗收不實涉犯偽造文書案",
        },
    )
    referral = complaint.prosecutor_referrals.get()
    post(
        "complaints:prosecution_add",
        {"person_name": "王課長", "result": "indicted", "decided_on": "110/12/01"},
        referral.code,
    )
    post(
        "complaints:discipline_add",
        {"person_name": "李技士", "kind": "demerit", "authority": "甲局", "decided_on": "110/12/10"},
    )
    post("complaints:notice", {"kind": "outcome", "on": "110/12/15"})

    visitor.post(FOLLOW, {"code": code})
    page = visitor.get(CASE).content.decode()
    assert "已結案（行政處理）" in page and "本室已受理調查。" in page
    assert "調閱採購卷宗" not in page
    complaint.refresh_from_db()
    assert (complaint.status, complaint.acknowledged_on is not None, complaint.outcome_notified_on is not None) == (
        "administrative",
        True,
        True,
    )
    timeline = [event.kind for event in complaint.events.all()]
    assert timeline.count("transition") == 3 and "prosecutor_referral" in timeline and "discipline" in timeline
    dump = _dump()
    assert "具名檢舉人丙" not in dump and "0988-777-666" not in dump and code not in dump


def test_visitors_behind_a_trusted_proxy_are_told_apart(cast, settings):
    from probity.portal.complaints.throttle import client_address

    settings.PROBITY_PORTAL_SUBMIT_RATE = "1/3600"
    settings.PROBITY_PORTAL_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    first = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.1")
    second = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert [_submit(first, cast)[0].status_code, _submit(first, cast)[0].status_code] == [200, 429]
    assert _submit(second, cast)[0].status_code == 200
    request = type("R", (), {"META": {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "192.0.2.1, 198.51.100.1"}})()
    assert client_address(request) == "198.51.100.1"


def test_the_limits_hold_on_a_shared_redis_cache(cast, settings, redis_cache):
    settings.PROBITY_PORTAL_SUBMIT_RATE = "2/3600"
    client = Client(REMOTE_ADDR="198.51.100.11")
    assert [_submit(client, cast)[0].status_code for _ in range(3)] == [200, 200, 429]
    # The counts are in Redis, where every web process reads them.
    server = redis.Redis.from_url(REDIS_TEST_URL)
    keys = sorted(key.decode() for key in server.scan_iter(f"{redis_cache.key_prefix}:*"))
    # Django's keys read "prefix:version:key"; ours "portal-throttle:submit:<visitor>" and "…:submit_all".
    assert [key.split(":")[3] for key in keys] == ["submit", "submit_all"]
    assert [int(server.get(key)) for key in keys] == [3, 2]


@pytest.fixture
def outage_clock(monkeypatch):
    """A fresh record of the outage with a clock the test moves: [seconds]."""
    now = [1000.0]
    monkeypatch.setattr(throttle, "_outage", throttle._Outage(clock=lambda: now[0]))
    return now


def _throttle_log(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name.endswith("throttle")]


def test_a_cache_that_does_not_answer_lifts_the_limits_and_loses_no_complaint(
    cast, settings, silent_cache, outage_clock, caplog
):
    settings.PROBITY_PORTAL_SUBMIT_RATE = "1/3600"
    client = Client(REMOTE_ADDR="198.51.100.12")
    results = [_submit(client, cast, summary=f"第{n}件") for n in range(3)]
    assert [response.status_code for response, _code in results] == [200, 200, 200]
    assert Complaint.objects.count() == 3
    # One warning for the outage, not one per request.
    assert _throttle_log(caplog) == ["portal rate limit not applied: the cache did not answer"]


def test_a_long_outage_is_logged_once_a_minute_and_its_end_once(cast, settings, silent_cache, outage_clock, caplog):
    client = Client(REMOTE_ADDR="198.51.100.13")
    for seconds in (0, 10, 59, 60, 61):
        outage_clock[0] = 1000.0 + seconds
        assert client.post(FOLLOW, {"code": "0000000000000000"}).status_code == 400
    assert _throttle_log(caplog) == [
        "portal rate limit not applied: the cache did not answer",
        "portal rate limit not applied: the cache did not answer (unlimited requests since the last warning: 3)",
    ]
    caplog.clear()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "back"}}
    client.post(FOLLOW, {"code": "0000000000000000"})
    client.post(FOLLOW, {"code": "0000000000000000"})
    assert _throttle_log(caplog) == [
        "portal rate limits apply again: the cache answers (unlimited requests since the last warning: 1)"
    ]
