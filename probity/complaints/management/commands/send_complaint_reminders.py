from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from probity.complaints import reminders
from probity.core.management.base import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy("寄信提醒每位承辦人：哪些檢舉案對檢舉人的通知即將到期或已逾期（請每日執行）。")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help=_("只列出會寄信給誰，不實際寄出"))

    def handle(self, *args, dry_run=False, **options):
        sent = reminders.send_reminders(dry_run=dry_run)
        for username, count in sent:
            self.stdout.write(_("%(username)s：%(count)d 件") % {"username": username, "count": count})
        done = _("將寄出 %(count)d 封提醒信") if dry_run else _("已寄出 %(count)d 封提醒信")
        self.stdout.write(self.style.SUCCESS(done % {"count": len(sent)}))
