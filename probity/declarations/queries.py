"""Read side of asset declarations: scoped lists, single objects, due and late lists, draw files."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from probity.declarations import drawfile
from probity.declarations.enums import DeclarationType, DrawState
from probity.declarations.models import ComparisonRun, Declarant, Declaration, Draw, DrawPolicy, Review
from probity.org.queries import get_visible, visible_records


def declarants_visible_to(user) -> QuerySet:
    return visible_records(user, Declarant.objects.select_related("agency", "unit"))


def get_declarant_for(user, code) -> Declarant:
    return get_visible(user, Declarant.objects.select_related("agency", "unit"), code)


def declarations_visible_to(user) -> QuerySet:
    return visible_records(user, Declaration.objects.select_related("declarant", "agency", "unit"))


def get_declaration_for(user, code) -> Declaration:
    return get_visible(user, Declaration.objects.select_related("declarant", "agency", "unit"), code)


def draws_visible_to(user) -> QuerySet:
    return visible_records(user, Draw.objects.select_related("unit"))


def get_draw_for(user, code) -> Draw:
    return get_visible(user, Draw.objects.select_related("unit"), code)


def reviews_visible_to(user) -> QuerySet:
    reviews = (
        Review.objects.select_related("declarant", "declaration", "agency", "unit")
        .annotate(discrepancy_count=Count("discrepancies"))
        .order_by("-opened_on", "declarant__name", "pk")
    )
    return visible_records(user, reviews)


def get_review_for(user, code) -> Review:
    return get_visible(
        user,
        Review.objects.select_related(
            "declarant", "declaration", "agency", "unit", "draw", "complaint", "comparison__run"
        ),
        code,
    )


def comparison_runs_visible_to(user) -> QuerySet:
    return visible_records(user, ComparisonRun.objects.select_related("unit", "draw"))


def get_comparison_run_for(user, code) -> ComparisonRun:
    return get_visible(user, ComparisonRun.objects.select_related("unit", "draw"), code)


def policies() -> QuerySet:
    return DrawPolicy.objects.all()


def public_draws() -> QuerySet:
    """Draws the public may see: the pool once frozen and published, the result once drawn."""
    return Draw.objects.filter(state__in=[DrawState.PUBLISHED, DrawState.DRAWN]).select_related("unit")


def get_public_draw(code) -> Draw:
    from django.http import Http404

    try:
        return public_draws().get(code=code)
    except (Draw.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def draw_file(draw: Draw) -> dict:
    """Everything needed to re-run a draw (format probity-draw/1); public labels only."""
    labels = list(draw.entries.order_by("position").values_list("label", flat=True))
    review = list(
        draw.entries.filter(review_pick__isnull=False).order_by("review_pick").values_list("position", flat=True)
    )
    compared = list(
        draw.entries.filter(comparison_pick__isnull=False)
        .order_by("comparison_pick")
        .values_list("position", flat=True)
    )
    outcome = drawfile.Outcome(draw.key, review, compared)
    meta = {
        "code": str(draw.code),
        "unit": draw.unit.name,
        "filing_year": draw.filing_year,
        "scheduled_on": str(draw.scheduled_on),
        "place": draw.place,
        "pooled_units": draw.pooled_units,
        "state": draw.state,
        "published_at": draw.published_at.isoformat() if draw.published_at else None,
        "drawn_at": draw.drawn_at.isoformat() if draw.drawn_at else None,
    }
    return drawfile.bundle(draw=meta, rules=draw.rules, labels=labels, sources=draw.sources, outcome=outcome)


# Due and late lists ----------------------------------------------------------


@dataclass(frozen=True)
class Due:
    declarant: Declarant
    kind: str
    label: str
    due_on: dt.date
    late: bool


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _obligations(declarant: Declarant, filed: dict[str, list[dt.date]], today: dt.date) -> list[Due]:
    """What this declarant still owes, by type (細則第9條; 申報法第3條)."""
    owed = []
    events = [
        (DeclarationType.ON_TAKING_OFFICE, declarant.took_office_on, 3),
        (DeclarationType.ON_LEAVING, declarant.left_office_on, 2),
        # acting / concurrent: the duty arises after 3 months in the role, then 3 months to file
        (DeclarationType.ACTING, declarant.acting_from, 6),
        (DeclarationType.CONCURRENT, declarant.concurrent_from, 6),
    ]
    for kind, start, months in events:
        if start is None or start > today:
            continue
        if any(day >= start for day in filed.get(kind, [])):
            continue
        due_on = _add_months(start, months)
        owed.append(Due(declarant, kind, str(DeclarationType(kind).label), due_on, today > due_on))
    year = today.year
    in_office = declarant.left_office_on is None or declarant.left_office_on > dt.date(year, 11, 1)
    took_office_this_year = declarant.took_office_on and declarant.took_office_on.year == year
    filed_annual = any(day.year == year for day in filed.get(DeclarationType.ANNUAL, []))
    if today >= dt.date(year, 11, 1) and in_office and not took_office_this_year and not filed_annual:
        due_on = dt.date(year, 12, 31)
        owed.append(Due(declarant, DeclarationType.ANNUAL, str(DeclarationType.ANNUAL.label), due_on, today > due_on))
    return owed


def declarations_owed(user, today: dt.date, *, late_only: bool = False) -> list[Due]:
    """The due list (or only the late list) of the declarants the user may see."""
    candidates = declarants_visible_to(user).filter(
        Q(took_office_on__isnull=False)
        | Q(left_office_on__isnull=False)
        | Q(acting_from__isnull=False)
        | Q(concurrent_from__isnull=False)
    )
    filed: dict[int, dict[str, list[dt.date]]] = {}
    for declarant_id, kind, declared_on in Declaration.objects.filter(declarant__in=candidates).values_list(
        "declarant_id", "kind", "declared_on"
    ):
        filed.setdefault(declarant_id, {}).setdefault(kind, []).append(declared_on)
    owed = []
    for declarant in candidates:
        owed += _obligations(declarant, filed.get(declarant.pk, {}), today)
    if late_only:
        owed = [item for item in owed if item.late]
    return sorted(owed, key=lambda item: (item.due_on, item.declarant.name))


def declared_family() -> list[tuple[str, str, str]]:
    """(declarant's ID number, "spouse" or "child", relative's ID number) for each relative declared with one.

    Unscoped on purpose: the access-log audit matches it against a system's users wherever they file."""
    rows = set()
    declarants = Declarant.objects.exclude(spouse_id_number="", minor_children=[])
    for id_number, spouse, children in declarants.values_list("id_number", "spouse_id_number", "minor_children"):
        if spouse:
            rows.add((id_number, "spouse", spouse))
        rows.update((id_number, "child", child["id_number"]) for child in children if child.get("id_number"))
    return sorted(rows)


@dataclass(frozen=True)
class DeclaredTie:
    """A declarant whose declared spouse or minor child bears ``member``'s name."""

    declarant: Declarant
    relation: str  # "spouse" or "child"
    member: str


def declared_ties(names: set[str]) -> list[DeclaredTie]:
    """Every declared family tie that joins two of ``names``: a declarant of one name whose spouse or minor child
    bears another. Matched on names alone (a case names its people by name and agency only), so a tie is a
    prompt to check, never a finding. Unscoped on purpose, as ``declared_family``: a conflict lies wherever the
    relative files."""
    if not names:
        return []
    ties = []
    for declarant in Declarant.objects.filter(name__in=names).select_related("agency").order_by("name", "id"):
        ties += [
            DeclaredTie(declarant, member["relation"], member["name"])
            for member in declarant.family
            if member["name"] in names and member["name"] != declarant.name
        ]
    return ties
