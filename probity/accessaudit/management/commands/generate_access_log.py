import datetime as dt

from django.core.management.base import BaseCommand

from probity.analytics.generate import generate


class Command(BaseCommand):
    help = "Generate a realistic access log with injected, labelled misuse scenarios, plus its source tables."

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, required=True)
        parser.add_argument("--out", required=True, help="output directory")
        parser.add_argument("--system", default="hr", help="hr (household registration) or land")
        parser.add_argument("--format", default="csv", choices=["csv", "jsonl", "parquet"])
        parser.add_argument("--from", dest="date_from", default="2021-07-01")
        parser.add_argument("--to", dest="date_to", default="2021-12-31")
        parser.add_argument("--seed", type=int, default=110)

    def handle(self, *args, events, out, system, format, date_from, date_to, seed, **options):
        result = generate(
            out,
            events=events,
            start=dt.date.fromisoformat(date_from),
            end=dt.date.fromisoformat(date_to),
            seed=seed,
            system=system,
            fmt=format,
        )
        self.stdout.write(f"{result.rows} lookups in {result.log_path}; {result.labels} labelled misuse lookups")
        self.stdout.write(
            "sources: users.parquet subjects.parquet explanations.parquet relatives.parquet labels.parquet"
        )
