"""The write side of the access-log audit. Every change goes through a function here and is audited.

Imports and audit runs do long DuckDB work; their functions commit a short
transaction to mark the start, do the work outside any transaction (a lock
held for minutes would block the site), then commit the outcome with its audit
event. Progress ticks are written with a bare UPDATE and are not audit events.
"""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from probity.accessaudit import queries, storage
from probity.accessaudit.enums import (
    DECISION_TRANSITIONS,
    DECLARED_BASIS,
    RELATION_WORDS,
    SAMPLE_RULE,
    CheckResult,
    Decision,
    JobStatus,
    SourceKind,
)
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
    SourceFile,
)
from probity.accessaudit.reasons import reason_text
from probity.activities import domain as activities
from probity.activities.enums import InspectionKind, InspectionStatus
from probity.activities.models import Inspection
from probity.analytics import ingest as log_ingest
from probity.analytics import rules as log_rules
from probity.analytics import sampling
from probity.analytics.messages import Message
from probity.analytics.schema import SOURCE_COLUMNS
from probity.analytics.sources import load_source
from probity.audit.domain import record
from probity.complaints import domain as complaints
from probity.complaints.enums import Category, Channel
from probity.core import roc
from probity.core.language import language_of_record
from probity.core.text import clauses
from probity.declarations import queries as declaration_queries
from probity.org.queries import unit_for_agency, units_writable_by

TAIPEI = zoneinfo.ZoneInfo("Asia/Taipei")
ALERT_BATCH = 2000
# How long the agency has to report improvements on a misuse inspection (as the activities demo uses).
FOLLOW_UP_DAYS = 60


@transaction.atomic
def designate_auditor(*, user, unit, actor) -> AccessAuditor:
    designation, _created = AccessAuditor.objects.select_for_update().get_or_create(user=user, defaults={"unit": unit})
    designation.unit = unit
    designation.is_active = True
    designation.save()
    record(actor=actor, verb="accessaudit.auditor.designate", target=designation, data={"user": user.username})
    return designation


@transaction.atomic
def revoke_auditor(*, designation: AccessAuditor, actor) -> AccessAuditor:
    designation = AccessAuditor.objects.select_for_update().get(pk=designation.pk)
    designation.is_active = False
    designation.save(update_fields=["is_active", "updated_at"])
    record(actor=actor, verb="accessaudit.auditor.revoke", target=designation, data={})
    return designation


@transaction.atomic
def register_system(
    *, agency, key: str, name: str, column_mapping: dict, encoding: str = "utf-8", rule_settings=None, unit=None, actor
) -> MonitoredSystem:
    log_ingest.ColumnMapping.from_dict(column_mapping)  # refuse a mapping the library cannot use
    log_rules.merged_rules(rule_settings)
    unit = unit or unit_for_agency(agency)
    if unit is None:
        raise ValidationError(_("此機關沒有對應的政風機構。"))
    system = MonitoredSystem.objects.create(
        agency=agency,
        unit=unit,
        key=key,
        name=name,
        column_mapping=column_mapping,
        encoding=encoding,
        rule_settings=rule_settings or {},
    )
    record(actor=actor, verb="accessaudit.system.register", target=system, data={"key": key, "name": name})
    return system


SYSTEM_FIELDS = ("name", "encoding", "column_mapping", "is_active")


@transaction.atomic
def update_system(*, system: MonitoredSystem, actor, **values) -> MonitoredSystem:
    """Name, encoding, log column mapping, monitoring on or off. The key, naming the store's folder, stays."""
    if "column_mapping" in values:
        log_ingest.ColumnMapping.from_dict(values["column_mapping"])  # refuse a mapping the library cannot use
    system = MonitoredSystem.objects.select_for_update().get(pk=system.pk)
    changed = [name for name in SYSTEM_FIELDS if name in values and getattr(system, name) != values[name]]
    for name in changed:
        setattr(system, name, values[name])
    system.save(update_fields=[*changed, "updated_at"])
    record(actor=actor, verb="accessaudit.system.update", target=system, data={"changed": changed})
    return system


@transaction.atomic
def update_rule_settings(*, system: MonitoredSystem, rule_settings: dict, actor) -> MonitoredSystem:
    log_rules.merged_rules(rule_settings)
    system = MonitoredSystem.objects.select_for_update().get(pk=system.pk)
    before, system.rule_settings = system.rule_settings, rule_settings
    system.save(update_fields=["rule_settings", "updated_at"])
    # Both sides, so that the system's history can say what each change did (accessaudit.events).
    record(
        actor=actor,
        verb="accessaudit.system.rules",
        target=system,
        data={"rule_settings": rule_settings, "before": before},
    )
    return system


def import_source(
    *,
    system: MonitoredSystem,
    kind: str,
    path: Path,
    file_name: str,
    encoding: str = "utf-8",
    merge: bool = False,
    actor,
) -> SourceFile:
    """Check one source file and replace its table with it, or merge it in (bulk loader); a bad file raises
    IngestError and changes nothing."""
    SourceKind(kind)
    sha = log_ingest.file_sha256(Path(path))
    with transaction.atomic():
        # Two loads of one system's sources at once would each merge into the table the other replaces.
        MonitoredSystem.objects.select_for_update().filter(pk=system.pk).first()
        load = load_source(kind, path, storage.source_path(system.key, kind), encoding=encoding, merge=merge)
        source, _created = SourceFile.objects.update_or_create(
            system=system,
            kind=kind,
            defaults={
                "unit": system.unit,
                "file_name": file_name,
                "sha256": sha,
                "rows": load.total,
                "file_rows": load.rows,
                "merged": merge,
            },
        )
        record(
            actor=actor,
            verb="accessaudit.source.import",
            target=source,
            data={
                "kind": kind,
                "rows": load.rows,
                "total": load.total,
                "merge": merge,
                "sha256": sha,
                "file": file_name,
            },
        )
    return source


@transaction.atomic
def queue_log_import(
    *, system: MonitoredSystem, path: Path, file_name: str, file_format: str = "", encoding: str = "", actor
) -> LogImport:
    batch = (LogImport.objects.select_for_update().aggregate(top=Max("batch"))["top"] or 0) + 1
    log_import = LogImport.objects.create(
        system=system,
        unit=system.unit,
        batch=batch,
        file_name=file_name,
        path=str(path),
        file_format=file_format or Path(file_name).suffix.lstrip(".").lower() or "csv",
        encoding=encoding or system.encoding,
        actor=actor if actor is not None and actor.is_authenticated else None,
    )
    record(actor=actor, verb="accessaudit.import.queue", target=log_import, data={"file": file_name, "batch": batch})
    return log_import


def note_import_progress(log_import_id: int, stage: str, fraction: float) -> None:
    LogImport.objects.filter(pk=log_import_id).update(stage=stage, progress=max(0.0, min(1.0, fraction)))


@transaction.atomic
def _finish_import(log_import: LogImport, *, actor, months=(), error: Message | str = "", **changes) -> LogImport:
    locked = LogImport.objects.select_for_update().get(pk=log_import.pk)
    for field, value in {**changes, **_error_fields(error)}.items():
        setattr(locked, field, value)
    locked.finished_at = timezone.now()
    locked.save()
    ImportedMonth.objects.bulk_create(
        (ImportedMonth(log_import=locked, month=month) for month in months), ignore_conflicts=True
    )
    record(
        actor=actor,
        verb=f"accessaudit.import.{locked.status}",
        target=locked,
        data={"rows": locked.rows, "sha256": locked.sha256, "error": locked.error, "line": locked.error_line},
    )
    return locked


def _error_fields(error: Message | str) -> dict:
    """A job's error as stored: the text in the language of record, and its message to say it again in another."""
    return {"error": str(error), "error_message": error.as_data() if isinstance(error, Message) else None}


def perform_log_import(log_import: LogImport, *, actor, on_progress=None) -> LogImport:
    """Convert the queued file into the store. Restartable: a rerun first removes what a crash left behind.

    ``on_progress(stage, fraction)`` is told the overall progress as well (the command's progress bar).
    """
    system = log_import.system
    root = storage.root()
    LogImport.objects.filter(pk=log_import.pk).update(status=JobStatus.RUNNING, stage="hash", progress=0.0)
    source = Path(log_import.path)
    if not source.is_file():
        return _finish_import(log_import, actor=actor, status=JobStatus.FAILED, error=Message("找不到上傳的檔案。"))

    def tick(stage: str, overall: float) -> None:
        note_import_progress(log_import.pk, stage, overall)
        if on_progress is not None:
            on_progress(stage, overall)

    sha = log_ingest.file_sha256(source, lambda stage, f: tick(stage, f * 0.2))
    already = (
        LogImport.objects.filter(system=system, sha256=sha, status=JobStatus.SUCCEEDED)
        .exclude(pk=log_import.pk)
        .first()
    )
    if already is not None:
        return _finish_import(log_import, actor=actor, status=JobStatus.SKIPPED, sha256=sha, progress=1.0, stage="done")
    log_ingest.remove_batch(root, system.key, log_import.batch)

    def progress(stage: str, fraction: float) -> None:
        offsets = {"hash": (0.0, 0.0), "transcode": (0.2, 0.3), "convert": (0.5, 0.5), "done": (1.0, 0.0)}
        base, span = offsets.get(stage, (0.2, 0.0))
        tick(stage, base + span * fraction)

    try:
        result = log_ingest.ingest(
            source,
            root=root,
            system=system.key,
            mapping=log_ingest.ColumnMapping.from_dict(system.column_mapping),
            batch=log_import.batch,
            fmt=log_import.file_format if log_import.file_format in ("csv", "jsonl", "parquet") else None,
            encoding=log_import.encoding,
            progress=progress,
            memory_limit=storage.memory_limit(),
            sha256=sha,
        )
    except log_ingest.IngestError as exc:
        log_ingest.remove_batch(root, system.key, log_import.batch)
        return _finish_import(
            log_import, actor=actor, status=JobStatus.FAILED, sha256=sha, error=exc.message, error_line=exc.line
        )
    except (duckdb.Error, OSError) as exc:
        log_ingest.remove_batch(root, system.key, log_import.batch)
        return _finish_import(log_import, actor=actor, status=JobStatus.FAILED, sha256=sha, error=str(exc)[:500])
    return _finish_import(
        log_import,
        actor=actor,
        status=JobStatus.SUCCEEDED,
        sha256=result.sha256,
        rows=result.rows,
        months=result.months,
        progress=1.0,
        stage="done",
    )


@transaction.atomic
def start_audit_run(*, system: MonitoredSystem, date_from: dt.date, date_to: dt.date, actor) -> AuditRun:
    if date_to < date_from:
        raise ValidationError(_("迄日不可早於起日。"))
    run = AuditRun.objects.create(
        system=system,
        unit=system.unit,
        date_from=date_from,
        date_to=date_to,
        actor=actor if actor is not None and actor.is_authenticated else None,
    )
    record(actor=actor, verb="accessaudit.run.start", target=run, data={"from": date_from, "to": date_to})
    return run


def relatives_input(system: MonitoredSystem) -> pa.Table:
    """The system's relatives file, if any, and every spouse and child declared in asset declarations."""
    columns = SOURCE_COLUMNS["relatives"]
    schema = pa.schema([(name, pa.string()) for name in columns])
    declared = declaration_queries.declared_family()
    persons, relations, relatives = zip(*declared, strict=True) if declared else ((), (), ())
    tables = [
        pa.table(
            [persons, relatives, [RELATION_WORDS[r] for r in relations], [DECLARED_BASIS] * len(declared)],
            schema=schema,
        )
    ]
    path = storage.source_path(system.key, "relatives")
    if path.exists():
        stored = pq.read_table(path)
        missing = pa.nulls(stored.num_rows, pa.string())
        tables.append(
            pa.table(
                [stored[c].cast(pa.string()) if c in stored.column_names else missing for c in columns], schema=schema
            )
        )
    return pa.concat_tables(tables)


def audit_input(system: MonitoredSystem, *, prior_offenders=()) -> log_rules.AuditInput:
    def source(kind: str):
        path = storage.source_path(system.key, kind)
        return str(path) if path.exists() else None

    return log_rules.AuditInput(
        lookups=log_ingest.lookups_glob(storage.root(), system.key),
        users=source("users"),
        subjects=source("subjects"),
        explanations=source("explanations"),
        relatives=relatives_input(system),
        holidays=queries.holidays_input(system),
        prior_offenders=list(prior_offenders),
    )


def _staff_names(system: MonitoredSystem, account: str | None = None) -> dict[str, str]:
    """Staff names by account from the system's user mapping: all of them, or the one ``account``."""
    path = storage.source_path(system.key, "users")
    if not path.exists():
        return {}
    with duckdb.connect() as con:
        if account is None:
            return dict(con.execute("SELECT user_id, name FROM read_parquet(?)", [str(path)]).fetchall())
        query = "SELECT user_id, name FROM read_parquet(?) WHERE user_id = ?"
        return dict(con.execute(query, [str(path), account]).fetchall())


def perform_audit_run(run: AuditRun, *, actor) -> AuditRun:
    """Run the rules and store the alerts; decided alerts of earlier runs are kept, undecided ones replaced."""
    system = run.system
    AuditRun.objects.filter(pk=run.pk).update(status=JobStatus.RUNNING)
    if not log_ingest.has_lookups(storage.root(), system.key):
        return _finish_run(run, actor=actor, status=JobStatus.FAILED, error=Message("此系統尚未匯入任何查閱紀錄。"))
    prior = set(
        AccessAuditFinding.objects.filter(system=system, month__lt=run.date_from.strftime("%Y-%m")).values_list(
            "account", flat=True
        )
    )
    con = log_ingest.connect(storage.memory_limit(), storage.root() / ".tmp")
    try:
        with storage.reading(system.key, timeout=storage.run_lock_wait()):
            result = log_rules.run_rules(
                audit_input(system, prior_offenders=sorted(prior)),
                start=run.date_from,
                end=run.date_to,
                rules=system.rule_settings,
                con=con,
            )
    except log_ingest.StoreBusyError:
        busy = Message("此系統的查閱紀錄正在重整（重建金鑰或依保存期限清除），等候逾時未能執行；請稍後再執行。")
        return _finish_run(run, actor=actor, status=JobStatus.FAILED, error=busy)
    except (duckdb.Error, OSError, ValueError) as exc:
        # A broken source file or a full disk must not leave the run "running" for ever.
        failure = Message("稽核執行失敗：%(error)s", error=str(exc)[:500])
        return _finish_run(run, actor=actor, status=JobStatus.FAILED, error=failure)
    finally:
        con.close()
    names = _staff_names(system)
    _store_alerts(run, result.alerts.to_pylist(), names, actor=actor)
    _store_peer_days(run, result.peer_days.to_pylist())
    return _finish_run(
        run,
        actor=actor,
        status=JobStatus.SUCCEEDED,
        lookups=result.lookups,
        alert_count=result.alerts.num_rows,
        by_rule=result.alerted_by_rule,
        uncovered_years=result.uncovered_years,
    )


@transaction.atomic
def _store_peer_days(run: AuditRun, rows: list[dict]) -> None:
    """The run's counts per peer group and day replace those an earlier run left for the same days."""
    PeerDay.objects.filter(system=run.system, day__gte=run.date_from, day__lte=run.date_to).delete()
    PeerDay.objects.bulk_create((PeerDay(system=run.system, **row) for row in rows), batch_size=2000)


def _alert_key(rule, kind, lookup_id, account, day) -> tuple:
    return (rule, kind, lookup_id, account, day)


@transaction.atomic
def _store_alerts(run: AuditRun, rows: list[dict], names: dict[str, str], *, actor) -> int:
    """Bulk domain write: replaces the period's undecided alerts, one audit event for the whole batch."""
    window = Alert.objects.filter(system=run.system, day__gte=run.date_from, day__lte=run.date_to)
    # Alerts raised by a sample's manual check are no rule's output: a rerun keeps them.
    window.filter(decision=Decision.OPEN).exclude(rule=SAMPLE_RULE).delete()
    decided = {
        _alert_key(a.rule, a.kind, a.lookup_id, a.account, a.day)
        for a in window.only("rule", "kind", "lookup_id", "account", "day")
    }
    pending = []
    for row in rows:
        if _alert_key(row["rule"], row["kind"], row["lookup_id"], row["user_id"], row["day"]) in decided:
            continue
        occurred = row["ts"].replace(tzinfo=TAIPEI) if row["ts"] is not None else None
        pending.append(
            Alert(
                run=run,
                system=run.system,
                unit=run.unit,
                rule=row["rule"],
                kind=row["kind"],
                lookup_id=row["lookup_id"],
                account=row["user_id"],
                staff_name=names.get(row["user_id"], ""),
                subject_id=row["subject_id"] or "",
                occurred_at=occurred,
                day=row["day"],
                score=row["score"],
                reason=row["reason"],
                facts=json.loads(row["facts"] or "{}"),
            )
        )
    Alert.objects.bulk_create(pending, batch_size=ALERT_BATCH)
    record(actor=actor, verb="accessaudit.alert.bulk_create", target=run, data={"alerts": len(pending)})
    transaction.on_commit(_refresh_alert_statistics)
    return len(pending)


def _refresh_alert_statistics() -> None:
    """A run can multiply the alert table, and PostgreSQL plans the queue's queries on the old row counts until
    autovacuum next analyses it: right after 300,000 alerts were written a filtered queue took 26 s, 1.7 s once
    analysed. So the run analyses the table itself (a sample of rows: a fraction of a second)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Alert._meta.db_table}")


@transaction.atomic
def _finish_run(run: AuditRun, *, actor, error: Message | str = "", **changes) -> AuditRun:
    locked = AuditRun.objects.select_for_update().get(pk=run.pk)
    for field, value in {**changes, **_error_fields(error)}.items():
        setattr(locked, field, value)
    locked.finished_at = timezone.now()
    locked.save()
    record(
        actor=actor,
        verb=f"accessaudit.run.{locked.status}",
        target=locked,
        data={"lookups": locked.lookups, "alerts": locked.alert_count, "error": locked.error},
    )
    return locked


@transaction.atomic
def decide_alert(*, alert: Alert, decision: str, note: str = "", actor) -> Alert:
    """Apply a triage decision; a confirmed misuse opens or feeds the account's finding for the month."""
    alert = _decide(alert, Decision(decision), note, actor=actor)
    if alert.finding is not None and alert.decision == Decision.MISUSE:
        feed_inspection(finding=alert.finding, actor=actor)
    return alert


def _decide(alert: Alert, decision: Decision, note: str, *, actor) -> Alert:
    """The decision itself, its finding and its audit event; the caller brings the inspection up to date."""
    alert = Alert.objects.select_for_update(of=("self",)).select_related("system").get(pk=alert.pk)
    if decision not in DECISION_TRANSITIONS[alert.decision]:
        raise ValidationError(
            _("警示目前為「%(current)s」，不能改為「%(new)s」。")
            % {"current": alert.get_decision_display(), "new": decision.label}
        )
    if decision == Decision.MISUSE and not note.strip():
        raise ValidationError(_("確認不當查閱時請填寫審查說明。"))
    alert.decision = decision
    alert.note = note
    alert.decided_by = actor
    alert.decided_at = timezone.now()
    if decision == Decision.MISUSE:
        alert.finding = _feed_finding(alert, actor=actor)
    alert.save()
    record(
        actor=actor,
        verb="accessaudit.alert.decide",
        target=alert,
        data={"decision": str(decision), "finding": str(alert.finding.code) if alert.finding else None},
    )
    return alert


@transaction.atomic
def decide_alerts(*, alerts, decision: str, note: str = "", actor) -> int:
    """One decision for several alerts (the queue's bulk triage): all of them, or none if any refuses.

    Each alert keeps its own audit event and feeds its finding as it would one by one; each finding's
    inspection is then brought up to date once, with all of its newly confirmed alerts.
    """
    decision = Decision(decision)
    if decision == Decision.MISUSE and not note.strip():
        raise ValidationError(_("確認不當查閱時請填寫審查說明。"))
    refused, findings = [], {}
    for alert in sorted(alerts, key=lambda alert: alert.pk):
        try:
            decided = _decide(alert, decision, note, actor=actor)
        except ValidationError as exc:
            refused.append(
                _("%(day)s 帳號 %(account)s：%(why)s")
                % {"day": roc.format_slash(alert.day), "account": alert.account, "why": clauses(*exc.messages)}
            )
            continue
        if decided.finding is not None and decision == Decision.MISUSE:
            findings[decided.finding.pk] = decided.finding
    if refused:
        raise ValidationError(refused)
    for finding in findings.values():
        feed_inspection(finding=finding, actor=actor)
    return len(alerts)


def _feed_finding(alert: Alert, *, actor) -> AccessAuditFinding:
    month = alert.day.strftime("%Y-%m")
    finding, created = AccessAuditFinding.objects.select_for_update().get_or_create(
        system=alert.system,
        account=alert.account,
        month=month,
        defaults={"unit": alert.unit, "agency": alert.system.agency, "staff_name": alert.staff_name},
    )
    with language_of_record():
        line = f"{roc.format_slash(alert.day)} {alert.get_rule_display()}：{alert.reason}"
    finding.summary = f"{finding.summary}\n{line}".strip()
    finding.save()
    record(
        actor=actor,
        verb="accessaudit.finding.open" if created else "accessaudit.finding.feed",
        target=finding,
        data={"alert": str(alert.code)},
    )
    return finding


def _system_use_inspection(
    system: MonitoredSystem, *, title: str, scope: str, findings: str, recommendations: str, actor
) -> Inspection:
    """An information-system use inspection (資訊系統使用管理稽核) of the system's agency, dated today: followed
    up for FOLLOW_UP_DAYS when it recommends something, closed at once otherwise."""
    today = timezone.localdate()
    return activities.create_inspection(
        actor=actor,
        agency=system.agency,
        unit=system.unit,
        date=today,
        kind=InspectionKind.INFORMATION_SYSTEM,
        title=title,
        scope=scope,
        findings=findings,
        recommendations=recommendations,
        follow_up_due=today + dt.timedelta(days=FOLLOW_UP_DAYS) if recommendations else None,
        closed=not recommendations,
    )


def _inspection_text(finding: AccessAuditFinding) -> str:
    """What the inspection record says: the account, the month and the confirmed lookups by rule and day.

    Alert reasons name the people looked up; they stay in the access-audit pages and never reach the
    inspection, which holds no more about the subjects than any other inspection does.
    """
    alerts = finding.alerts.filter(decision=Decision.MISUSE).order_by("day", "pk")
    with language_of_record():
        lines = [
            _("%(system)s帳號 %(account)s 於 %(month)s 經審查確認不當查閱 %(count)d 筆：")
            % {
                "system": finding.system.name,
                "account": finding.account,
                "month": roc.format_month(finding.month),
                "count": len(alerts),
            }
        ]
        lines += [f"{roc.format_slash(alert.day)} {alert.get_rule_display()}" for alert in alerts]
    return "\n".join(lines)


@transaction.atomic
def feed_inspection(*, finding: AccessAuditFinding, actor) -> None:
    """Open the finding's information-system-use inspection, or add to the one still being followed up."""
    finding = (
        AccessAuditFinding.objects.select_for_update(of=("self",))
        .select_related("system", "inspection")
        .get(pk=finding.pk)
    )
    findings = _inspection_text(finding)
    inspection = finding.inspection
    if inspection is not None and inspection.status == InspectionStatus.FOLLOWING_UP:
        activities.update_inspection(inspection, actor=actor, findings=findings)
        return
    names = {"system": finding.system.name, "account": finding.account, "month": roc.format_month(finding.month)}
    with language_of_record():
        title = _("%(system)s使用稽核：帳號 %(account)s（%(month)s）") % names
        scope = _("%(system)s查閱紀錄（%(month)s）") % names
        recommendations = _("請機關督導同仁僅於公務需要時查閱個人資料，並確實登載查詢事由。")
    finding.inspection = _system_use_inspection(
        finding.system, title=title, scope=scope, findings=findings, recommendations=recommendations, actor=actor
    )
    finding.save(update_fields=["inspection", "updated_at"])
    record(
        actor=actor,
        verb="accessaudit.finding.link_inspection",
        target=finding,
        data={"inspection": str(finding.inspection.code)},
    )


@transaction.atomic
def start_complaint(*, finding: AccessAuditFinding, actor):
    """Start a self-initiated complaint case (主動發掘) about the finding, in the system's unit."""
    finding = (
        AccessAuditFinding.objects.select_for_update(of=("self",)).select_related("system", "agency").get(pk=finding.pk)
    )
    if finding.complaint_id is not None:
        raise ValidationError(_("此確認結果已立檢舉案件。"))
    unit = finding.system.unit
    if actor is not None and not units_writable_by(actor).filter(pk=unit.pk).exists():
        raise ValidationError(_("您不能在此政風機構立案。"))
    names = {"system": finding.system.name, "account": finding.account, "month": roc.format_month(finding.month)}
    with language_of_record():
        summary = _("%(system)s不當查閱：帳號 %(account)s（%(month)s）") % names
    finding.complaint = complaints.receive_complaint(
        actor=actor,
        agency=finding.agency,
        unit=unit,
        channel=Channel.SELF_INITIATED,
        received_on=timezone.localdate(),
        is_anonymous=False,
        categories=[Category.OTHER],
        summary=summary,
        narrative=_inspection_text(finding),
        subjects=[complaints.SubjectData(name=finding.staff_name or finding.account, agency=finding.agency)],
    )
    finding.save(update_fields=["complaint", "updated_at"])
    record(
        actor=actor,
        verb="accessaudit.finding.start_complaint",
        target=finding,
        data={"complaint": str(finding.complaint.code), "number": finding.complaint.number},
    )
    return finding


def draw_month_sample(*, system: MonitoredSystem, month: str, sources: list, actor, rate: float = 0.01) -> SampleDraw:
    with storage.reading(system.key):
        sample = sampling.draw_sample(
            log_ingest.lookups_glob(storage.root(), system.key), month=month, sources=sources, rate=rate
        )
    drawn = [
        {
            "order": row["draw_order"],
            "lookup_id": row["lookup_id"],
            "ts": row["ts"].isoformat(sep=" "),
            "account": row["user_id"],
            "action": row["action"],
            "subject_id": row["subject_id"],
            "reason": row["reason"] or "",
        }
        for row in sample.lookups.to_pylist()
    ]
    with transaction.atomic():
        draw = SampleDraw.objects.create(
            system=system,
            unit=system.unit,
            month=month,
            sources=sources,
            key_string=sample.key_string,
            pool_size=sample.pool_size,
            pool_digest=sample.pool_digest,
            size=sample.size,
            drawn=drawn,
            actor=actor if actor is not None and actor.is_authenticated else None,
        )
        record(
            actor=actor,
            verb="accessaudit.sample.draw",
            target=draw,
            data={"month": month, "key": sample.key_string, "pool": sample.pool_size, "digest": sample.pool_digest},
        )
    return draw


@transaction.atomic
def check_sampled_lookup(*, draw: SampleDraw, order: int, result: str, note: str = "", actor) -> SampleCheck:
    """Record the manual check of one drawn lookup; a mismatch must say what was looked for and not found.

    A mismatch raises an alert (抽查核對不符) into the triage queue; a recheck that finds the lookup
    matched after all withdraws that alert while no one has decided it.
    """
    # One check of a draw at a time: the last one to complete it records the inspection, once.
    draw = SampleDraw.objects.select_for_update(of=("self",)).select_related("system").get(pk=draw.pk)
    drawn = next((row for row in draw.drawn if row["order"] == order), None)
    if drawn is None:
        raise ValidationError(_("第 %(order)d 筆不在這次抽查之中。") % {"order": order})
    result = CheckResult(result)
    note = note.strip()
    if result == CheckResult.MISMATCH and not note:
        raise ValidationError(_("核對不符時請填寫說明（例如查無查詢紀錄簿登記或案件）。"))
    earlier = (
        SampleCheck.objects.select_for_update(of=("self",))
        .select_related("alert")
        .filter(draw=draw, order=order)
        .first()
    )
    alert = earlier.alert if earlier else None
    withdrawn = None
    if result == CheckResult.MATCHED and alert is not None:
        if alert.decision != Decision.OPEN:
            raise ValidationError(
                _("這筆查閱已送警示審查，審查結果為「%(decision)s」，不能改為相符。")
                % {"decision": alert.get_decision_display()}
            )
        withdrawn = str(alert.code)
        alert.delete()
        alert = None
    elif result == CheckResult.MISMATCH:
        alert = _sample_alert(draw, drawn, note, alert)
    check, created = SampleCheck.objects.update_or_create(
        draw=draw,
        order=order,
        defaults={
            "result": result,
            "note": note,
            "alert": alert,
            "checked_by": actor,
            "checked_at": timezone.now(),
        },
    )
    record(
        actor=actor,
        verb="accessaudit.sample.check" if created else "accessaudit.sample.recheck",
        target=draw,
        data={
            "order": order,
            "result": str(result),
            "alert": str(alert.code) if alert else None,
            "withdrawn_alert": withdrawn,
        },
    )
    _record_sample_inspection(draw, actor=actor)
    return check


def _record_sample_inspection(draw: SampleDraw, *, actor) -> None:
    """A sample whose every drawn lookup is checked is an information-system use audit (二(一)2): record it
    as an inspection, closed when all matched and followed up otherwise; a recheck afterwards brings the
    inspection's findings up to date."""
    if draw.checks.count() < draw.size:
        return
    mismatched = list(draw.checks.filter(result=CheckResult.MISMATCH).order_by("order").values_list("order", flat=True))
    findings = _sample_findings(draw, mismatched)
    if draw.inspection_id is not None:
        activities.update_inspection(draw.inspection, actor=actor, findings=findings)
        return
    names = {
        "system": draw.system.name,
        "month": roc.format_month(draw.month),
        "drawn": roc.format_datetime(timezone.localtime(draw.created_at)),
        "pool": f"{draw.pool_size:,}",
        "size": f"{draw.size:,}",
    }
    with language_of_record():
        title = _("%(system)s查詢紀錄抽查（%(month)s，%(drawn)s 抽籤）") % names
        scope = _("自 %(month)s 的 %(pool)s 筆查閱公開抽出 %(size)s 筆，逐筆核對查詢紀錄簿與案件資料") % names
        recommendations = _("請機關說明不符各筆的查詢依據，並督導同仁確實登載查詢事由。") if mismatched else ""
    draw.inspection = _system_use_inspection(
        draw.system, title=title, scope=scope, findings=findings, recommendations=recommendations, actor=actor
    )
    draw.save(update_fields=["inspection", "updated_at"])
    record(
        actor=actor,
        verb="accessaudit.sample.link_inspection",
        target=draw,
        data={"inspection": str(draw.inspection.code)},
    )


def _sample_findings(draw: SampleDraw, mismatched: list[int]) -> str:
    """The sample's result, one line per mismatched lookup (account and time: no one looked up is named)."""
    drawn = {row["order"]: row for row in draw.drawn}
    with language_of_record():
        lines = [
            _("抽查 %(size)d 筆，相符 %(matched)d 筆，不符 %(mismatched)d 筆。")
            % {"size": draw.size, "matched": draw.size - len(mismatched), "mismatched": len(mismatched)}
        ]
        lines += [
            _("第 %(order)d 筆：帳號 %(account)s，%(ts)s 查閱，查無依據")
            % {
                "order": order,
                "account": drawn[order]["account"],
                "ts": roc.format_datetime(drawn[order]["ts"]),
            }
            for order in mismatched
        ]
    return "\n".join(lines)


def _sample_alert(draw: SampleDraw, drawn: dict, note: str, alert: Alert | None) -> Alert:
    """The alert a mismatched sample check raises, scored as an unexplained lookup (what the check found)."""
    facts = {"month": draw.month, "order": drawn["order"], "note": note}
    with language_of_record():
        reason = reason_text("mismatch", facts, "")
    if alert is not None:
        if alert.decision == Decision.OPEN:
            alert.reason, alert.facts = reason, facts
            alert.save(update_fields=["reason", "facts", "updated_at"])
        return alert
    occurred = dt.datetime.fromisoformat(drawn["ts"]).replace(tzinfo=TAIPEI)
    return Alert.objects.create(
        run=None,
        system=draw.system,
        unit=draw.unit,
        rule=SAMPLE_RULE,
        kind="mismatch",
        lookup_id=drawn["lookup_id"],
        account=drawn["account"],
        staff_name=_staff_names(draw.system, drawn["account"]).get(drawn["account"], ""),
        subject_id=drawn["subject_id"],
        occurred_at=occurred,
        day=occurred.date(),
        score=log_rules.merged_rules(draw.system.rule_settings)["unexplained"]["weight"],
        reason=reason,
        facts=facts,
    )


@transaction.atomic
def record_log_view(*, actor, target, what: str, data: dict | None = None) -> None:
    """Every page that shows log data leaves an audit event: who looked at whose lookups."""
    record(actor=actor, verb=f"accessaudit.logdata.view.{what}", target=target, data=data or {})


def purge_expired_logs(*, today: dt.date, actor, dry_run: bool = False) -> list[str]:
    """Remove whole months of lookups older than the retention period."""
    months = storage.retention_months()
    year, month = today.year, today.month - months
    while month <= 0:
        year, month = year - 1, month + 12
    cutoff = f"{year:04d}-{month:02d}"
    if dry_run:
        base = storage.root() / "lookups"
        return sorted(str(d) for d in base.glob("system=*/month=*") if d.name.split("=", 1)[1] < cutoff)
    removed = log_ingest.purge_months_before(storage.root(), cutoff)
    with transaction.atomic():
        # The peer counts are read from the same logs: a group of one is one person's daily lookups.
        peer_days, _deleted = PeerDay.objects.filter(day__lt=dt.date.fromisoformat(f"{cutoff}-01")).delete()
        record(
            actor=actor,
            verb="accessaudit.logdata.purge",
            data={"before": cutoff, "directories": len(removed), "peer_days": peer_days},
        )
    return removed


def rekey_log_store(*, system: MonitoredSystem, actor) -> dict[str, int]:
    """Rewrite the system's months that another DuckDB's hash keyed (see ``analytics.keys``); rows per month.

    Imports that finish meanwhile wait for the store's lock and move their files in afterwards."""
    rewritten = log_ingest.rekey_store(storage.root(), system.key, storage.memory_limit())
    if rewritten:
        record(
            actor=actor,
            verb="accessaudit.logdata.rekey",
            target=system,
            data={"months": sorted(rewritten), "rows": sum(rewritten.values())},
        )
    return rewritten
