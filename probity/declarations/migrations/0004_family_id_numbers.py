from django.db import migrations, models


def children_as_records(apps, schema_editor):
    Declarant = apps.get_model("declarations", "Declarant")
    changed = []
    for declarant in Declarant.objects.exclude(minor_children=[]).only("minor_children"):
        declarant.minor_children = [
            child if isinstance(child, dict) else {"name": child, "id_number": ""} for child in declarant.minor_children
        ]
        changed.append(declarant)
    Declarant.objects.bulk_update(changed, ["minor_children"], batch_size=500)


def children_as_names(apps, schema_editor):
    Declarant = apps.get_model("declarations", "Declarant")
    changed = []
    for declarant in Declarant.objects.exclude(minor_children=[]).only("minor_children"):
        declarant.minor_children = [
            child["name"] if isinstance(child, dict) else child for child in declarant.minor_children
        ]
        changed.append(declarant)
    Declarant.objects.bulk_update(changed, ["minor_children"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("declarations", "0003_indicator_indexes")]

    operations = [
        migrations.AddField(
            model_name="declarant",
            name="spouse_id_number",
            field=models.CharField(
                blank=True, help_text="不對外公開", max_length=10, verbose_name="配偶身分證統一編號"
            ),
        ),
        migrations.RunPython(children_as_records, children_as_names),
    ]
