from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from probity.audit import anchors
from probity.audit.verify import verify_chain


class Command(BaseCommand):
    help = (
        "Verify the hash chain of the audit trail, and with --anchors the anchors kept outside the database; "
        "exit non-zero naming the first bad event or every anchor that no longer matches."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchors",
            type=Path,
            action="append",
            default=[],
            help="a file holding anchor lines (the anchors file, a saved mail or portal page); may be repeated",
        )

    def handle(self, *args, **options):
        checked, problem = verify_chain()
        if problem:
            raise CommandError(
                f"audit chain broken at event #{problem.event_id}: {problem.reason} ({checked} events verified before it)"
            )
        kept = []
        for path in options["anchors"]:
            try:
                kept += anchors.parse(path.read_text(encoding="utf-8", errors="replace"))
            except OSError as exc:
                raise CommandError(f"cannot read {path}: {exc.strerror}") from None
        if options["anchors"] and not kept:
            raise CommandError("no anchor lines found in the files given")
        if problems := anchors.check(kept):
            lines = "\n".join(f"  {p.anchor.line()}: {p.reason}" for p in problems)
            raise CommandError(f"{len(problems)} of {len(kept)} anchors do not match the chain:\n{lines}")
        suffix = f", {len(kept)} anchors match" if kept else ""
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {checked} events verified{suffix}"))
