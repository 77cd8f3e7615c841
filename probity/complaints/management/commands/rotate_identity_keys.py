from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from probity.complaints import domain
from probity.core.management.base import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy(
        "以 PROBITY_IDENTITY_KEYS 中最新的金鑰重新密封每一筆檢舉人身分（執行完畢之前，舊金鑰請繼續列在其中）。"
    )

    def handle(self, *args, **options):
        count = domain.rotate_identity_keys(actor=None)
        self.stdout.write(self.style.SUCCESS(_("已以最新金鑰重新密封 %(count)d 筆檢舉人身分") % {"count": count}))
