import pytest

from probity.analytics import rfc3797

# RFC 3797 §6: the fully worked example.
SOURCES = [9319, [2, 5, 12, 8, 10], [9, 18, 26, 34, 41, 45]]
POOL = [
    "John",
    "Mary",
    "Bashful",
    "Dopey",
    "Sleepy",
    "Grouchy",
    "Doc",
    "Sneazy",
    "Handsome",
    "Cassandra",
    "Pollyanna",
    "Pendragon",
    "Pandora",
    "Faith",
    "Hope",
    "Charity",
    "Lee",
    "Longsuffering",
    "Chastity",
    "Smith",
    "Pride",
    "Sloth",
    "Envy",
    "Anger",
    "Kasczynski",
]


def test_key_string_matches_rfc_example():
    assert rfc3797.key_string(SOURCES) == "9319./2.5.8.10.12./9.18.26.34.41.45./"


def test_digests_match_rfc_example():
    key = rfc3797.key_string(SOURCES)
    assert rfc3797.digest(key, 0).hex().upper() == "990DD0A5692A029A98B5E01AA28F3459"
    assert rfc3797.digest(key, 1).hex().upper() == "3691E55CB63FCC37914430B2F70B5EC6"
    assert rfc3797.digest(key, 2).hex().upper() == "FE814EDF564C190AC1D25753979990FA"


def test_selection_matches_rfc_example():
    chosen = [POOL[i] for i in rfc3797.select(len(POOL), 10, SOURCES)]
    assert chosen == ["Lee", "Doc", "Mary", "Charity", "Kasczynski", "Envy", "Sneazy", "Anger", "Chastity", "Pandora"]


def test_text_sources_are_upper_cased_and_stripped():
    assert rfc3797.key_string(["Mažňák x-1", 7]) == "MAZNAKX1/7./"


def test_select_refuses_more_than_the_pool():
    with pytest.raises(ValueError):
        rfc3797.select(3, 4, [1])


def test_select_draws_each_position_once():
    chosen = rfc3797.select(50, 50, ["20211231"])
    assert sorted(chosen) == list(range(50))
