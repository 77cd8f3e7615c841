"""The complaints' commands speak Chinese, and English when it is the language."""

import datetime as dt
import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.utils import translation

from probity.complaints import domain
from tests.commands import description_in_both_languages, parser
from tests.complaints.conftest import IDENTITY, make_complaint

HELP = {
    "rotate_identity_keys": (
        "以 PROBITY_IDENTITY_KEYS 中最新的金鑰重新密封每一筆檢舉人身分及檢舉筆錄（執行完畢之前，舊金鑰請繼續列在其中）。",
        "Re-seal every complainant identity and statement with the newest key of PROBITY_IDENTITY_KEYS "
        "(keep the old keys listed until this has run).",
    ),
    "send_complaint_reminders": (
        "寄信提醒每位承辦人：哪些檢舉案對檢舉人的通知即將到期或已逾期（請每日執行）。",
        "E-mail each handler the complaints whose notices to the complainant are due soon or overdue (run daily).",
    ),
}


@pytest.mark.parametrize("name", sorted(HELP))
def test_each_command_explains_itself_in_chinese_and_in_english(name):
    assert description_in_both_languages(name) == HELP[name]


@pytest.fixture
def overdue(cast):
    """A named complaint received long ago, its acknowledgement and outcome notices both overdue."""
    complaint = make_complaint(cast, identity=IDENTITY, received_on=dt.date(2021, 8, 1))
    domain.assign_handler(complaint, actor=cast.officer, handler=cast.officer)
    cast.officer.email = "officer@example.invalid"
    cast.officer.save()
    return complaint


def test_the_reminders_dry_run_lists_the_handlers(overdue):
    out = io.StringIO()
    call_command("send_complaint_reminders", "--dry-run", stdout=out)
    assert out.getvalue() == "officer：2 件\n將寄出 1 封提醒信\n"


def test_the_reminders_read_in_english(overdue):
    out = io.StringIO()
    with translation.override("en"):
        call_command("send_complaint_reminders", stdout=out)
        dry_run = parser("send_complaint_reminders")
    assert out.getvalue() == "officer: 2\nsent 1 reminders\n"
    assert next(a.help for a in dry_run._actions if "--dry-run" in a.option_strings) == (
        "list who would be written to, send nothing"
    )


def test_the_key_rotation_says_how_many_it_resealed(cast, settings):
    old = Fernet.generate_key().decode()
    settings.PROBITY_IDENTITY_KEYS = [old]
    make_complaint(cast, identity=IDENTITY)
    settings.PROBITY_IDENTITY_KEYS = [Fernet.generate_key().decode(), old]
    out = io.StringIO()
    call_command("rotate_identity_keys", stdout=out)
    assert out.getvalue() == "已以最新金鑰重新密封 1 筆檢舉人身分、0 份檢舉筆錄\n"
    with translation.override("en"):
        call_command("rotate_identity_keys", stdout=out)
    assert out.getvalue().splitlines()[1] == "re-sealed 1 identities and 0 statements with the newest key"
