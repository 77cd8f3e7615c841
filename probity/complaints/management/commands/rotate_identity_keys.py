from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from probity.complaints import domain
from probity.core.management.base import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy(
        "以 PROBITY_IDENTITY_KEYS 中最新的金鑰重新密封每一筆檢舉人身分及檢舉筆錄（執行完畢之前，舊金鑰請繼續列在其中）。"
    )

    def handle(self, *args, **options):
        identities, statements = domain.rotate_identity_keys(actor=None)
        done = _("已以最新金鑰重新密封 %(count)d 筆檢舉人身分、%(statements)d 份檢舉筆錄")
        self.stdout.write(self.style.SUCCESS(done % {"count": identities, "statements": statements}))
