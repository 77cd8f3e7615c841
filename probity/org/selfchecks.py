"""Set-up checks of the organisation: every agency served by an ethics unit, every unit reached by an officer."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from probity.core.selfchecks import ERROR, WARNING, Finding, selfcheck
from probity.org.enums import Role, UnitKind
from probity.org.models import Agency, EthicsUnit, User

NAMES_SHOWN = 10


def _names(nodes) -> str:
    names = [node.name for node in nodes[:NAMES_SHOWN]]
    return "、".join(names) + ("…" if len(nodes) > NAMES_SHOWN else "")


@selfcheck("org.agency_units", label=gettext_lazy("每個機關都有政風機構服務"))
def agencies_served() -> list[Finding]:
    """A complaint about an agency no active unit serves (itself or an ancestor) reaches no ethics officer."""
    served = set(
        EthicsUnit.agencies.through.objects.filter(ethicsunit__is_active=True).values_list("agency_id", flat=True)
    )
    unserved = [a for a in Agency.objects.filter(is_active=True).order_by("path") if served.isdisjoint(a.lineage_ids)]
    if not unserved:
        return []
    message = _("%(count)s 個機關沒有政風機構服務（本身及上級機關都未連結現存的政風機構）：%(names)s")
    return [Finding(ERROR, message % {"count": len(unserved), "names": _names(unserved)}, reverse("org:agency_list"))]


@selfcheck("org.unit_officers", label=gettext_lazy("每個政風機構都有政風人員"))
def units_staffed() -> list[Finding]:
    """A unit whose records no officer sees (none in it or above it, below the 政風處) waits on the department."""
    staffed = set(
        User.objects.filter(is_active=True, role=Role.UNIT_OFFICER, unit__isnull=False).values_list(
            "unit_id", flat=True
        )
    )
    units = EthicsUnit.objects.filter(is_active=True).exclude(kind=UnitKind.DEPARTMENT).order_by("path")
    alone = [unit for unit in units if staffed.isdisjoint(unit.lineage_ids)]
    if not alone:
        return []
    message = _("%(count)s 個政風機構本身及上級都沒有在職的政風人員帳號，只有政風處看得到其紀錄：%(names)s")
    return [Finding(WARNING, message % {"count": len(alone), "names": _names(alone)}, reverse("org:staff_list"))]
