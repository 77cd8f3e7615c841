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
RFC_KEY = "9319./2.5.8.10.12./9.18.26.34.41.45./"
RFC_DIGESTS = [
    "990DD0A5692A029A98B5E01AA28F3459",
    "3691E55CB63FCC37914430B2F70B5EC6",
    "FE814EDF564C190AC1D25753979990FA",
    "1863CCACEB568C31D7DDBDF1D4E91387",
    "F4AB33DF4889F0AF29C513905BE1D758",
    "13EAEB529F61ACFB9A29D0BA3A60DE4A",
    "992DB77C382CA2BDB9727001F3CDCCD9",
    "63AB4258ECA922976811C7F55C383CE7",
    "DFBC5AC97CED01B3A6E348E3CC63F40D",
    "31CB111C4A4EBE9287CEAE16FE51B909",
]


def test_key_string_matches_rfc_example():
    assert rfc3797.key_string(SOURCES) == RFC_KEY
    assert rfc3797.key_string([[9319], [2, 5, 12, 8, 10], [9, 18, 26, 34, 41, 45]]) == RFC_KEY


def test_digests_match_rfc_example():
    key = rfc3797.key_string(SOURCES)
    assert [rfc3797.digest(j, key).hex().upper() for j in range(10)] == RFC_DIGESTS


def test_selection_matches_rfc_example():
    chosen = [POOL[i] for i in rfc3797.select(len(POOL), 10, rfc3797.key_string(SOURCES))]
    assert chosen == ["Lee", "Doc", "Mary", "Charity", "Kasczynski", "Envy", "Sneazy", "Anger", "Chastity", "Pandora"]


def test_text_sources_are_upper_cased_and_stripped():
    assert rfc3797.key_string(["Mažňák x-1", 7]) == "MAZNAKX1/7./"


def test_select_refuses_more_than_the_pool():
    with pytest.raises(ValueError):
        rfc3797.select(3, 4, "1./")


def test_select_draws_each_position_once():
    chosen = rfc3797.select(50, 50, "20211231./")
    assert sorted(chosen) == list(range(50))


def test_more_picks_keep_the_first_picks():
    first = rfc3797.select(25, 10, RFC_KEY)
    assert rfc3797.select(25, 16, RFC_KEY)[:10] == first


def test_numbers_are_written_without_exponent_or_trailing_zeros():
    assert rfc3797.key_string([[100, 2.50, "7"], 10]) == "2.5.7.100./10./"


@pytest.mark.parametrize("sources", [[], [[]], [[-1]], ["-3"], [-2]])
def test_key_string_rejects_bad_sources(sources):
    with pytest.raises(ValueError):
        rfc3797.key_string(sources)


def test_select_from_returns_the_items():
    assert rfc3797.select_from(POOL, 3, RFC_KEY) == ["Lee", "Doc", "Mary"]


def test_entropy_bits_of_rfc_example():
    assert round(rfc3797.entropy_bits(25, 10), 1) == 21.6
    assert rfc3797.entropy_bits(25, 25) == 0.0
