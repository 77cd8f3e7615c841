from django.utils import translation

from probity.core.text import clauses, display_width


def test_display_width_counts_cjk_and_ambiguous_characters_as_two_columns():
    assert display_width("abc 12") == 6
    assert display_width("符合") == 4
    assert display_width("（１）") == 6  # full-width forms
    assert display_width("□符合 □不適用") == 15  # the boxes and the dash are wide in a CJK font
    assert display_width("—") == 2


def test_clauses_drop_the_closing_punctuation_of_all_but_the_last_part():
    assert clauses("查無不法。", "", "  ", "函復檢舉人。") == "查無不法；函復檢舉人。"
    assert clauses("欄位必填；", "日期有誤，", "文號重複") == "欄位必填；日期有誤；文號重複"
    assert clauses("only", separator=" / ") == "only"
    assert clauses() == ""


def test_clauses_take_the_readers_semicolon_unless_given_one():
    with translation.override("en"):
        assert clauses("Required.", "Bad date.") == "Required; Bad date."
        assert clauses("查無不法。", "函復", separator="；") == "查無不法；函復"
