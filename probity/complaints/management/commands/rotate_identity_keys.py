from django.core.management.base import BaseCommand

from probity.complaints import domain


class Command(BaseCommand):
    help = "Re-seal every complainant identity with the newest key of PROBITY_IDENTITY_KEYS (keep the old keys listed until this has run)."

    def handle(self, *args, **options):
        count = domain.rotate_identity_keys(actor=None)
        self.stdout.write(self.style.SUCCESS(f"re-sealed {count} identities with the newest key"))
