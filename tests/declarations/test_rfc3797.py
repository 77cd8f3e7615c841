"""RFC 3797 §6: the worked example, exactly."""

import pytest

from probity.declarations import rfc3797

# RFC 3797 §6: pool of 25, select 10; sources 9319 / 2 5 12 8 10 / 9 18 26 34 41 45.
RFC_SOURCES = [[9319], [2, 5, 12, 8, 10], [9, 18, 26, 34, 41, 45]]
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
RFC_SELECTED = [17, 7, 2, 16, 25, 23, 8, 24, 19, 13]


def test_key_string_matches_rfc_example():
    assert rfc3797.key_string(RFC_SOURCES) == RFC_KEY


def test_digests_match_rfc_example():
    assert [rfc3797.digest(j, RFC_KEY).hex().upper() for j in range(10)] == RFC_DIGESTS


def test_selection_matches_rfc_example():
    assert [position + 1 for position in rfc3797.select(25, 10, RFC_KEY)] == RFC_SELECTED


def test_selection_reruns_with_more_picks_keep_first_picks():
    assert [p + 1 for p in rfc3797.select(25, 16, RFC_KEY)][:10] == RFC_SELECTED


def test_selection_of_whole_pool_is_a_permutation():
    assert sorted(rfc3797.select(25, 25, RFC_KEY)) == list(range(25))


@pytest.mark.parametrize("sources", [[], [[]], [[-1]]])
def test_key_string_rejects_bad_sources(sources):
    with pytest.raises(ValueError):
        rfc3797.key_string(sources)


def test_select_rejects_more_than_pool():
    with pytest.raises(ValueError):
        rfc3797.select(3, 4, RFC_KEY)


def test_entropy_bits_of_rfc_example():
    assert round(rfc3797.entropy_bits(25, 10), 1) == 21.6
