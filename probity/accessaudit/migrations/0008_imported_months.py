"""An import's months become rows, so the month a system still has to sample is one query on any database."""

import django.db.models.deletion
from django.db import migrations, models


def copy_months(apps, schema_editor):
    log_import, imported_month = (
        apps.get_model("accessaudit", "LogImport"),
        apps.get_model("accessaudit", "ImportedMonth"),
    )
    imported_month.objects.bulk_create(
        imported_month(log_import_id=pk, month=month)
        for pk, months in log_import.objects.values_list("pk", "months")
        for month in sorted(set(months or []))
    )


def copy_back(apps, schema_editor):
    log_import, imported_month = (
        apps.get_model("accessaudit", "LogImport"),
        apps.get_model("accessaudit", "ImportedMonth"),
    )
    for each in log_import.objects.all():
        each.months = list(
            imported_month.objects.filter(log_import=each).order_by("month").values_list("month", flat=True)
        )
        each.save(update_fields=["months"])


class Migration(migrations.Migration):
    dependencies = [
        ("accessaudit", "0007_sample_inspection"),
    ]

    operations = [
        migrations.CreateModel(
            name="ImportedMonth",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("month", models.CharField(db_index=True, max_length=7, verbose_name="月份")),
                (
                    "log_import",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="covered_months",
                        to="accessaudit.logimport",
                        verbose_name="紀錄檔匯入",
                    ),
                ),
            ],
            options={
                "verbose_name": "匯入月份",
                "verbose_name_plural": "匯入月份",
                "ordering": ["month"],
                "constraints": [
                    models.UniqueConstraint(fields=("log_import", "month"), name="accessaudit_imported_month")
                ],
            },
        ),
        migrations.RunPython(copy_months, copy_back),
        migrations.RemoveField(
            model_name="logimport",
            name="months",
        ),
    ]
