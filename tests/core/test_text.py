from probity.core.text import display_width


def test_display_width_counts_cjk_and_ambiguous_characters_as_two_columns():
    assert display_width("abc 12") == 6
    assert display_width("符合") == 4
    assert display_width("（１）") == 6  # full-width forms
    assert display_width("□符合 □不適用") == 15  # the boxes and the dash are wide in a CJK font
    assert display_width("—") == 2
