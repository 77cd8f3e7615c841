"""The default 3×3 risk matrix (likelihood × impact → low / medium / high), so the register works at once.

行政院風險管理作業手冊 uses 3 levels of each by default; the city may add other matrices.
"""

import uuid

from django.db import migrations

DEFAULT = {
    "name": "預設 3×3 矩陣",
    "likelihoods": ["低（不太可能）", "中（可能）", "高（幾乎確定）"],
    "impacts": ["輕微", "中度", "重大"],
    "levels": ["低度風險", "中度風險", "高度風險"],
    "colors": ["#66bb6a", "#ffca28", "#e53935"],
    "grid": [[0, 0, 1], [0, 1, 2], [1, 2, 2]],
}


def create_default(apps, schema_editor):
    RiskMatrix = apps.get_model("prevention", "RiskMatrix")
    if not RiskMatrix.objects.filter(name=DEFAULT["name"]).exists():
        RiskMatrix.objects.create(code=uuid.uuid4(), is_default=True, **DEFAULT)


def remove_default(apps, schema_editor):
    apps.get_model("prevention", "RiskMatrix").objects.filter(name=DEFAULT["name"], risks__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("prevention", "0001_initial")]
    operations = [migrations.RunPython(create_default, remove_default)]
