from decimal import Decimal

from probity.declarations.thresholds import Holding, Thresholds, check


def verdicts(holdings, thresholds=None):
    return {
        (c.owner, c.owner_name, c.category): (c.total, c.required, c.below_threshold_items)
        for c in check(holdings, thresholds)
    }


def test_real_estate_and_vehicles_always_declared():
    result = verdicts([Holding("self", "", "land", Decimal(1)), Holding("spouse", "", "car", Decimal(0))])
    assert result == {("self", "", "land"): (Decimal(1), True, 0), ("spouse", "", "car"): (Decimal(0), True, 0)}


def test_deposits_counted_per_category_total_at_one_million():
    holdings = [Holding("self", "", "deposit", Decimal(600_000)), Holding("self", "", "deposit", Decimal(400_000))]
    assert verdicts(holdings) == {("self", "", "deposit"): (Decimal(1_000_000), True, 0)}


def test_deposits_below_one_million_need_not_be_declared():
    assert verdicts([Holding("self", "", "deposit", Decimal(999_999))]) == {
        ("self", "", "deposit"): (Decimal(999_999), False, 1)
    }


def test_each_family_member_counted_separately():
    holdings = [
        Holding("self", "", "cash", Decimal(600_000)),
        Holding("spouse", "", "cash", Decimal(600_000)),
        Holding("minor_child", "王小明", "cash", Decimal(1_200_000)),
        Holding("minor_child", "王小華", "cash", Decimal(300_000)),
    ]
    assert verdicts(holdings) == {
        ("minor_child", "王小明", "cash"): (Decimal(1_200_000), True, 0),
        ("minor_child", "王小華", "cash"): (Decimal(300_000), False, 1),
        ("self", "", "cash"): (Decimal(600_000), False, 1),
        ("spouse", "", "cash"): (Decimal(600_000), False, 1),
    }


def test_valuables_per_item_two_hundred_thousand():
    holdings = [Holding("self", "", "valuable", Decimal(200_000)), Holding("self", "", "valuable", Decimal(199_999))]
    assert verdicts(holdings) == {("self", "", "valuable"): (Decimal(399_999), True, 1)}


def test_debts_securities_claims_investments_use_category_total():
    for category in ("debt", "security", "claim", "investment"):
        assert verdicts([Holding("self", "", category, Decimal(1_000_000))])[("self", "", category)][1] is True
        assert verdicts([Holding("self", "", category, Decimal(999_000))])[("self", "", category)][1] is False


def test_insurance_declared_whatever_the_premium():
    assert verdicts([Holding("self", "", "insurance", Decimal(10))])[("self", "", "insurance")][1] is True


def test_thresholds_are_configurable():
    limits = Thresholds(category_total=Decimal(500_000), per_item=Decimal(100_000))
    assert verdicts([Holding("self", "", "deposit", Decimal(500_000))], limits)[("self", "", "deposit")][1] is True
    assert verdicts([Holding("self", "", "valuable", Decimal(150_000))], limits)[("self", "", "valuable")][1] is True
