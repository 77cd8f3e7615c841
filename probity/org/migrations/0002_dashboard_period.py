"""The half-year each account's dashboard opens on."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="dashboard_period",
            field=models.CharField(blank=True, max_length=6, verbose_name="儀表板期間"),
        ),
    ]
