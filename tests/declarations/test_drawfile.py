"""The draw file: same inputs same result; any change of pool order or source value is caught."""

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from probity.declarations import drawfile

VERIFIER = Path(__file__).resolve().parents[2] / "tools" / "verify_draw.py"
RULES = {
    "filing_year": 110,
    "review_ratio": "0.10",
    "review_rounding": "ceiling",
    "comparison_ratio": "0.02",
    "comparison_rounding": "ceiling",
    "comparison_base": "drawn",
    "minimum_one": True,
    "pool_threshold": 5,
    "basis": "",
}
LABELS = [f"申報人{n:03d}／工務局／科長" for n in range(1, 121)]
SOURCES = [{"name": "今彩539", "date": "2022-01-18", "values": [3, 11, 19, 27, 35]}]


def make_file(labels=LABELS, rules=RULES, sources=SOURCES):
    outcome = drawfile.run(len(labels), rules, [s["values"] for s in sources])
    return drawfile.bundle(draw={"code": "x"}, rules=rules, labels=labels, sources=sources, outcome=outcome)


def standalone(data, tmp_path) -> tuple[int, str]:
    path = tmp_path / "draw.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run([sys.executable, str(VERIFIER), str(path)], capture_output=True, text=True, check=False)
    return done.returncode, done.stdout


@pytest.mark.parametrize(
    ("ratio", "base", "rounding", "minimum", "expected"),
    [
        # the ready-made table of brief §1.5a (filing year 114): N → drawn → compared
        ("0.10", 101, "ceiling", True, 11),
        ("0.10", 1180, "ceiling", True, 118),
        ("0.10", 35, "ceiling", True, 4),
        ("0.10", 771, "ceiling", True, 78),
        ("0.10", 751, "ceiling", True, 76),
        ("0.10", 46, "ceiling", True, 5),
        ("0.10", 532, "ceiling", True, 54),
        ("0.10", 587, "ceiling", True, 59),
        ("0.02", 118, "ceiling", True, 3),
        ("0.02", 11, "ceiling", True, 1),
        ("0.02", 78, "ceiling", True, 2),
        ("0.02", 4, "half_up", True, 1),
        ("0.02", 4, "half_up", False, 0),
        ("0.05", 30, "floor", False, 1),
        ("0.10", 0, "ceiling", True, 0),
    ],
)
def test_count_for_follows_rules(ratio, base, rounding, minimum, expected):
    assert drawfile.count_for(ratio, base, rounding, minimum) == expected


@pytest.mark.parametrize(
    ("n", "drawn", "compared"),
    [(101, 11, 1), (1180, 118, 3), (35, 4, 1), (771, 78, 2), (751, 76, 2), (46, 5, 1), (532, 54, 2), (587, 59, 2)],
)
def test_brief_table_per_unit_counts(n, drawn, compared):
    assert drawfile.review_count(RULES, n) == drawn
    assert drawfile.comparison_count(RULES, n, drawn) == compared


def test_same_inputs_same_result():
    assert make_file() == make_file()


def test_comparison_picks_come_from_review_picks_when_base_is_drawn():
    data = make_file()
    review, comparison = (stage["selected"] for stage in data["stages"])
    assert len(review) == 12
    assert len(comparison) == 1
    assert set(comparison) <= set(review)


def test_comparison_from_whole_pool_when_base_is_total():
    data = make_file(rules={**RULES, "comparison_base": "total"})
    assert data["stages"][1]["count"] == 3
    assert data["stages"][1]["from"] == "pool"


def test_verify_says_match_for_untouched_file(tmp_path):
    data = make_file()
    assert drawfile.verify(data).match
    code, out = standalone(data, tmp_path)
    assert code == 0
    assert out.startswith("MATCH 相符: pool 120, review 12, comparison 1")


def test_pool_order_change_changes_digest_and_verifier_says_mismatch(tmp_path):
    data = make_file()
    tampered = copy.deepcopy(data)
    tampered["pool"]["entries"][0], tampered["pool"]["entries"][1] = (
        data["pool"]["entries"][1],
        data["pool"]["entries"][0],
    )
    assert drawfile.pool_digest(tampered["pool"]["entries"]) != data["pool"]["sha256"]
    assert drawfile.verify(tampered).problems == ["pool SHA-256 differs: the pool or its order was changed"]
    code, out = standalone(tampered, tmp_path)
    assert code == 1
    assert "MISMATCH" in out


def test_reordered_pool_draws_different_people():
    reordered = make_file(labels=list(reversed(LABELS)))
    original = make_file()
    picked = {LABELS[p - 1] for p in original["stages"][0]["selected"]}
    picked_again = {list(reversed(LABELS))[p - 1] for p in reordered["stages"][0]["selected"]}
    assert reordered["pool"]["sha256"] != original["pool"]["sha256"]
    assert picked != picked_again


def test_source_value_change_changes_result_and_verifier_says_mismatch(tmp_path):
    data = make_file()
    other = make_file(sources=[{**SOURCES[0], "values": [3, 11, 19, 27, 36]}])
    assert other["key"] != data["key"]
    assert other["stages"][0]["selected"] != data["stages"][0]["selected"]
    tampered = copy.deepcopy(data)
    tampered["sources"][0]["values"] = [3, 11, 19, 27, 36]
    assert drawfile.verify(tampered).problems == [
        "key differs from the one built from the source values",
        "stage review: published selection differs from the re-run",
        "stage comparison: published selection differs from the re-run",
    ]
    code, out = standalone(tampered, tmp_path)
    assert code == 1
    assert "stage review" in out


def test_edited_selection_is_caught(tmp_path):
    data = make_file()
    tampered = copy.deepcopy(data)
    tampered["stages"][0]["selected"][0] = next(p for p in range(1, 121) if p not in data["stages"][0]["selected"])
    assert drawfile.verify(tampered).problems == ["stage review: published selection differs from the re-run"]
    assert standalone(tampered, tmp_path)[0] == 1


def test_unreadable_file_is_a_mismatch():
    assert not drawfile.verify({"format": "probity-draw/1"}).match
    assert not drawfile.verify({"format": "other"}).match


def test_standalone_verifier_imports_only_the_standard_library():
    source = VERIFIER.read_text(encoding="utf-8")
    imported = {line.split()[1].split(".")[0] for line in source.splitlines() if line.startswith(("import ", "from "))}
    assert imported <= {"hashlib", "json", "sys", "decimal"}
