"""The read side of the access-log audit: scoped lists and single records, plus reads of the log store."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from django.db.models import CharField, Count, Func, IntegerField, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils.translation import gettext as _

from probity.accessaudit import storage
from probity.accessaudit.enums import ALERT_KINDS, DECLARED_BASIS, CheckResult, Decision, JobStatus
from probity.accessaudit.models import (
    AccessAuditFinding,
    AccessAuditor,
    Alert,
    AuditRun,
    ImportedMonth,
    LogImport,
    MonitoredSystem,
    PeerDay,
    SampleCheck,
    SampleDraw,
)
from probity.analytics import sampling
from probity.analytics.calendar import covered_years, with_bundled
from probity.analytics.explain import Explanations, explanations_for
from probity.analytics.ingest import StoreBusyError, has_lookups, lookups_glob, months_held
from probity.analytics.timeline import one_lookup, subject_lookups, user_timeline
from probity.declarations.queries import declarants_visible_to, declared_family
from probity.org.queries import get_visible, visible_records


def _allowed(user) -> bool:
    return user.is_authenticated and user.has_perm("accessaudit.use")


def _scoped(user, queryset: QuerySet) -> QuerySet:
    if not _allowed(user):
        return queryset.none()
    return visible_records(user, queryset, field="unit")


def systems_visible_to(user) -> QuerySet:
    return _scoped(user, MonitoredSystem.objects.select_related("unit", "agency"))


def _per_system(queryset: QuerySet, aggregate, output_field=None) -> Subquery:
    """One figure of the system's related rows: a subquery, so that the list's figures do not multiply."""
    rows = queryset.filter(system=OuterRef("pk")).order_by().values("system").annotate(figure=aggregate)
    return Subquery(rows.values("figure"), output_field=output_field)


def system_summaries(user) -> QuerySet:
    """The systems in the user's scope with what the list shows of each: lookups imported, the last day
    audited, and the alerts awaiting a decision."""
    done = Q(status=JobStatus.SUCCEEDED)
    return systems_visible_to(user).annotate(
        lookups=_per_system(LogImport.objects.filter(done), Sum("rows")),
        audited_to=_per_system(AuditRun.objects.filter(done), Max("date_to")),
        open_alerts=_per_system(Alert.objects.filter(decision=Decision.OPEN), Count("pk"), IntegerField()),
    )


def get_system_for(user, code) -> MonitoredSystem:
    return get_visible(user, systems_visible_to(user), code)


def alerts_visible_to(user) -> QuerySet:
    return _scoped(user, Alert.objects.select_related("system", "decided_by"))


def get_alert_for(user, code) -> Alert:
    return get_visible(user, alerts_visible_to(user).select_related("finding", "run", "sample_check__draw"), code)


def alerts_of_same_lookup(user, alert: Alert) -> QuerySet:
    """The other alerts one lookup raised (it can be unexplained and a relative's at once), on the account-day
    index: a lookup's alerts share its account and day."""
    if alert.lookup_id is None:
        return Alert.objects.none()
    same = alerts_visible_to(user).filter(
        system=alert.system, account=alert.account, day=alert.day, lookup_id=alert.lookup_id
    )
    return same.exclude(pk=alert.pk).order_by("-score", "rule", "kind")


def mark_same_lookup(user, alerts: list[Alert]) -> list[Alert]:
    """Sets ``same_lookup`` on each alert to the number of other alerts its lookup raised, in one query for the
    whole page on the account-day index, so the queue shows which rows are one lookup to decide once."""
    keyed = [alert for alert in alerts if alert.lookup_id is not None]
    counts = {}
    if keyed:
        rows = (
            alerts_visible_to(user)
            .filter(
                system_id__in={alert.system_id for alert in keyed},
                account__in={alert.account for alert in keyed},
                day__in={alert.day for alert in keyed},
                lookup_id__in={alert.lookup_id for alert in keyed},
            )
            .order_by()
            .values_list("system_id", "account", "day", "lookup_id")
            .annotate(n=Count("id"))
        )
        counts = {tuple(row[:4]): row[4] for row in rows}
    for alert in alerts:
        alert.same_lookup = counts.get((alert.system_id, alert.account, alert.day, alert.lookup_id), 1) - 1
    return alerts


def imports_visible_to(user) -> QuerySet:
    return _scoped(user, LogImport.objects.select_related("system"))


def get_import_for(user, code) -> LogImport:
    return get_visible(user, imports_visible_to(user), code)


def runs_visible_to(user) -> QuerySet:
    return _scoped(user, AuditRun.objects.select_related("system"))


def findings_visible_to(user) -> QuerySet:
    return _scoped(
        user,
        AccessAuditFinding.objects.select_related("system", "agency", "inspection", "complaint")
        .annotate(alert_total=Count("alerts"), score_total=Sum("alerts__score"))
        .order_by("-month", "account", "system_id"),
    )


def filter_findings(findings: QuerySet, *, q="", period=None, system=None, complaint="") -> QuerySet:
    if q:
        findings = findings.filter(Q(account__icontains=q) | Q(staff_name__icontains=q))
    if period is not None:
        months = [
            f"{period.first_day.year}-{month:02d}" for month in range(period.first_day.month, period.last_day.month + 1)
        ]
        findings = findings.filter(month__in=months)
    if system is not None:
        findings = findings.filter(system=system)
    if complaint:
        findings = findings.filter(complaint__isnull=complaint == "none")
    return findings


def get_finding_for(user, code) -> AccessAuditFinding:
    return get_visible(user, findings_visible_to(user), code)


def samples_visible_to(user) -> QuerySet:
    return _scoped(user, SampleDraw.objects.select_related("system"))


def get_sample_for(user, code) -> SampleDraw:
    return get_visible(user, samples_visible_to(user).select_related("inspection"), code)


@dataclass(frozen=True)
class SampledLookup:
    """One drawn lookup as the sample page and its export show it: the draw's row, its check, its alerts."""

    order: int
    lookup_id: int
    ts: str
    account: str
    action: str
    subject_id: str
    reason: str
    check: SampleCheck | None
    alerts: list[Alert] = field(default_factory=list)


SAMPLE_FILTERS = ("unchecked", *CheckResult.values)


def sampled_lookups(draw: SampleDraw, *, result: str = "") -> list[SampledLookup]:
    """The draw's lookups in draw order with their checks; ``result`` (unchecked, matched, mismatch) narrows."""
    checks = {check.order: check for check in draw.checks.select_related("checked_by")}
    rows = [
        SampledLookup(
            order=row["order"],
            lookup_id=row["lookup_id"],
            ts=row["ts"],
            account=row["account"],
            action=row.get("action", ""),
            subject_id=row["subject_id"],
            reason=row["reason"],
            check=checks.get(row["order"]),
        )
        for row in sorted(draw.drawn, key=lambda row: row["order"])
    ]
    if result == "unchecked":
        return [row for row in rows if row.check is None]
    if result:
        return [row for row in rows if row.check is not None and row.check.result == result]
    return rows


def attach_alerts(draw: SampleDraw, rows: list[SampledLookup]) -> None:
    """Put beside each sampled lookup the rule alerts raised on it (one query for the lot)."""
    by_lookup: dict[int, list[Alert]] = {}
    alerts = Alert.objects.filter(system_id=draw.system_id, lookup_id__in=[row.lookup_id for row in rows])
    for alert in alerts.order_by("lookup_id", "-score"):
        by_lookup.setdefault(alert.lookup_id, []).append(alert)
    for row in rows:
        row.alerts.extend(by_lookup.get(row.lookup_id, []))


def sample_summaries(samples: QuerySet) -> QuerySet:
    """Draws for a list: without their drawn lookups, with how many of them have been checked."""
    return samples.defer("drawn").annotate(
        checked=Count("checks"), mismatched=Count("checks", filter=Q(checks__result=CheckResult.MISMATCH))
    )


def check_counts(draw: SampleDraw) -> dict[str, int]:
    """How far the manual check has got: checked, matched, mismatched and still to check."""
    counts = dict(draw.checks.values_list("result").annotate(n=Count("pk")).order_by())
    checked = sum(counts.values())
    return {
        "checked": checked,
        "matched": counts.get(CheckResult.MATCHED, 0),
        "mismatch": counts.get(CheckResult.MISMATCH, 0),
        "unchecked": draw.size - checked,
    }


def systems_without_sample(user, month: str) -> QuerySet:
    """Active systems whose imported logs cover ``month`` (YYYY-MM) but which have no sample drawn for it."""
    covering = ImportedMonth.objects.filter(
        month=month, log_import__in=imports_visible_to(user).filter(status=JobStatus.SUCCEEDED)
    ).values("log_import__system")
    return systems_visible_to(user).filter(pk__in=covering, is_active=True).exclude(samples__month=month)


def period_to_audit(system: MonitoredSystem) -> tuple[dt.date, dt.date] | None:
    """The days the run form offers: the imported days after the last day audited, from the first month an
    import has added to since its run, or, when every imported month has been audited, the latest month (a
    rerun after the rules were tuned). None before any import."""
    imported = ImportedMonth.objects.filter(log_import__system=system, log_import__status=JobStatus.SUCCEEDED)
    months = sorted(set(imported.values_list("month", flat=True)))
    if not months:
        return None
    runs = AuditRun.objects.filter(system=system, status=JobStatus.SUCCEEDED)
    audited_to = runs.aggregate(last=Max("date_to"))["last"]
    pending = [month for month in months if audited_to is None or _month_end(month) > audited_to]
    stale = months_imported_since_audit(system)
    if not pending and not stale:
        return dt.date.fromisoformat(f"{months[-1]}-01"), _month_end(months[-1])
    first = min([*pending, *stale])
    start = dt.date.fromisoformat(f"{first}-01")
    if first not in stale and audited_to is not None and audited_to >= start:
        start = audited_to + dt.timedelta(days=1)  # a month audited part of the way goes on from the next day
    return start, _month_end(max([*pending, *stale]))


def _month_end(month: str) -> dt.date:
    year, number = (int(part) for part in month.split("-"))
    return dt.date(year, number, calendar.monthrange(year, number)[1])


def has_store(system: MonitoredSystem) -> bool:
    """Whether any lookups of the system are in the store (all may have been purged after retention)."""
    return has_lookups(storage.root(), system.key)


def purged_months(log_import: LogImport) -> list[str]:
    """The months a successful import brought that the retention purge has since removed from the store."""
    if log_import.status != JobStatus.SUCCEEDED:
        return []
    held = months_held(storage.root(), log_import.system.key)
    return [month for month in log_import.months if month not in held]


def verify_draw(draw: SampleDraw) -> sampling.Verification:
    """Re-run a recorded sample against the store as it is now: the pool's digest and the lookups drawn."""
    with storage.reading(draw.system.key):
        return sampling.verify_sample(
            lookups_glob(storage.root(), draw.system.key),
            month=draw.month,
            sources=draw.sources,
            pool_digest=draw.pool_digest,
            drawn_ids=[row["lookup_id"] for row in sorted(draw.drawn, key=lambda row: row["order"])],
        )


def draw_pool_text(draw: SampleDraw) -> bytes:
    """The sample's pool as the store holds it now, one lookup id per line: the bytes its digest is of."""
    with storage.reading(draw.system.key):
        return sampling.pool_text(lookups_glob(storage.root(), draw.system.key), draw.month)


def holidays_input(system: MonitoredSystem) -> pa.Table:
    """The bundled calendar with the system's own holiday file, if any, laid over it by date."""
    path = storage.source_path(system.key, "holidays")
    return with_bundled(pq.read_table(path, columns=["date", "name", "kind"]) if path.exists() else None)


def holiday_years(system: MonitoredSystem) -> set[int]:
    """The years that the system's holiday calendar knows (``calendar.covered_years``)."""
    return covered_years(holidays_input(system))


def auditors_visible_to(user) -> QuerySet:
    if not (user.is_authenticated and user.has_perm("accessaudit.manage")):
        return AccessAuditor.objects.none()
    return AccessAuditor.objects.select_related("user", "unit").order_by("unit__path", "user__username")


def filter_alerts(
    queryset: QuerySet, *, system=None, rule="", kind="", decision="", q="", period=None, month=""
) -> QuerySet:
    if system is not None:
        queryset = queryset.filter(system=system)
    if rule:
        queryset = queryset.filter(rule=rule)
    if kind:
        queryset = queryset.filter(kind=kind)
    if decision:
        queryset = queryset.filter(decision=decision)
    if q:
        matches = (
            Q(account__icontains=q) | Q(staff_name__icontains=q) | Q(reason__icontains=q) | Q(subject_id=q.upper())
        )
        if kinds := kinds_named(q):
            matches |= Q(kind__in=kinds)
        queryset = queryset.filter(matches)
    if period is not None:
        queryset = queryset.filter(day__gte=period.first_day, day__lte=period.last_day)
    if month:
        queryset = queryset.filter(day__gte=dt.date.fromisoformat(f"{month}-01"), day__lte=_month_end(month))
    return queryset


def kinds_named(q: str) -> list[str]:
    """The kinds whose name, in the page's language, contains ``q``: reasons are stored in Chinese only, so a
    search in English for "holiday" or "VIP" finds its alerts through their kind."""
    needle = q.casefold()
    return [kind for _rule, kind, label in ALERT_KINDS if needle in str(label).casefold()]


class MonthOf(Func):
    """A date's month as text (``2021-08``) in the database's own function: Django's year and month extracts
    are Python callbacks on SQLite, called once per row (1.8 s of the queue's first page at 300,000 alerts)."""

    arity = 1
    output_field = CharField()

    def as_sql(self, compiler, connection, **extra):
        # Probity runs on SQLite and PostgreSQL only (settings.DATABASES); another database fails loudly here.
        raise NotImplementedError(f"MonthOf is written for SQLite and PostgreSQL, not {connection.vendor}")

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="strftime('%%%%Y-%%%%m', %(expressions)s)", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="to_char(%(expressions)s, 'YYYY-MM')", **extra)


# The queue's two summaries group on the system's id, not its name and code: over 300,000 alerts that halves
# their time (bench/accessaudit_queue.py); ``with_systems`` then puts the systems on the few rows shown.


def user_scores(queryset: QuerySet) -> QuerySet:
    """Alerts grouped per account and month (``2021-08``), highest total score first."""
    return (
        queryset.values("system_id", "account", "staff_name", month=MonthOf("day"))
        .annotate(score=Sum("score"), alerts=Count("id"), last_day=Max("day"))
        .order_by("-score", "account", "system_id", "-month")
    )


def subjects_of_many_accounts(queryset: QuerySet) -> QuerySet:
    """Subjects whose alerts come from two accounts or more, most accounts first: one person looked up by many
    (a celebrity, a neighbour in the news) shows as one row here rather than as alerts scattered over accounts."""
    return (
        queryset.exclude(subject_id="")
        .values("system_id", "subject_id")
        .annotate(
            accounts=Count("account", distinct=True), alerts=Count("*"), first_day=Min("day"), last_day=Max("day")
        )
        .filter(accounts__gte=2)
        .order_by("-accounts", "-alerts", "subject_id", "system_id")
    )


def with_systems(user, rows: list[dict]) -> list[dict]:
    """Put each summary row's system (by ``system_id``) on it, read in one query from the user's systems."""
    systems = systems_visible_to(user).in_bulk({row["system_id"] for row in rows})
    for row in rows:
        row["system"] = systems[row["system_id"]]
    return rows


def lookups_of_user(
    system: MonitoredSystem, account: str, start: dt.date, end: dt.date, *, limit: int, offset: int, oldest_first=False
):
    with storage.reading(system.key):
        return user_timeline(
            storage.root(), system.key, account, start, end, limit=limit, offset=offset, oldest_first=oldest_first
        )


def lookups_of_subject(
    system: MonitoredSystem, subject_id: str, start: dt.date, end: dt.date, *, limit: int, oldest_first=False
):
    with storage.reading(system.key):
        return subject_lookups(
            storage.root(), system.key, subject_id, start, end, limit=limit, oldest_first=oldest_first
        )


def staff_records(system: MonitoredSystem, accounts: list[str]) -> dict[str, dict]:
    """The user mapping's rows of the accounts (read once for a whole list), by account."""
    return _source_rows(system.key, "users", "user_id", accounts)


def _source_rows(key: str, kind: str, column: str, values: list[str]) -> dict[str, dict]:
    """The rows of one of a system's source tables whose ``column`` is one of ``values``, by that value (the
    first row of each, as ``_source_row``)."""
    path = storage.source_path(key, kind)
    if not values or not path.exists():
        return {}
    with duckdb.connect() as con:
        cursor = con.execute(f"SELECT * FROM read_parquet(?) WHERE list_contains(?, {column})", [str(path), values])  # noqa: S608
        names = [c[0] for c in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return {row[column]: row for row in reversed(rows)}


def name_subjects(rows: list[dict]) -> list[dict]:
    """Give each row (with its ``system`` and ``subject_id``) the subject's name from its system's subject
    table, read once per system."""
    wanted: dict[str, list[str]] = {}
    for row in rows:
        wanted.setdefault(row["system"].key, []).append(row["subject_id"])
    found = {key: _source_rows(key, "subjects", "subject_id", ids) for key, ids in wanted.items()}
    for row in rows:
        row["subject_name"] = (found[row["system"].key].get(row["subject_id"]) or {}).get("name") or ""
    return rows


def subject_record(system: MonitoredSystem, subject_id: str) -> dict | None:
    """The subject's row in the system's subject table (name, area, VIP…), if it has one."""
    return _source_row(system, "subjects", "subject_id", subject_id)


def alerts_per_account(alerts: QuerySet) -> dict[str, int]:
    return dict(alerts.order_by().values_list("account").annotate(n=Count("pk")))


def lookup_alerts(alerts: QuerySet) -> dict[int, list[Alert]]:
    """Alerts on single lookups, by lookup (a lookup may raise several rules' alerts)."""
    found: dict[int, list[Alert]] = {}
    for alert in alerts.filter(lookup_id__isnull=False).order_by("rule", "kind", "pk"):
        found.setdefault(alert.lookup_id, []).append(alert)
    return found


@dataclass(frozen=True)
class PeerLine:
    """An account's peers (same unit and role) on the days of a timeline."""

    unit: str
    role: str
    means: dict[dt.date, float]  # lookups per peer who looked anything up that day, the account left out


def _source_row(system: MonitoredSystem, kind: str, column: str, value: str | None) -> dict | None:
    """The first row of one of the system's source tables whose ``column`` is ``value``."""
    path = storage.source_path(system.key, kind)
    if value is None or not path.exists():
        return None
    with duckdb.connect() as con:
        cursor = con.execute(f"SELECT * FROM read_parquet(?) WHERE {column} = ? LIMIT 1", [str(path), value])  # noqa: S608
        row = cursor.fetchone()
        return dict(zip([c[0] for c in cursor.description], row, strict=True)) if row else None


def staff_record(system: MonitoredSystem, account: str) -> dict | None:
    """The account's row in the system's user mapping (person, name, unit, role…), if it has one."""
    return _source_row(system, "users", "user_id", account)


def peer_group(staff: dict | None) -> tuple[str, str] | None:
    """The unit and role of an account's row in the user mapping (``staff_record``), if it has both."""
    staff = staff or {}
    return (staff["unit"], staff["role"]) if staff.get("unit") and staff.get("role") else None


def peer_line(
    system: MonitoredSystem, staff: dict | None, start: dt.date, end: dt.date, own: dict[dt.date, int]
) -> PeerLine | None:
    """The peers' mean per day, from the counts the audit runs kept; ``staff`` is the account's row in the
    user mapping and ``own`` its days.

    The account is taken out of its group's counts, as the volume rule does, so a spike is set beside
    the others and not beside itself.
    """
    group = peer_group(staff)
    if group is None:
        return None
    days = PeerDay.objects.filter(system=system, unit=group[0], role=group[1], day__range=(start, end))
    means = {}
    for day, users, lookups in days.values_list("day", "users", "lookups"):
        mine = own.get(day, 0)
        others = users - (1 if mine else 0)
        if others > 0:
            means[day] = max(lookups - mine, 0) / others
    return PeerLine(*group, means) if means else None


def peer_gap(system: MonitoredSystem, staff: dict | None, start: dt.date, end: dt.date) -> str:
    """Why a timeline has no peer line: ``no_group`` (the user mapping gives the account no unit and role),
    ``no_run`` (no audit run has counted the period's days yet) or ``alone`` (no one else in the group)."""
    if peer_group(staff) is None:
        return "no_group"
    if not PeerDay.objects.filter(system=system, day__range=(start, end)).exists():
        return "no_run"
    return "alone"


@dataclass(frozen=True)
class DeclaredRelatives:
    users: int  # the system's staff whose asset declarations name a spouse or child with an ID number
    relatives: int  # those relatives


def declared_relatives(system: MonitoredSystem) -> DeclaredRelatives:
    """How much of the relative rule the asset declarations feed for this system's users."""
    path = storage.source_path(system.key, "users")
    if not path.exists():
        return DeclaredRelatives(0, 0)
    with duckdb.connect() as con:
        persons = {
            row[0] for row in con.execute("SELECT DISTINCT person_id FROM read_parquet(?)", [str(path)]).fetchall()
        }
    matched = [(person, relative) for person, _relation, relative in declared_family() if person in persons]
    return DeclaredRelatives(len({person for person, _ in matched}), len(matched))


def declarant_behind(user, alert: Alert, staff: dict | None):
    """For a relative alert that names the asset declarations, the declarant record the user may open;
    ``staff`` is the account's row in the user mapping."""
    if alert.kind != "relative" or DECLARED_BASIS not in alert.reason:
        return None
    person_id = (staff or {}).get("person_id")
    return declarants_visible_to(user).filter(id_number=person_id).first() if person_id else None


@dataclass(frozen=True)
class Party:
    """One line of the account set beside the subject: what each source table says, and whether it matches."""

    label: str
    account: object
    subject: object
    same: bool


def parties(staff: dict | None, subject: dict | None) -> list[Party]:
    """The account's staff record beside the subject's record, as the relationship rules compare them."""
    staff, subject = staff or {}, subject or {}
    if not staff and not subject:
        return []
    lines = [
        (_("身分證號"), staff.get("person_id"), subject.get("subject_id")),
        (_("姓名"), staff.get("name"), subject.get("name")),
        (_("姓"), staff.get("surname"), subject.get("surname")),
        (_("戶籍地址"), staff.get("address"), subject.get("address")),
        (_("單位"), staff.get("unit"), subject.get("staff_unit")),
        (_("區域"), staff.get("area"), subject.get("area")),
    ]
    found = [Party(label, mine, theirs, bool(mine) and mine == theirs) for label, mine, theirs in lines]
    found.append(Party(_("職稱"), staff.get("role"), None, False))
    vip = subject.get("vip")
    found.append(Party(_("重要人士"), None, None if vip is None else (_("是") if vip else _("否")), False))
    return found


@dataclass(frozen=True)
class AlertEvidence:
    lookup: dict | None  # the alerted lookup as the store holds it; None once purged
    explanations: Explanations
    parties: list[Party]


def alert_evidence(alert: Alert, staff: dict | None) -> AlertEvidence | None:
    """The alerted lookup, the two people it joins and what could explain it, for the officer deciding the
    alert; ``staff`` is the account's row in the user mapping."""
    if alert.lookup_id is None:
        return None
    with storage.reading(alert.system.key):
        lookup = one_lookup(storage.root(), alert.system.key, alert.account, alert.day, alert.lookup_id)
    subject_id = lookup["subject_id"] if lookup else alert.subject_id
    found = explanations_for(
        storage.source_path(alert.system.key, "explanations"),
        user_id=alert.account,
        subject_id=subject_id,
        doc_no=lookup["reason"] if lookup else None,
        day=alert.day,
    )
    subject = _source_row(alert.system, "subjects", "subject_id", subject_id)
    return AlertEvidence(lookup, found, parties(staff, subject))


def store_glob(system: MonitoredSystem) -> str:
    return lookups_glob(storage.root(), system.key)


@dataclass(frozen=True)
class MonthStatus:
    """One month of a system at a glance: its lookups, how much of it the rules have run over, its alerts by
    decision and its sample."""

    month: str  # YYYY-MM
    lookups: int | None  # None while the store is rewritten, or once the month is purged
    audited_days: int  # days of the month that a finished run covered
    imported_since_audit: bool  # lookups came in after the run over them began
    days: int
    alerts: dict[str, int]  # by decision
    sample: SampleDraw | None  # with ``checked`` annotated

    @property
    def first_day(self) -> dt.date:
        return dt.date.fromisoformat(f"{self.month}-01")

    @property
    def alert_total(self) -> int:
        return sum(self.alerts.values())


def monthly_status(user, system: MonitoredSystem) -> tuple[list[MonthStatus], bool]:
    """Every month the system has lookups, alerts or a sample of, newest first, and whether the lookups could
    be counted (not while a rekey or the retention purge rewrites the store)."""
    lookups = _lookups_per_month(system)
    alerts: dict[str, dict[str, int]] = {}
    per_month = Alert.objects.filter(system=system).order_by().values("decision", month=MonthOf("day"))
    for row in per_month.annotate(n=Count("pk")):
        alerts.setdefault(row["month"], {})[row["decision"]] = row["n"]
    samples = {draw.month: draw for draw in sample_summaries(samples_visible_to(user).filter(system=system))}
    covered = Counter(f"{day:%Y-%m}" for day in _last_run_per_day(system))
    stale = months_imported_since_audit(system)
    months = sorted(set(lookups or {}) | set(alerts) | set(samples), reverse=True)
    rows = [
        MonthStatus(
            month=month,
            lookups=(lookups or {}).get(month),
            audited_days=covered[month],
            imported_since_audit=month in stale,
            days=_month_end(month).day,
            alerts=alerts.get(month, {}),
            sample=samples.get(month),
        )
        for month in months
    ]
    return rows, lookups is not None


def _lookups_per_month(system: MonitoredSystem) -> dict[str, int] | None:
    """Lookups per month held in the store: row counts from the files' footers, no column read."""
    if not has_store(system):
        return {}
    try:
        with storage.reading(system.key), duckdb.connect() as con:
            rows = con.execute(
                "SELECT CAST(month AS VARCHAR), count(*) FROM read_parquet(?, hive_partitioning=true) GROUP BY ALL",
                [store_glob(system)],
            ).fetchall()
    except StoreBusyError:
        return None
    return dict(rows)


def _last_run_per_day(system: MonitoredSystem) -> dict[dt.date, dt.datetime]:
    """Each audited day and when the latest finished run over it was started."""
    days: dict[dt.date, dt.datetime] = {}
    runs = AuditRun.objects.filter(system=system, status=JobStatus.SUCCEEDED).order_by("created_at")
    for start, end, started in runs.values_list("date_from", "date_to", "created_at"):
        days.update((start + dt.timedelta(days=n), started) for n in range((end - start).days + 1))
    return days


def months_imported_since_audit(system: MonitoredSystem) -> set[str]:
    """Months an import added lookups to after a run over them was started: their alerts miss those lookups
    until the rules run again. A run is dated from its queueing, so a late import is never missed."""
    imported = ImportedMonth.objects.filter(log_import__system=system, log_import__status=JobStatus.SUCCEEDED)
    last_import = dict(imported.values_list("month").annotate(last=Max("log_import__finished_at")).order_by())
    runs_by_month: dict[str, list[dt.datetime]] = {}
    for day, started in _last_run_per_day(system).items():
        runs_by_month.setdefault(f"{day:%Y-%m}", []).append(started)
    return {
        month
        for month, started in runs_by_month.items()
        if last_import.get(month) is not None and last_import[month] > min(started)
    }
