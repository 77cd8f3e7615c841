"""The English pages: column headers declared with ``_lazy`` reach the catalogs (makemessages reads them)."""

import ast
import gettext
import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from probity.core import navigation
from probity.core.exports import ExportColumn
from probity.declarations.models import Declaration

CJK = re.compile(r"[\u4e00-\u9fff]")
ROOT = Path(__file__).resolve().parents[2]


def _column_lists():
    for config in apps.get_app_configs():
        if not config.name.startswith("probity."):
            continue
        try:
            views = importlib.import_module(f"{config.name}.views")
        except ModuleNotFoundError:
            continue
        for name, value in vars(views).items():
            if isinstance(value, list) and value and all(isinstance(c, ExportColumn) for c in value):
                yield f"{config.label}.{name}", value


LISTS = dict(_column_lists())


def test_the_lists_are_found():
    assert {
        "prevention.AUDIT_COLUMNS",
        "conflicts.DISCLOSURE_COLUMNS",
        "accessaudit.SAMPLE_COLUMNS",
        "declarations.DECLARANT_EXPORT",
    } <= set(LISTS)


@pytest.mark.parametrize("name", sorted(LISTS))
def test_every_column_header_reads_in_english(name):
    with translation.override("en"):
        untranslated = [str(column.header) for column in LISTS[name] if CJK.search(str(column.header))]
    assert untranslated == []


def _eager_calls_outside_functions(path: Path) -> list[str]:
    """Calls of the non-lazy gettext at import time: they translate once, into the language of start-up."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    eager = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
        for alias in node.names
        if alias.name in ("gettext", "pgettext", "ngettext", "npgettext")
    }
    found: list[str] = []

    def visit(node, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            if not in_function and isinstance(child, ast.Call) and getattr(child.func, "id", None) in eager:
                found.append(f"{path.relative_to(ROOT)}:{child.lineno}")
            visit(child, inside)

    if eager:
        visit(tree, False)
    return found


def test_no_module_translates_at_import_time():
    modules = [path for path in (ROOT / "probity").rglob("*.py") if "migrations" not in path.parts]
    assert [place for path in modules for place in _eager_calls_outside_functions(path)] == []


LIST_PAGES = {
    "complaints:list": "Complaint cases",
    "complaints:discipline_list": "Disciplinary actions",
    "declarations:declaration_list": "Asset declarations",
    "org:agency_list": "Agencies",
    "org:unit_list": "Ethics units",
}


def test_a_list_reads_in_the_plural_in_english_in_the_menu_and_on_its_page(clients):
    """The Chinese names a list and one record alike; English tells them apart (context "list")."""
    with translation.override("en"):
        menu = {entry.url_name: str(entry.label) for entry in navigation._entries if entry.url_name in LIST_PAGES}
    assert menu == LIST_PAGES
    client = clients["admin"]
    client.cookies["django_language"] = "en"
    for url_name, title in LIST_PAGES.items():
        page = client.get(reverse(url_name)).content.decode()
        assert f"<h1>{title}</h1>" in page
    with translation.override("en"):
        assert str(Declaration._meta.verbose_name) == "Asset declaration"
        # A record's agency and unit, as forms and columns name them.
        assert (translation.gettext("機關"), translation.gettext("政風機構")) == ("Agency", "Ethics unit")


def _english_catalogs() -> dict[str, dict]:
    """Each compiled English catalog (the project's and every app's), by where it lies."""
    paths = [ROOT / "locale", *sorted((ROOT / "probity").glob("*/locale"))]
    catalogs = {}
    for locale in paths:
        with (locale / "en" / "LC_MESSAGES" / "django.mo").open("rb") as handle:
            catalogs[str(locale.relative_to(ROOT))] = gettext.GNUTranslations(handle)._catalog
    return catalogs


def test_a_text_shared_by_two_catalogs_reads_alike_in_both():
    """Django merges the catalogs and the first one wins, so a text given two Englishes shows one of them
    everywhere: a form's 機關 read "Agencies" while the menu's list did. A list and a record that share
    their Chinese are told apart by context ("list")."""
    englishes: dict[str, dict[str, str]] = {}
    for where, catalog in _english_catalogs().items():
        for msgid, english in catalog.items():
            if msgid and english:
                englishes.setdefault(str(msgid), {})[where] = english
    conflicting = {msgid: by for msgid, by in englishes.items() if len(set(by.values())) > 1}
    assert conflicting == {}


def test_every_indicator_label_reads_in_english_with_english_punctuation():
    from probity.core.indicators import all_indicators

    with translation.override("en"):
        labels = {indicator.key: str(indicator.label) for indicator in all_indicators()}
    wrong = {key: label for key, label in labels.items() if CJK.search(label) or re.search("[（）、，]", label)}
    assert wrong == {}
    assert labels["prevention.preventive_actions.audit"] == "Early warnings and corrective recommendations (Audit)"


def _untranslated_template_text(path: Path) -> list[str]:
    """Lines of a template with Chinese outside {% translate %}, {% blocktranslate %}, _("…") and comments."""
    text = path.read_text(encoding="utf-8")
    for pattern in (
        r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}",
        r"{%\s*translate\s+(\"[^\"]*\"|'[^']*').*?%}",
        r"{#.*?#}",
        r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}",
        r"_\(\"[^\"]*\"\)|_\('[^']*'\)",
    ):
        text = re.sub(pattern, "", text, flags=re.S)
    return [line.strip() for line in text.splitlines() if CJK.search(line)]


# Rendered by Django with no context and no middleware when everything else has failed: it stays plain.
STATIC_TEMPLATES = {"500.html"}


def test_every_template_text_goes_through_the_catalogs():
    templates = [*(ROOT / "templates").rglob("*.html"), *(ROOT / "probity").glob("*/templates/**/*.html")]
    assert len(templates) > 100
    found = {
        str(path.relative_to(ROOT)): lines
        for path in templates
        if path.name not in STATIC_TEMPLATES and (lines := _untranslated_template_text(path))
    }
    assert found == {}
