"""The English pages: column headers declared with ``_lazy`` reach the catalogs (makemessages reads them)."""

import importlib
import re

import pytest
from django.apps import apps
from django.utils import translation

from probity.core.exports import ExportColumn

CJK = re.compile(r"[\u4e00-\u9fff]")


def _column_lists():
    for config in apps.get_app_configs():
        if not config.name.startswith("probity."):
            continue
        try:
            views = importlib.import_module(f"{config.name}.views")
        except ModuleNotFoundError:
            continue
        for name, value in vars(views).items():
            if name.endswith("_COLUMNS") and value and all(isinstance(c, ExportColumn) for c in value):
                yield f"{config.label}.{name}", value


LISTS = dict(_column_lists())


def test_the_lists_are_found():
    assert {"prevention.AUDIT_COLUMNS", "conflicts.DISCLOSURE_COLUMNS", "accessaudit.SAMPLE_COLUMNS"} <= set(LISTS)


@pytest.mark.parametrize("name", sorted(LISTS))
def test_every_column_header_reads_in_english(name):
    with translation.override("en"):
        untranslated = [str(column.header) for column in LISTS[name] if CJK.search(str(column.header))]
    assert untranslated == []
