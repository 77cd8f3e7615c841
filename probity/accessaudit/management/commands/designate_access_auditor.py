from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from probity.accessaudit import domain
from probity.accessaudit.models import AccessAuditor
from probity.core.management.base import TranslatedCommand
from probity.org.models import User


class Command(TranslatedCommand):
    help = gettext_lazy("指定職員為其單位的查閱稽核人員（加 --revoke 撤銷）。")

    def add_arguments(self, parser):
        parser.add_argument("username", help=_("職員帳號"))
        parser.add_argument("--revoke", action="store_true", help=_("撤銷指定"))

    def handle(self, *args, username, revoke, **options):
        user = User.objects.filter(username=username).first()
        if user is None or user.unit_id is None:
            raise CommandError(_("%(username)s：沒有這位隸屬單位的職員") % {"username": username})
        if revoke:
            designation = AccessAuditor.objects.filter(user=user).first()
            if designation:
                domain.revoke_auditor(designation=designation, actor=None)
            self.stdout.write(_("%(username)s：已撤銷查閱稽核人員指定") % {"username": username})
            return
        domain.designate_auditor(user=user, unit=user.unit, actor=None)
        self.stdout.write(_("%(username)s：已指定為%(unit)s的查閱稽核人員") % {"username": username, "unit": user.unit})
