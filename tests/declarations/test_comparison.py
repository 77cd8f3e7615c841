"""The year-over-year engine: each flag on a hand-built pair; nothing flagged against itself; bulk = single."""

from decimal import Decimal

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from probity.declarations import bulk
from probity.declarations.comparison import CATEGORIES, Item, compare, normalise, text_key

HOME = [
    Item("self", "land", Decimal(3_000_000), "苓雅區四維段123地號"),
    Item("self", "building", Decimal(4_000_000), "苓雅區四維段5123建號"),
    Item("self", "car", Decimal(600_000), "ABC-1234"),
    Item("self", "deposit", Decimal(2_000_000), "臺灣銀行"),
    Item("spouse", "deposit", Decimal(1_500_000), "中華郵政"),
    Item("self", "debt", Decimal(2_000_000), "高雄銀行 房屋貸款"),
]
SALARY = Decimal(1_500_000)


def codes(before, after, salary=SALARY):
    return [flag.code for flag in compare(before, after, salary).flags]


def test_ordinary_year_flags_nothing():
    after = [
        *HOME[:3],
        Item("self", "deposit", Decimal(2_300_000), "臺灣銀行"),
        HOME[4],
        Item("self", "debt", Decimal(1_800_000), "高雄銀行 房屋貸款"),
    ]
    assert codes(HOME, after) == []


def test_increase_above_one_year_salary_is_flagged():
    after = [
        *HOME[:3],
        Item("self", "deposit", Decimal(2_900_000), "臺灣銀行"),
        HOME[4],
        Item("self", "debt", Decimal(1_300_000), "高雄銀行 房屋貸款"),
    ]
    result = compare(HOME, after, SALARY)
    assert result.net_change == Decimal(1_600_000)
    assert [flag.code for flag in result.flags] == ["increase_over_salary"]
    assert result.flags[0].explanation == (
        "財產淨額增加 1,600,000 元，超過本人、配偶及未成年子女全年薪資所得 1,500,000 元，"
        "應通知申報人限期說明（公職人員財產申報法第12條第2項）。"
    )


def test_new_real_estate_without_debt_or_income_is_flagged():
    after = [*HOME, Item("spouse", "land", Decimal(8_000_000), "旗山區南段45地號")]
    assert codes(HOME, after) == ["increase_over_salary", "new_real_estate"]


def test_new_real_estate_paid_by_a_new_loan_is_not_flagged():
    after = [
        *HOME,
        Item("spouse", "land", Decimal(8_000_000), "旗山區南段45地號"),
        Item("spouse", "debt", Decimal(8_000_000), "土地銀行 購地貸款"),
    ]
    assert codes(HOME, after) == []


def test_cash_jump_is_flagged():
    before = [*HOME, Item("self", "cash", Decimal(100_000), "", "現金")]
    after = [*HOME, Item("self", "cash", Decimal(1_400_000), "", "新臺幣現金")]
    result = compare(before, after, SALARY)
    assert [flag.code for flag in result.flags] == ["cash_jump"]
    assert result.changes["cash"] == Decimal(1_300_000)


def test_vanished_items_are_flagged():
    after = [item for item in HOME if item.category != "car"]
    result = compare(HOME, after, SALARY)
    assert [flag.code for flag in result.flags] == ["vanished"]
    assert result.flags[0].explanation == "前次申報之財產本次未見：汽車600,000元，應查明去向。"


def test_items_match_by_identifier_despite_spacing_and_width():
    after = [
        Item("self", "car", Decimal(600_000), "ＡＢＣ－１２３４"),
        *[item for item in HOME if item.category != "car"],
    ]
    result = compare(HOME, after, SALARY)
    assert result.new_items == []
    assert result.vanished_items == []


def test_items_without_identifier_match_fuzzily():
    before = [Item("self", "valuable", Decimal(500_000), "", "張大千山水畫一幅")]
    after = [Item("self", "valuable", Decimal(500_000), "", "張大千山水畫 一幅（真跡）")]
    assert compare(before, after, SALARY).matched == 1


def test_different_identifiers_never_match_fuzzily():
    before = [Item("self", "car", Decimal(500_000), "ABC-1234")]
    after = [Item("self", "car", Decimal(500_000), "ABC-1235")]
    result = compare(before, after, SALARY)
    assert (result.matched, len(result.new_items), len(result.vanished_items)) == (0, 1, 1)


def test_risk_orders_results():
    quiet = compare(HOME, HOME, SALARY)
    loud = compare(HOME, [*HOME, Item("spouse", "land", Decimal(8_000_000), "旗山區南段45地號")], SALARY)
    assert quiet.risk == Decimal("0.00")
    assert loud.risk > quiet.risk


items = st.builds(
    Item,
    owner=st.sampled_from(["self", "spouse", "minor_child"]),
    category=st.sampled_from(CATEGORIES),
    value=st.integers(0, 50_000_000).map(Decimal),
    identifier=st.text(max_size=8),
    description=st.text(max_size=12),
    owner_name=st.sampled_from(["", "王小明"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(items, max_size=12), st.integers(0, 5_000_000).map(Decimal))
def test_declaration_compared_with_itself_flags_nothing(declared, salary):
    result = compare(declared, list(reversed(declared)), salary)
    assert result.flags == []
    assert result.net_change == 0
    assert result.new_items == result.vanished_items == []


def _table(pairs):
    rows = {k: [] for k in ("declarant", "side", "owner", "owner_name", "category", "ident_key", "text_key", "value")}
    for declarant, (before, after, _salary) in enumerate(pairs):
        for side, declared in ((0, before), (1, after)):
            for item in declared:
                rows["declarant"].append(declarant)
                rows["side"].append(side)
                rows["owner"].append(item.owner)
                rows["owner_name"].append(item.owner_name)
                rows["category"].append(item.category)
                rows["ident_key"].append(normalise(item.identifier))
                rows["text_key"].append(text_key(item))
                rows["value"].append(int(item.value))
    salaries = pa.table({"declarant": list(range(len(pairs))), "salary": [int(s) for _b, _a, s in pairs]})
    return pa.table(rows), salaries


pair = st.tuples(
    st.lists(items, min_size=1, max_size=8),
    st.lists(items, min_size=1, max_size=8),
    st.integers(0, 5_000_000).map(Decimal),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(pair, min_size=1, max_size=6))
def test_bulk_path_gives_the_same_flags_as_single_path(pairs):
    table, salaries = _table(pairs)
    results = bulk.compare_pool(table, salaries)
    for declarant, (before, after, salary) in enumerate(pairs):
        single = compare(before, after, salary)
        assert [(f.code, f.explanation) for f in results[declarant].flags] == [
            (f.code, f.explanation) for f in single.flags
        ]
        assert results[declarant].risk == single.risk
