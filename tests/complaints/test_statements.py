"""Statements (筆錄) of oral complaints: sealed like the identity, kept out of the case file and the audit trail,
taken, read, corrected and confirmed only by the case's handlers; confirmed, they are fixed."""

import datetime as dt
import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from probity.audit.models import AuditEvent
from probity.complaints import domain
from probity.complaints.enums import Action, EventKind, StatementConfirmation
from probity.complaints.models import Statement
from tests.complaints.conftest import IDENTITY, database_text, make_complaint

TEXT = "問：你要檢舉什麼事？\n答：甲局採購承辦人張大同收受廠商招待，地點在測試路酒店。"
ROLES = ["admin", "officer", "outsider", "auditor", "anonymous"]
# Only the handler reaches a statement; others who see the case get 403, the rest 404.
HANDLER_ONLY = {"admin": 403, "officer": 200, "outsider": 404, "auditor": 403, "anonymous": 302}


@pytest.fixture
def statement(cast, complaint):
    return domain.take_statement(
        complaint, actor=cast.officer, taken_on=dt.date(2021, 8, 5), place="甲局政風室會談室", text=TEXT
    )


def _url(name, statement):
    return reverse(f"complaints:{name}", args=[statement.complaint.code, statement.code])


# The domain -----------------------------------------------------------------------------


def test_a_statement_is_sealed_and_its_text_is_nowhere_in_clear(cast, statement):
    statement.refresh_from_db()
    assert (statement.taken_on, statement.place, statement.recorded_by, statement.is_confirmed) == (
        dt.date(2021, 8, 5),
        "甲局政風室會談室",
        cast.officer,
        False,
    )
    dump = database_text()
    assert statement.ciphertext in dump
    assert "張大同" not in dump
    assert "測試路酒店" not in dump


def test_taking_one_is_on_the_timeline_and_audited_without_its_text(statement):
    event = AuditEvent.objects.get(verb="complaints.statement.taken")
    assert event.data == {"statement": str(statement.code)}
    assert [e.detail for e in statement.complaint.events.filter(kind=EventKind.STATEMENT_TAKEN)] == ["110/08/05"]


def test_only_a_handler_takes_one(cast, complaint):
    for user in (cast.admin, cast.auditor, cast.outsider):
        with pytest.raises(PermissionDenied):
            domain.take_statement(complaint, actor=user, taken_on=dt.date(2021, 8, 5), place="x", text=TEXT)
    assert Statement.objects.count() == 0


@pytest.mark.parametrize(
    ("taken_on", "text", "errors"),
    [
        (dt.date(2021, 8, 1), TEXT, {"taken_on": ["製作日期應在收件日期與今天之間。"]}),
        (dt.date(2021, 8, 5), "  \n ", {"text": ["請輸入筆錄內容。"]}),
    ],
)
def test_a_bad_statement_is_refused(cast, complaint, taken_on, text, errors):
    with pytest.raises(ValidationError) as raised:
        domain.take_statement(complaint, actor=cast.officer, taken_on=taken_on, place="會談室", text=text)
    assert raised.value.message_dict == errors
    assert Statement.objects.count() == 0


def test_a_closed_case_takes_no_statement(cast, complaint):
    domain.apply_transition(complaint, actor=cast.officer, action=Action.FILE, reason="資料不足，列參")
    with pytest.raises(ValidationError) as raised:
        domain.take_statement(complaint, actor=cast.officer, taken_on=dt.date(2021, 8, 5), place="x", text=TEXT)
    assert raised.value.messages == ["本案已結案，不能製作筆錄。"]


def test_reading_needs_a_reason_and_is_audited(cast, statement):
    with pytest.raises(ValidationError):
        domain.read_statement(statement, actor=cast.officer, reason=" ")
    assert domain.read_statement(statement, actor=cast.officer, reason="核對陳述") == TEXT
    event = AuditEvent.objects.get(verb="complaints.statement.read")
    assert event.data == {"statement": str(statement.code), "reason": "核對陳述"}
    with pytest.raises(PermissionDenied):
        domain.read_statement(statement, actor=cast.admin, reason="想看")


def test_it_is_corrected_until_confirmed_and_fixed_after(cast, statement):
    domain.revise_statement(statement, actor=cast.officer, text=TEXT + "\n（檢舉人更正：地點為測試路餐廳）")
    assert domain.read_statement(statement, actor=cast.officer, reason="更正後核對").endswith("地點為測試路餐廳）")
    domain.confirm_statement(
        statement,
        actor=cast.officer,
        confirmed_on=dt.date(2021, 8, 5),
        confirmation=StatementConfirmation.READ_ALOUD,
    )
    statement.refresh_from_db()
    assert (statement.confirmed_on, statement.confirmation) == (dt.date(2021, 8, 5), "read_aloud")
    with pytest.raises(ValidationError) as raised:
        domain.revise_statement(statement, actor=cast.officer, text="改寫")
    assert raised.value.messages == ["檢舉人已確認此筆錄，不能再更動；如需補充，請另作筆錄。"]
    assert [e.verb for e in AuditEvent.objects.filter(verb__startswith="complaints.statement.").order_by("pk")] == [
        "complaints.statement.taken",
        "complaints.statement.revised",
        "complaints.statement.read",
        "complaints.statement.confirmed",
    ]


def test_a_confirmation_before_the_statement_is_refused(cast, statement):
    with pytest.raises(ValidationError) as raised:
        domain.confirm_statement(
            statement,
            actor=cast.officer,
            confirmed_on=dt.date(2021, 8, 4),
            confirmation=StatementConfirmation.READ_BY_COMPLAINANT,
        )
    assert raised.value.message_dict == {"confirmed_on": ["確認日期應在製作日期與今天之間。"]}


def test_key_rotation_reseals_statements_too(cast, settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.PROBITY_IDENTITY_KEYS = [old]
    case = make_complaint(cast, identity=IDENTITY)
    domain.assign_handler(case, actor=cast.officer, handler=cast.officer)
    statement = domain.take_statement(case, actor=cast.officer, taken_on=dt.date(2021, 8, 5), place="x", text=TEXT)
    settings.PROBITY_IDENTITY_KEYS = [new, old]
    out = io.StringIO()
    call_command("rotate_identity_keys", stdout=out)
    assert out.getvalue() == "已以最新金鑰重新密封 1 筆檢舉人身分、1 份檢舉筆錄\n"
    settings.PROBITY_IDENTITY_KEYS = [new]
    statement.refresh_from_db()
    assert domain.read_statement(statement, actor=cast.officer, reason="輪替後") == TEXT


# The pages ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_case_page_lists_statements_without_their_text(clients, statement, role):
    response = clients[role].get(statement.complaint.get_absolute_url())
    expected = {"admin": 200, "officer": 200, "outsider": 404, "auditor": 200, "anonymous": 302}[role]
    assert response.status_code == expected
    if expected != 200:
        return
    page = response.content.decode()
    assert "甲局政風室會談室" in page
    assert "待檢舉人確認" in page
    assert "張大同" not in page
    assert (_url("statement_read", statement) in page) == (role == "officer")


@pytest.mark.parametrize("role", ROLES)
def test_taking_one_from_the_page_per_role(clients, complaint, role):
    response = clients[role].post(
        reverse("complaints:statement_take", args=[complaint.code]),
        {"taken_on": "110/08/05", "place": "會談室", "text": TEXT},
    )
    assert response.status_code == {**HANDLER_ONLY, "officer": 302}[role]
    assert Statement.objects.count() == (1 if role == "officer" else 0)


def test_the_page_names_a_bad_field_and_keeps_nothing(clients, complaint):
    response = clients["officer"].post(
        reverse("complaints:statement_take", args=[complaint.code]),
        {"taken_on": "110/07/30", "place": "會談室", "text": TEXT},
    )
    assert response.status_code == 400
    assert "製作日期應在收件日期與今天之間。" in response.content.decode()
    assert Statement.objects.count() == 0


@pytest.mark.parametrize("role", ROLES)
def test_reading_from_the_page_per_role(clients, statement, role):
    response = clients[role].post(_url("statement_read", statement), {"reason": "核對陳述"})
    assert response.status_code == HANDLER_ONLY[role]
    assert ("張大同" in response.content.decode()) == (role == "officer")
    assert AuditEvent.objects.filter(verb="complaints.statement.read").count() == (1 if role == "officer" else 0)


def test_the_read_page_is_not_cached_and_offers_correction_until_confirmed(clients, cast, statement):
    response = clients["officer"].post(_url("statement_read", statement), {"reason": "核對陳述"})
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "檢舉人（簽名或蓋章）：" in page
    assert _url("statement_revise", statement) in page
    domain.confirm_statement(
        statement, actor=cast.officer, confirmed_on=dt.date(2021, 8, 5), confirmation="read_by_complainant"
    )
    page = clients["officer"].post(_url("statement_read", statement), {"reason": "再核對"}).content.decode()
    assert _url("statement_revise", statement) not in page
    assert "110年8月5日 交檢舉人閱覽" in page


def test_reading_without_a_reason_shows_nothing(clients, statement):
    response = clients["officer"].post(_url("statement_read", statement), {"reason": ""}, follow=True)
    page = response.content.decode()
    assert "請說明閱覽筆錄的理由。" in page
    assert "張大同" not in page


def test_a_statement_of_another_case_is_404(clients, cast, statement):
    other = make_complaint(cast, identity=IDENTITY, summary="另一案")
    domain.assign_handler(other, actor=cast.officer, handler=cast.officer)
    url = reverse("complaints:statement_read", args=[other.code, statement.code])
    assert clients["officer"].post(url, {"reason": "x"}).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_revising_and_confirming_from_the_page_per_role(clients, statement, role):
    response = clients[role].post(_url("statement_revise", statement), {"text": "更正後的筆錄"})
    assert response.status_code == {**HANDLER_ONLY, "officer": 302}[role]
    response = clients[role].post(
        _url("statement_confirm", statement), {"confirmed_on": "110/08/06", "confirmation": "read_aloud"}
    )
    assert response.status_code == {**HANDLER_ONLY, "officer": 302}[role]
    statement.refresh_from_db()
    assert statement.is_confirmed == (role == "officer")


def test_a_bad_confirmation_names_the_field(clients, statement):
    response = clients["officer"].post(_url("statement_confirm", statement), {"confirmed_on": "110/08/06"}, follow=True)
    assert "確認方式：這個欄位是必須的。" in response.content.decode()
    statement.refresh_from_db()
    assert not statement.is_confirmed


def test_an_empty_correction_is_refused_on_the_page(clients, statement):
    response = clients["officer"].post(_url("statement_revise", statement), {"text": " "}, follow=True)
    assert "筆錄內容：這個欄位是必須的。" in response.content.decode()
    assert domain.read_statement(statement, actor=statement.recorded_by, reason="核對") == TEXT


def test_a_correction_after_confirmation_is_refused_on_the_page(clients, cast, statement):
    domain.confirm_statement(statement, actor=cast.officer, confirmed_on=dt.date(2021, 8, 5), confirmation="read_aloud")
    response = clients["officer"].post(_url("statement_revise", statement), {"text": "改寫"}, follow=True)
    assert "檢舉人已確認此筆錄，不能再更動；如需補充，請另作筆錄。" in response.content.decode()
    assert domain.read_statement(statement, actor=cast.officer, reason="核對") == TEXT


def test_the_statement_reads_in_english(clients, statement):
    client = clients["officer"]
    client.cookies["django_language"] = "en"
    page = client.get(statement.complaint.get_absolute_url()).content.decode()
    assert "Statements" in page
    assert "Awaiting the complainant's confirmation" in page
    with translation.override("en"):
        page = client.post(_url("statement_read", statement), {"reason": "check"}).content.decode()
    assert "Complainant (signature or seal):" in page
