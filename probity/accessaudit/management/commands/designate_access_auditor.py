from django.core.management.base import BaseCommand, CommandError

from probity.accessaudit import domain
from probity.accessaudit.models import AccessAuditor
from probity.org.models import User


class Command(BaseCommand):
    help = "Designate a staff member as access auditor (or revoke with --revoke)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--revoke", action="store_true")

    def handle(self, *args, username, revoke, **options):
        user = User.objects.filter(username=username).first()
        if user is None or user.unit_id is None:
            raise CommandError(f"{username}: no such staff member with a unit")
        if revoke:
            designation = AccessAuditor.objects.filter(user=user).first()
            if designation:
                domain.revoke_auditor(designation=designation, actor=None)
            self.stdout.write(f"{username}: revoked")
            return
        domain.designate_auditor(user=user, unit=user.unit, actor=None)
        self.stdout.write(f"{username}: designated for {user.unit}")
