"""Write side of asset declarations: every change atomic and audited.

Draws and reviews are workflows: each has one state enum and one transition table (enums.py)
and one function applying transitions (``transition_draw``, ``transition_review``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from probity.audit.domain import record
from probity.declarations import comparison, drawfile
from probity.declarations.enums import (
    DRAW_TRANSITIONS,
    REVIEW_TRANSITIONS,
    DeclarationType,
    DrawState,
    Finding,
    FineStatus,
    FormalCheck,
    ReviewKind,
    ReviewState,
)
from probity.declarations.models import (
    AssetItem,
    ComparisonResult,
    ComparisonRun,
    Declarant,
    Declaration,
    Discrepancy,
    Draw,
    DrawEntry,
    DrawPolicy,
    Review,
)
from probity.org.queries import unit_for_agency

DECLARANT_FIELDS = (
    "name",
    "id_number",
    "address",
    "agency",
    "unit",
    "position",
    "category",
    "took_office_on",
    "left_office_on",
    "acting_from",
    "concurrent_from",
    "spouse_name",
    "spouse_id_number",
    "minor_children",
)
ITEM_FIELDS = (
    "owner",
    "owner_name",
    "category",
    "identifier",
    "description",
    "value",
    "acquired_on",
    "acquisition_price",
)


class WorkflowError(ValidationError):
    """A transition not allowed from the current state, or missing what it needs."""


# Declarants ------------------------------------------------------------------


def _declarant(values: dict) -> Declarant:
    values = {k: v for k, v in values.items() if k in DECLARANT_FIELDS}
    if not values.get("unit") and values.get("agency"):
        values["unit"] = unit_for_agency(values["agency"])
    values["id_number"] = (values.get("id_number") or "").upper()
    declarant = Declarant(**values)
    # Uniqueness is the database constraint's job; checking it per row would cost a query each.
    declarant.full_clean(exclude=["agency", "unit"], validate_unique=False, validate_constraints=False)
    if declarant.unit_id is None:
        raise ValidationError({"unit": _("這個機關沒有政風機構受理申報。")})
    return declarant


@transaction.atomic
def create_declarant(*, actor, **values) -> Declarant:
    declarant = _declarant(values)
    declarant.save()
    record(actor=actor, verb="declarations.declarant.created", target=declarant, data={"unit": declarant.unit_id})
    return declarant


@transaction.atomic
def update_declarant(declarant: Declarant, *, actor, **values) -> Declarant:
    declarant = Declarant.objects.select_for_update().get(pk=declarant.pk)
    changed = []
    for name in DECLARANT_FIELDS:
        if name in values and getattr(declarant, name) != values[name]:
            setattr(declarant, name, values[name])
            changed.append(name)
    declarant.full_clean(validate_unique=False)
    declarant.save()
    # Field names only: ID numbers and addresses never go into the audit trail.
    record(actor=actor, verb="declarations.declarant.updated", target=declarant, data={"changed": changed})
    return declarant


@transaction.atomic
def bulk_create_declarants(rows: list[dict], *, actor) -> list[Declarant]:
    """Many declarants in one statement (demo data, large imports); one audit event for the batch."""
    declarants = Declarant.objects.bulk_create([_declarant(values) for values in rows], batch_size=500)
    record(actor=actor, verb="declarations.declarant.bulk_created", data={"count": len(declarants)})
    return declarants


# Declarations ----------------------------------------------------------------


def _item(declaration: Declaration, values: dict) -> AssetItem:
    item = AssetItem(declaration=declaration, **{k: v for k, v in values.items() if k in ITEM_FIELDS})
    item.identifier = item.identifier or ""
    item.description = item.description or ""
    item.owner_name = item.owner_name or ""
    data = comparison.Item(item.owner, item.category, item.value, item.identifier, item.description, item.owner_name)
    item.ident_key = comparison.normalise(item.identifier)[:120]
    item.text_key = comparison.text_key(data)[:320]
    return item


def _declaration(declarant: Declarant, values: dict) -> Declaration:
    declaration = Declaration(
        declarant=declarant,
        unit=declarant.unit,
        agency=declarant.agency,
        kind=values["kind"],
        filing_year=values["filing_year"],
        declared_on=values["declared_on"],
        submitted_on=values.get("submitted_on") or values["declared_on"],
        consented=bool(values.get("consented")),
        formal_check=values.get("formal_check") or FormalCheck.PENDING,
        formal_note=values.get("formal_note") or "",
        household_salary=values.get("household_salary") or Decimal(0),
    )
    declaration.full_clean(exclude=["declarant", "unit", "agency"], validate_unique=False, validate_constraints=False)
    return declaration


@transaction.atomic
def record_declaration(*, actor, declarant: Declarant, items: Iterable[dict] = (), **values) -> Declaration:
    """A declaration as filed (in PDPS or on paper) with its asset items."""
    declaration = _declaration(declarant, values)
    if Declaration.objects.filter(
        declarant=declarant, kind=declaration.kind, declared_on=declaration.declared_on
    ).exists():
        raise ValidationError(_("此申報義務人同一申報日已有同類申報。"))
    declaration.save()
    objects = [_item(declaration, item) for item in items]
    for item in objects:
        item.full_clean(exclude=["declaration"])
    AssetItem.objects.bulk_create(objects)
    record(
        actor=actor,
        verb="declarations.declaration.recorded",
        target=declaration,
        data={"kind": declaration.kind, "filing_year": declaration.filing_year, "items": len(objects)},
    )
    return declaration


@transaction.atomic
def bulk_record_declarations(specs: list[tuple[Declarant, dict, list[dict]]], *, actor) -> int:
    """Many declarations with their items (demo data, the JSON import of a whole year); one audit event."""
    declarations = [_declaration(declarant, values) for declarant, values, _items in specs]
    Declaration.objects.bulk_create(declarations, batch_size=500)
    if declarations and declarations[0].pk is None:  # backends that do not return keys
        raise RuntimeError("bulk_create did not return primary keys")
    items = [
        _item(declaration, item)
        for declaration, (_d, _v, rows) in zip(declarations, specs, strict=True)
        for item in rows
    ]
    AssetItem.objects.bulk_create(items, batch_size=2000)
    record(
        actor=actor,
        verb="declarations.declaration.bulk_recorded",
        data={"declarations": len(declarations), "items": len(items)},
    )
    return len(declarations)


@transaction.atomic
def add_asset_item(declaration: Declaration, *, actor, **values) -> AssetItem:
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    item = _item(declaration, values)
    item.full_clean(exclude=["declaration"])
    item.save()
    record(actor=actor, verb="declarations.item.added", target=declaration, data={"category": item.category})
    return item


@transaction.atomic
def set_formal_check(declaration: Declaration, *, actor, result: str, note: str = "") -> Declaration:
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    declaration.formal_check = result
    declaration.formal_note = note
    declaration.full_clean(exclude=["declarant", "unit", "agency"], validate_unique=False)
    declaration.save(update_fields=["formal_check", "formal_note", "updated_at"])
    record(actor=actor, verb="declarations.declaration.formal_checked", target=declaration, data={"result": result})
    return declaration


# Draw policies and draws -----------------------------------------------------


@transaction.atomic
def save_policy(*, actor, filing_year: int, **values) -> DrawPolicy:
    policy = DrawPolicy.objects.select_for_update().filter(filing_year=filing_year).first()
    policy = policy or DrawPolicy(filing_year=filing_year)
    for name, value in values.items():
        setattr(policy, name, value)
    policy.full_clean()
    policy.save()
    record(actor=actor, verb="declarations.policy.saved", target=policy, data=policy.as_rules())
    return policy


def public_label(name: str, agency: str, position: str) -> str:
    """What the public pool shows of a declarant: name, agency, position. Never ID or address."""
    return f"{name}／{agency}／{position}"


@dataclass(frozen=True)
class _Filed:
    """An annual declaration as a pool needs it; read as plain values, since a city's pool runs to tens of
    thousands."""

    pk: int
    declarant_id: int
    unit_id: int
    label: str


def _drawing_unit(unit, counts: dict, threshold: int, units_by_id: dict):
    """A unit with fewer than ``threshold`` declarants draws with its parent unit (and so on up)."""
    while unit.parent_id and counts.get(unit.pk, 0) < threshold:
        unit = units_by_id[unit.parent_id]
    return unit


@transaction.atomic
def prepare_draws(
    *, actor, filing_year: int, scheduled_on: dt.date, sources: list[dict], place: str = "", units=None
) -> list[Draw]:
    """Draft draws of one filing year, one per drawing unit, each with its ordered pool.

    The pool is every annual declaration of the filing year filed with the unit, plus those of
    units below the pooling threshold that draw with it. ``sources`` announces the public random
    sources, e.g. ``[{"name": "威力彩第一區", "date": "2022-01-06"}]``.
    """
    from probity.org.models import EthicsUnit

    policy = DrawPolicy.objects.get(filing_year=filing_year)
    if not sources:
        raise ValidationError(_("必須先公告亂數來源。"))
    rows = (
        Declaration.objects.filter(filing_year=filing_year, kind=DeclarationType.ANNUAL)
        .order_by("unit__path", "agency__path", "declarant__name", "declarant_id")
        .values_list(
            "pk",
            "declarant_id",
            "unit_id",
            "declarant__name",
            "declarant__agency__short_name",
            "declarant__agency__name",
            "declarant__position",
        )
    )
    declarations = [
        _Filed(pk, declarant, unit, public_label(name, short_name or agency, position))
        for pk, declarant, unit, name, short_name, agency, position in rows
    ]
    if units is not None:
        allowed = {unit.pk for unit in units}
        declarations = [d for d in declarations if d.unit_id in allowed]
    counts: dict[int, int] = defaultdict(int)
    for declaration in declarations:
        counts[declaration.unit_id] += 1
    units_by_id = {unit.pk: unit for unit in EthicsUnit.objects.all()}
    pools: dict[int, list[_Filed]] = defaultdict(list)
    pooled: dict[int, set[str]] = defaultdict(set)
    for declaration in declarations:
        drawing = _drawing_unit(units_by_id[declaration.unit_id], counts, policy.pool_threshold, units_by_id)
        pools[drawing.pk].append(declaration)
        if drawing.pk != declaration.unit_id:
            pooled[drawing.pk].add(units_by_id[declaration.unit_id].name)
    announced = [{"name": s["name"], "date": str(s["date"]), "values": []} for s in sources]
    draws = []
    for unit_id in sorted(pools, key=lambda pk: units_by_id[pk].path):
        if Draw.objects.filter(unit_id=unit_id, filing_year=filing_year).exclude(state=DrawState.CANCELLED).exists():
            continue
        draw = Draw.objects.create(
            unit=units_by_id[unit_id],
            filing_year=filing_year,
            rules=policy.as_rules(),
            pooled_units=sorted(pooled[unit_id]),
            scheduled_on=scheduled_on,
            place=place,
            sources=announced,
            pool_size=len(pools[unit_id]),
        )
        DrawEntry.objects.bulk_create(
            DrawEntry(
                draw_id=draw.pk, position=position, declarant_id=d.declarant_id, declaration_id=d.pk, label=d.label
            )
            for position, d in enumerate(pools[unit_id], start=1)
        )
        record(
            actor=actor,
            verb="declarations.draw.prepared",
            target=draw,
            data={"pool_size": draw.pool_size, "pooled_units": draw.pooled_units},
        )
        draws.append(draw)
    return draws


def _labels(draw: Draw) -> list[str]:
    return list(draw.entries.order_by("position").values_list("label", flat=True))


def _publish(draw: Draw, **_kwargs) -> dict:
    labels = _labels(draw)
    draw.pool_size = len(labels)
    draw.pool_digest = drawfile.pool_digest(labels)
    draw.review_count = drawfile.review_count(draw.rules, draw.pool_size)
    draw.comparison_count = drawfile.comparison_count(draw.rules, draw.pool_size, draw.review_count)
    draw.published_at = timezone.now()
    return {"pool_size": draw.pool_size, "sha256": draw.pool_digest}


def _draw(draw: Draw, *, values: list[list[int]], review_opened_on: dt.date | None = None, **_kwargs) -> dict:
    if len(values) != len(draw.sources) or any(not v for v in values):
        raise WorkflowError(_("每一個公告的亂數來源都必須填入開出的號碼。"))
    labels = _labels(draw)
    if drawfile.pool_digest(labels) != draw.pool_digest:
        raise WorkflowError(_("名冊已與公告時不同，不能抽籤。"))
    outcome = drawfile.run(len(labels), draw.rules, values)
    draw.sources = [
        {**source, "values": [int(v) for v in vals]} for source, vals in zip(draw.sources, values, strict=True)
    ]
    draw.key = outcome.key
    draw.review_count, draw.comparison_count = len(outcome.review), len(outcome.comparison)
    draw.drawn_at = timezone.now()
    opened_on = review_opened_on or timezone.localdate()
    review_picks = {position: order for order, position in enumerate(outcome.review, start=1)}
    comparison_picks = {position: order for order, position in enumerate(outcome.comparison, start=1)}
    # The pool is read as plain values: a city's pool runs to tens of thousands, its picks to a tenth of that.
    pool = draw.entries.order_by("position").values_list(
        "position",
        "pk",
        "declaration_id",
        "declaration__declarant_id",
        "declaration__unit_id",
        "declaration__agency_id",
    )
    picked, reviews = [], []
    for position, pk, declaration_id, declarant_id, unit_id, agency_id in pool:
        review, comparison = review_picks.get(position), comparison_picks.get(position)
        if review is None and comparison is None:
            continue
        picked.append(DrawEntry(pk=pk, review_pick=review, comparison_pick=comparison))
        for kind, pick in ((ReviewKind.DRAWN, review), (ReviewKind.COMPARISON, comparison)):
            if pick:
                reviews.append(
                    Review(
                        declaration_id=declaration_id,
                        declarant_id=declarant_id,
                        unit_id=unit_id,
                        agency_id=agency_id,
                        kind=kind,
                        draw=draw,
                        opened_on=opened_on,
                    )
                )
    _store_picks(picked)
    Review.objects.bulk_create(reviews)
    return {"key": draw.key, "review": outcome.review, "comparison": outcome.comparison}


def _store_picks(entries: list[DrawEntry]) -> None:
    """One parameterised UPDATE per picked entry, sent as one batch. bulk_update builds a CASE expression
    per entry: two seconds for a city's five thousand picks, against a fiftieth of one."""
    table = connection.ops.quote_name(DrawEntry._meta.db_table)  # the model's own name; the values are parameters
    sql = f"UPDATE {table} SET review_pick = %s, comparison_pick = %s WHERE id = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(entry.review_pick, entry.comparison_pick, entry.pk) for entry in entries])


def _cancel(draw: Draw, **_kwargs) -> dict:
    return {}


_DRAW_ACTIONS: dict[str, Callable[..., dict]] = {"publish": _publish, "draw": _draw, "cancel": _cancel}


@transaction.atomic
def transition_draw(draw: Draw, action: str, *, actor, **kwargs) -> Draw:
    """The one function that moves a draw along DRAW_TRANSITIONS."""
    draw = Draw.objects.select_for_update().get(pk=draw.pk)
    target = DRAW_TRANSITIONS[draw.state].get(action)
    if target is None:
        raise WorkflowError(_("目前狀態「%(state)s」不能執行此動作。") % {"state": draw.get_state_display()})
    data = _DRAW_ACTIONS[action](draw, **kwargs)
    draw.state = target
    draw.save()
    record(actor=actor, verb=f"declarations.draw.{action}", target=draw, data=data)
    return draw


def publish_draw(draw: Draw, *, actor) -> Draw:
    """Freeze and publish the ordered pool, its SHA-256 and the announced sources."""
    return transition_draw(draw, "publish", actor=actor)


def run_draw(draw: Draw, *, actor, values: list[list[int]], review_opened_on: dt.date | None = None) -> Draw:
    """Enter the sources' values and select both stages; opens a review for every pick."""
    return transition_draw(draw, "draw", actor=actor, values=values, review_opened_on=review_opened_on)


def cancel_draw(draw: Draw, *, actor) -> Draw:
    return transition_draw(draw, "cancel", actor=actor)


# Reviews ---------------------------------------------------------------------


def _months_later(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    import calendar

    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def earliest_explanation_due(requested_on: dt.date) -> dt.date:
    """At least one month to explain (財產申報法第12條第2項; 審核辦法第8條)."""
    return _months_later(requested_on, 1)


@transaction.atomic
def open_review(
    *,
    actor,
    declaration: Declaration,
    kind: str,
    opened_on: dt.date,
    complaint=None,
    complaint_ref: str = "",
    draw=None,
    comparison=None,
) -> Review:
    if kind == ReviewKind.CASE and complaint is None and not complaint_ref and comparison is None:
        raise ValidationError(_("個案查核須選擇檢舉案件、填寫檢舉案號，或依前後年度比對結果開啟。"))
    if comparison is not None:
        _check_comparison_trigger(comparison, declaration)
    if complaint is not None and actor is not None:
        from probity.complaints.queries import complaints_visible_to

        if not complaints_visible_to(actor).filter(pk=complaint.pk).exists():
            raise ValidationError({"complaint": _("只能連結您權限範圍內的檢舉案件。")})
    review = Review(
        declaration=declaration,
        declarant=declaration.declarant,
        unit=declaration.unit,
        agency=declaration.agency,
        kind=kind,
        draw=draw,
        complaint=complaint,
        complaint_ref=complaint_ref,
        comparison=comparison,
        opened_on=opened_on,
    )
    review.full_clean()
    review.save()
    record(
        actor=actor,
        verb="declarations.review.opened",
        target=review,
        data={
            "kind": kind,
            "case": complaint_ref,
            "complaint": str(complaint.code) if complaint else None,
            "comparison": str(comparison.run.code) if comparison else None,
            "risk": str(comparison.risk) if comparison else None,
        },
    )
    return review


def _check_comparison_trigger(comparison, declaration: Declaration) -> None:
    """A comparison opens a review of the declaration it compared, once, and only where it found something."""
    if comparison.current_id != declaration.pk:
        raise ValidationError(_("比對結果與受審查之申報不符。"))
    if not comparison.flags:
        raise ValidationError(_("這筆比對結果沒有異常，不須開啟個案查核。"))
    if Review.objects.filter(comparison=comparison).exists():
        raise ValidationError(_("已依這筆比對結果開啟個案查核。"))


def _check_request(review: Review, *, requested_on: dt.date, due_on: dt.date, **_kwargs) -> dict:
    if due_on < earliest_explanation_due(requested_on):
        raise WorkflowError(_("說明期限至少應給一個月。"))
    review.explanation_requested_on, review.explanation_due_on = requested_on, due_on
    return {"requested_on": requested_on, "due_on": due_on}


def _check_explanation(review: Review, *, explanation: str, explained_on: dt.date, **_kwargs) -> dict:
    if not explanation.strip():
        raise WorkflowError(_("請填寫申報人的說明內容。"))
    review.explanation, review.explained_on = explanation, explained_on
    return {"explained_on": explained_on}


def _check_conclusion(review: Review, *, finding: str, concluded_on: dt.date, doc_no: str = "", **_kwargs) -> dict:
    if finding not in Finding.values:
        raise WorkflowError(_("請選擇審查結果。"))
    has_discrepancies = review.discrepancies.exists()
    if finding != Finding.NO_ISSUE and not has_discrepancies:
        raise WorkflowError(_("認定申報不實前，須先記錄不符項目。"))
    if finding == Finding.INTENTIONAL and review.state == ReviewState.OPEN:
        raise WorkflowError(_("移送裁罰前，須先通知申報人陳述意見。"))
    review.finding, review.concluded_on, review.doc_no = finding, concluded_on, doc_no
    if finding == Finding.UNINTENTIONAL:
        review.corrected_table_sent_on = concluded_on
    if finding == Finding.INTENTIONAL:
        review.referred_on = concluded_on
        review.fine_status = FineStatus.REFERRED
    return {"finding": finding, "concluded_on": concluded_on}


_REVIEW_ACTIONS: dict[str, Callable[..., dict]] = {
    "request_explanation": _check_request,
    "record_explanation": _check_explanation,
    "conclude": _check_conclusion,
}


@transaction.atomic
def transition_review(review: Review, action: str, *, actor, **kwargs) -> Review:
    """The one function that moves a review along REVIEW_TRANSITIONS."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    target = REVIEW_TRANSITIONS[review.state].get(action)
    if target is None:
        raise WorkflowError(_("目前狀態「%(state)s」不能執行此動作。") % {"state": review.get_state_display()})
    data = _REVIEW_ACTIONS[action](review, **kwargs)
    review.state = target
    review.save()
    record(actor=actor, verb=f"declarations.review.{action}", target=review, data=data)
    return review


@transaction.atomic
def record_data_retrieval(review: Review, *, actor, retrieved_on: dt.date, sources: str) -> Review:
    review = Review.objects.select_for_update().get(pk=review.pk)
    review.data_retrieved_on, review.data_sources = retrieved_on, sources
    review.save(update_fields=["data_retrieved_on", "data_sources", "updated_at"])
    record(actor=actor, verb="declarations.review.data_retrieved", target=review, data={"on": retrieved_on})
    return review


@transaction.atomic
def add_discrepancy(review: Review, *, actor, **values) -> Discrepancy:
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.state == ReviewState.CONCLUDED:
        raise WorkflowError(_("審查已完畢，不能再新增不符項目。"))
    discrepancy = Discrepancy(review=review, **values)
    discrepancy.full_clean(exclude=["review"])
    discrepancy.save()
    record(
        actor=actor,
        verb="declarations.review.discrepancy_added",
        target=review,
        data={"kind": discrepancy.kind, "category": discrepancy.category, "amount": discrepancy.amount},
    )
    return discrepancy


@transaction.atomic
def record_fine(review: Review, *, actor, status: str, amount: Decimal | None, decided_on: dt.date | None) -> Review:
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.finding != Finding.INTENTIONAL:
        raise WorkflowError(_("只有移送裁罰的案件才有罰鍰。"))
    if status in (FineStatus.IMPOSED, FineStatus.PAID) and not (amount and decided_on):
        raise WorkflowError(_("已裁處須填寫罰鍰金額與裁處日。"))
    review.fine_status, review.fine_amount, review.fine_decided_on = status, amount, decided_on
    review.save(update_fields=["fine_status", "fine_amount", "fine_decided_on", "updated_at"])
    record(
        actor=actor, verb="declarations.review.fine_recorded", target=review, data={"status": status, "amount": amount}
    )
    return review


# Year-over-year comparison ---------------------------------------------------


def _engine_items(declaration: Declaration) -> list[comparison.Item]:
    return [
        comparison.Item(i.owner, i.category, i.value, i.identifier, i.description, i.owner_name)
        for i in declaration.items.all()
    ]


def previous_declaration(declaration: Declaration) -> Declaration | None:
    """The declarant's latest earlier declaration (any type but correction) to compare with."""
    return (
        Declaration.objects.filter(declarant_id=declaration.declarant_id, declared_on__lt=declaration.declared_on)
        .exclude(kind=DeclarationType.CORRECTION)
        .order_by("-declared_on")
        .first()
    )


def _previous_declarations(current: list[Declaration]) -> dict[int, Declaration]:
    """For each declaration, the declarant's latest earlier one (one query for all)."""
    by_declarant: dict[int, list[Declaration]] = defaultdict(list)
    earlier = (
        Declaration.objects.filter(declarant_id__in={d.declarant_id for d in current})
        .exclude(kind=DeclarationType.CORRECTION)
        .only("pk", "declarant_id", "declared_on")
        .order_by("declared_on", "pk")
    )
    for declaration in earlier:
        by_declarant[declaration.declarant_id].append(declaration)
    found = {}
    for declaration in current:
        before = [d for d in by_declarant[declaration.declarant_id] if d.declared_on < declaration.declared_on]
        if before:
            found[declaration.pk] = before[-1]
    return found


def _flag_data(flag: comparison.Flag) -> dict:
    """A flag as stored: its explanation in Chinese, and its message to say it again in the reader's language."""
    return {
        "code": flag.code,
        "explanation": str(flag.explanation),
        "score": str(flag.score),
        "message": flag.explanation.as_data(),
    }


@transaction.atomic
def run_comparison(
    *, actor, unit, filing_year: int, declarations, title: str, draw: Draw | None = None
) -> ComparisonRun:
    """Compare each given declaration with the declarant's previous one and store the results."""
    run = ComparisonRun.objects.create(
        unit=unit, filing_year=filing_year, previous_year=filing_year - 1, draw=draw, title=title[:200]
    )
    results = []
    current_list = list(declarations.prefetch_related("items").select_related("declarant"))
    previous = _previous_declarations(current_list)
    earlier_items = {
        d.pk: d for d in Declaration.objects.filter(pk__in=[p.pk for p in previous.values()]).prefetch_related("items")
    }
    for declaration in current_list:
        if declaration.pk not in previous:
            continue
        before = earlier_items[previous[declaration.pk].pk]
        outcome = comparison.compare(_engine_items(before), _engine_items(declaration), declaration.household_salary)
        results.append(
            ComparisonResult(
                run=run,
                declarant_id=declaration.declarant_id,
                previous=before,
                current=declaration,
                net_worth_before=outcome.net_worth_before,
                net_worth_after=outcome.net_worth_after,
                household_salary=outcome.household_salary,
                risk=outcome.risk,
                flags=[_flag_data(flag) for flag in outcome.flags],
                changes={category: str(change) for category, change in outcome.changes.items()},
            )
        )
    ComparisonResult.objects.bulk_create(results, batch_size=1000)
    run.compared = len(results)
    run.flagged = sum(1 for result in results if result.flags)
    run.save(update_fields=["compared", "flagged", "updated_at"])
    record(
        actor=actor,
        verb="declarations.comparison.run",
        target=run,
        data={"compared": run.compared, "flagged": run.flagged},
    )
    return run


# Reads -----------------------------------------------------------------------

# What staff are shown of a declarant's assets, each read recorded as complaint identities are.
READ_VERBS = frozenset(
    {
        "declarations.declaration.read",
        "declarations.review.read",
        "declarations.comparison.read",
        "declarations.review.corrected_table_read",
    }
)


@transaction.atomic
def record_read(*, actor, verb: str, target, **data) -> None:
    """Leave an audit event for a page or document that showed ``actor`` a declarant's asset data.

    Called only once ``target`` was found within the actor's scope (an outsider's 404 records nothing); it
    appends the event and changes nothing else. ``data`` holds codes only (a page number, a file format):
    never an ID number or an amount."""
    if verb not in READ_VERBS:
        raise ValueError(f"not a read of asset data: {verb!r}")
    record(actor=actor, verb=verb, target=target, data=data)
