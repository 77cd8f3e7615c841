"""Spreadsheet import of agencies (central administrators only)."""

from django.utils.translation import gettext_lazy as _

from probity.core import imports
from probity.org import domain
from probity.org.enums import AgencyKind
from probity.org.models import Agency


def _agency_or_key(raw, context):
    """A parent may be an agency already stored or one earlier in the same file (by key)."""
    value = str(raw).strip()
    known = context.cached(
        "agency-keys", lambda: {a.key: a for a in Agency.objects.all()} | {a.name: a for a in Agency.objects.all()}
    )
    if value in known:
        return known[value]
    planned = context.cache.setdefault("planned-keys", set())
    if value in planned:
        return value
    raise imports.CellError(_("找不到上級機關「%(value)s」；上級機關須已存在或列在本列之前。") % {"value": value[:60]})


def _key(raw, context):
    value = imports.text(60)(raw, context)
    from django.utils.text import slugify

    if slugify(value) != value:
        raise imports.CellError(_("機關代號只能用英文小寫、數字與連字號。"))
    context.cache.setdefault("planned-keys", set()).add(value)
    return value


@imports.register
class AgencyImporter(imports.Importer):
    key = "agencies"
    label = _("機關")
    permission = "org.manage_org"
    columns = [
        imports.Column("key", "機關代號", _key, example="land-admin", help=_("英文小寫與連字號，不可重複")),
        imports.Column("name", "機關全銜", imports.text(120), example="高雄市政府地政局"),
        imports.Column("short_name", "簡稱", imports.text(60), example="地政局"),
        imports.Column("name_en", "英文名稱", imports.text(160), required=False, example="Land Administration Bureau"),
        imports.Column(
            "kind", "類型", imports.choice(AgencyKind), example="局", help=_("市政府、局、處、委員會、區公所、所屬機關")
        ),
        imports.Column(
            "parent",
            "上級機關",
            _agency_or_key,
            required=False,
            example="高雄市政府",
            help=_("上級機關的代號或全銜；第一級機關填市政府"),
        ),
    ]

    def natural_key(self, values):
        return (values["key"],)

    def save(self, values, *, actor) -> bool:
        if Agency.objects.filter(key=values["key"]).exists():
            return False
        values["name_en"] = values["name_en"] or ""
        parent = values.pop("parent")
        if isinstance(parent, str):
            parent = Agency.objects.get(key=parent)
        domain.create_agency(actor=actor, parent=parent, **values)
        return True
