"""Unit tests of the exercise checks: comparisons, messages, modes and hints."""

from __future__ import annotations

import re

import nbformat
import numpy as np
import pandas as pd
import pytest

from lab_helpers import i18n
from lab_helpers.checks import (
    ChartProblem,
    CheckFailed,
    ChoiceProblem,
    HiddenTest,
    Mistake,
    NotAttempted,
    OrderProblem,
    RangeProblem,
    Status,
    TableProblem,
    ValueProblem,
    check,
    hint,
    notebook_calls,
    register,
)
from lab_helpers.checks.compare import (
    compare_frame,
    compare_number,
    compare_sequence,
    compare_text,
    compare_value,
)
from lab_helpers.checks.notebook_calls import next_hint
from lab_helpers.checks.registry import UnknownExerciseError, get_problem
from lab_helpers.datasets import load_dataset
from lab_helpers.execute import execute_notebook
from lab_helpers.i18n import _

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def total() -> int:
    return int(load_dataset("districts")["population"].sum())


register(
    ValueProblem(id="mtest.total", var="total_population", expected=total,
                 mistakes=[Mistake(lambda: load_dataset("districts")["population"].mean(),
                                   "average-not-total")],
                 hints=["first hint", "second hint"],
                 hidden=[HiddenTest(lambda v: isinstance(v, int), "must be whole")]),
    ChoiceProblem(id="mtest.choice", var="answer", correct=frozenset({"b"}),
                  explanations={"a": "a is wrong because", "c": "c is wrong because"}),
    ChoiceProblem(id="mtest.multi", var="answer_multi", correct=frozenset({"a", "c"}),
                  explanations={"b": "b is wrong because"}),
    TableProblem(id="mtest.table", var="big",
                 expected=lambda: load_dataset("districts").query("population > 150000")[
                     ["district", "population"]]),
    ChartProblem(id="mtest.chart", var="chart",
                 expected=lambda: load_dataset("districts").set_index("district")["population"]),
)


# --- numbers -----------------------------------------------------------------------------

def test_number_within_tolerance_passes_and_outside_fails():
    assert compare_number(100.00001, 100.0, rel_tol=1e-6) is None
    assert compare_number(100.1, 100.0, rel_tol=1e-6) is not None
    assert compare_number(101, 100.0, rel_tol=0.02) is None
    assert compare_number(101, 100, rel_tol=0.02) is not None  # an int (a count) is exact


def test_number_scale_mistakes_are_named():
    assert "100 times too large" in compare_number(26.9, 0.269)
    assert "100 times too small" in compare_number(0.269, 26.9)


def test_number_as_text_and_wrong_kind_are_explained():
    assert "quotes" in compare_number("42", 42)
    assert "whole column" in compare_number(pd.Series([1, 2]), 3)
    assert "number" in compare_number(True, 1) and "bool" in compare_number(True, 1)


def test_direction_is_told_without_the_value():
    message = compare_number(90, 100)
    assert "smaller" in message and "100" not in message


# --- sequences and tables ----------------------------------------------------------------

def test_list_length_order_and_item_messages():
    assert "3 items" in compare_sequence([1, 2], [1, 2, 3])
    assert "different order" in compare_sequence([2, 1], [1, 2])
    assert "Item 2" in compare_sequence([1, 5], [1, 2])
    assert compare_sequence([2, 1], [1, 2], ordered=False) is None


def test_frame_names_missing_and_extra_columns():
    want = pd.DataFrame({"a": [1, 2], "b": [3.0, 4.0]})
    assert "b" in compare_frame(pd.DataFrame({"a": [1, 2]}), want)
    assert "c" in compare_frame(want.assign(c=1), want)


def test_frame_names_the_differing_column_and_row():
    want = pd.DataFrame({"a": [1, 2, 3], "b": [3.0, 4.0, 5.0]})
    got = want.copy()
    got.loc[1, "b"] = 9.0
    message = compare_frame(got, want)
    assert "'b'" in message and "row 2" in message


def test_frame_names_a_dtype_difference():
    want = pd.DataFrame({"a": pd.Series(["x", "y"], dtype="category")})
    got = pd.DataFrame({"a": pd.Series([1, 2])})
    assert "type" in compare_frame(got, want)
    message = compare_frame(pd.DataFrame({"n": ["1", "2"]}), pd.DataFrame({"n": [1, 2]}))
    assert "should hold numbers" in message


def test_frame_row_order_and_row_count():
    want = pd.DataFrame({"a": [1, 2, 3]})
    assert "different order" in compare_frame(want.iloc[::-1], want)
    assert "2 rows" in compare_frame(want.iloc[:2], want)


def test_series_expected_and_tolerance():
    want = pd.Series([0.1, 0.2], name="share")
    assert compare_frame(pd.Series([0.1000001, 0.2]), want, rel_tol=1e-3) is None
    assert "Series" in compare_frame([0.1, 0.2], want)


# --- problems: not attempted, mistakes, hidden tests --------------------------------------

def test_blank_placeholder_is_not_attempted():
    problem = get_problem("mtest.total")
    assert problem.assess(...).status is Status.NOT_ATTEMPTED
    assert problem.assess([1, ...]).status is Status.NOT_ATTEMPTED


def test_plausible_mistake_gets_its_own_message():
    mean = load_dataset("districts")["population"].mean()
    outcome = get_problem("mtest.total").assess(mean)
    assert outcome.status is Status.INCORRECT and outcome.message == "average-not-total"


def test_counts_are_compared_exactly_and_odd_answers_do_not_crash():
    problem = get_problem("mtest.total")
    assert not problem.assess(total() + 2).passed
    assert problem.assess(float(total())).passed
    assert problem.assess(object()).status is Status.INCORRECT


def test_hidden_tests_run_only_when_asked():
    problem = get_problem("mtest.total")
    assert problem.assess(float(total())).passed
    assert not problem.assess(float(total()), hidden=True).passed
    assert problem.assess(total(), hidden=True).passed


def test_choice_explains_each_wrong_option_and_accepts_letter_forms():
    problem = get_problem("mtest.choice")
    assert problem.assess("B").passed and problem.assess(" b ").passed
    assert problem.assess("a").message == "a is wrong because"
    assert "not one of the options" in problem.assess("z").message
    multi = get_problem("mtest.multi")
    assert multi.assess("a, c").passed and multi.assess(["c", "a"]).passed
    assert "more than one" in multi.assess("a").message
    assert multi.assess("a b").message == "b is wrong because"


def test_table_problem():
    frame = load_dataset("districts")
    good = frame[frame["population"] > 150000][["district", "population"]]
    problem = get_problem("mtest.table")
    assert problem.assess(good).passed
    wrong = frame[frame["population"] >= 100000][["district", "population"]]
    assert "rows" in problem.assess(wrong).message


def test_chart_problem_needs_bars_title_and_labels():
    import matplotlib

    matplotlib.use("Agg")
    frame = load_dataset("districts")
    problem = get_problem("mtest.chart")
    ax = frame.plot(kind="bar", x="district", y="population")
    assert "title" in problem.assess(ax).message
    ax.set_title("Residents by district")
    ax.set_xlabel("")
    assert "label" in problem.assess(ax).message
    ax.set_xlabel("District")
    ax.set_ylabel("Residents")
    assert problem.assess(ax).passed
    wrong = frame.plot(kind="bar", x="district", y="population_65_plus", title="t")
    assert "values" in problem.assess(wrong).message
    assert "chart" in problem.assess(42).message
    ax.set_ylabel("population")  # the raw column name is not a label in words
    assert "label" in problem.assess(ax).message


# --- the check call in both modes --------------------------------------------------------

def test_learner_mode_prints_and_never_raises(capsys):
    assert check("mtest.total", 5) is None  # nothing for a notebook to echo
    assert "Not yet right" in capsys.readouterr().out
    check("mtest.total", ...)
    assert "Not attempted yet" in capsys.readouterr().out


def test_check_reads_the_variable_from_the_notebook_namespace(capsys):
    namespace = {"check": check}
    exec("check('mtest.total')", namespace)
    assert "does not exist yet" in capsys.readouterr().out
    namespace["total_population"] = total()
    exec("check('mtest.total')", namespace)
    assert "Correct" in capsys.readouterr().out


def test_grading_mode_raises_assertion_subclasses(grading_mode):
    with pytest.raises(CheckFailed) as wrong:
        check("mtest.total", 5)
    assert isinstance(wrong.value, AssertionError)
    with pytest.raises(NotAttempted):
        check("mtest.total", ...)
    check("mtest.total", total())  # no exception when right


def test_failure_traceback_is_only_the_friendly_message(grading_mode):
    with pytest.raises(CheckFailed) as failed:
        check("mtest.total", 5)
    lines = [ANSI.sub("", line) for line in failed.value._render_traceback_()]
    assert lines[0] == "mtest.total · Not yet right" and lines[-1] == "(mtest.total)"
    assert "smaller" in " ".join(lines[1:-1])
    assert max(len(line) for line in lines) <= 60, "nbgrader's Validate dialog cuts long lines"
    assert str(failed.value) == "mtest.total · Not yet right: " + failed.value.outcome.message


def test_messages_follow_the_language():
    i18n.set_language("it")
    outcome = get_problem("mtest.total").assess(5)
    assert outcome.message == "Non ancora: il tuo numero è più piccolo del previsto."


def test_hints_are_staged_and_stop_at_the_last(capsys, monkeypatch):
    monkeypatch.setattr(notebook_calls, "_hints_seen", {})  # no hint seen yet, whatever ran
    assert next_hint("mtest.total") == ("Hint 1 of 2", "first hint")
    assert next_hint("mtest.total")[1].startswith("second hint")
    assert "last hint" in next_hint("mtest.total")[1]
    assert hint("mtest.total", 1) is None  # nothing for a notebook to echo
    assert "Hint 1 of 2: first hint" in capsys.readouterr().out


@pytest.mark.parametrize("lang", ["en", "it"])
def test_in_a_notebook_hint_and_solution_show_their_box_and_nothing_else(lang, tmp_path):
    cells = [f'from lab_helpers import check, hint, setup, solution\nsetup("00", lang="{lang}")',
             'hint("m00.total_population")', 'hint("m00.total_population", 99)',
             "total_population = 5", 'check("m00.total_population")',
             'solution("m00.total_population")']
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    ran = execute_notebook(nb, tmp_path)
    total = len(get_problem("m00.total_population").hints)
    expected = {1: _("Hint {n} of {total}", lang).format(n=1, total=total),
                2: _("(This is the last hint.)", lang),
                5: 'districts["population"].sum()'}
    for index, text in expected.items():
        outputs = ran.cells[index].outputs
        assert [o.output_type for o in outputs] == ["display_data"], outputs
        assert text in outputs[0]["data"]["text/plain"], outputs


def test_unknown_exercise_suggests_the_closest():
    with pytest.raises(UnknownExerciseError, match="mtest.total"):
        get_problem("mtest.totl")


# --- checkable questions beyond code ----------------------------------------------------

register(
    RangeProblem(id="mtest.estimate", var="estimate", low=lambda: 4500, high=lambda: 5500,
                 mistakes=[Mistake(lambda: 6600, "that is the tallest bar")]),
    OrderProblem(id="mtest.steps", var="steps", order=("b", "d", "c", "a")),
)


def test_range_accepts_the_interval_and_says_which_side():
    problem = get_problem("mtest.estimate")
    assert problem.assess(4500).passed and problem.assess(5499.5).passed
    assert "too low" in problem.assess(4000).message
    assert "too high" in problem.assess(6000).message
    assert problem.assess(6500).message == "that is the tallest bar"
    assert "without quotes" in problem.assess("5000").message
    assert problem.assess(...).status is Status.NOT_ATTEMPTED


def test_ordering_steps():
    problem = get_problem("mtest.steps")
    assert problem.assess(["b", "d", "c", "a"]).passed
    assert problem.assess("B, D, C, A").passed
    assert "first" in problem.assess(["a", "b", "c", "d"]).message
    assert "2 of 4" in problem.assess(["b", "c", "d", "a"]).message
    assert "exactly once" in problem.assess(["b", "b", "c", "a"]).message
    assert problem.assess(["b", ..., "c", "a"]).status is Status.NOT_ATTEMPTED


def test_new_question_kinds_raise_under_grading(grading_mode):
    with pytest.raises(CheckFailed):
        check("mtest.estimate", 100)
    with pytest.raises(CheckFailed):
        check("mtest.steps", ["a", "b", "c", "d"])
    check("mtest.steps", ["b", "d", "c", "a"])


def test_gaps_in_text_and_date_columns_compare_as_equal():
    want = pd.DataFrame({"name": pd.Series(["Rossi", None], dtype="string"),
                         "opened": pd.to_datetime(["2024-01-31", None])})
    assert compare_frame(want.copy(), want) is None
    other = want.copy()
    other.loc[1, "name"] = "Bianchi"
    assert "'name'" in compare_frame(other, want)


# --- an exercise declared once: its id and variable follow from its module and name ---------

def test_bind_names_each_exercise_after_its_module_and_variable():
    from lab_helpers.checks import bind, module_problems

    first = ValueProblem(expected=lambda: 1)
    chart = ChartProblem(var="chart", expected=lambda: None)
    bound = bind("lab_helpers.exercises.mbind", {"first": first, "chart_one": chart,
                                                 "_private": ValueProblem(), "other": 3})
    assert [p.id for p in bound] == ["mbind.first", "mbind.chart_one"]
    assert (first.var, chart.var) == ("first", "chart")
    assert module_problems("mbind") == [first, chart]


def test_bind_refuses_an_exercise_under_two_names():
    from lab_helpers.checks import bind

    twice = ValueProblem(expected=lambda: 1)
    with pytest.raises(ValueError, match="mbind2.b"):
        bind("mbind2", {"a": twice, "b": twice})


def test_a_missing_number_matches_only_a_missing_number():
    want = pd.DataFrame({"a": [1.0, float("nan"), 3.0]})
    assert compare_frame(want.copy(), want) is None
    gaps = pd.DataFrame({"a": [float("nan")] * 3})  # a gap is not any number
    assert compare_frame(gaps, want) == "Column 'a' differs, first at row 1 (2 values differ)."
    filled = want.fillna(2.0)  # nor is a number a gap
    assert compare_frame(filled, want) == "Column 'a' differs, first at row 2 (1 value differs)."


def test_an_all_missing_column_is_not_the_old_age_index():
    problem = get_problem("m02.old_age_index")
    expected = problem.expected()
    assert problem.assess(expected.copy()).passed
    outcome = problem.assess(pd.Series(float("nan"), index=expected.index))
    assert outcome.status is Status.INCORRECT


# --- every message, word for word, and translated ---------------------------------------

def in_both_languages(call):
    """What ``call()`` says in English and in Italian."""
    said = []
    for lang in ("en", "it"):
        i18n.set_language(lang)
        said.append(call())
    return said


def assert_translated(english: str, italian: str) -> None:
    """No sentence of the English message is left in the Italian one."""
    assert italian != english
    for part in re.split(r"(?<=[.;:?])\s+|,\s+", english):
        if len(part.split()) >= 3:
            assert part not in italian, (part, italian)


NUMBERS = pd.Series([0.1, 0.2], name="share")
TABLE = pd.DataFrame({"a": [1, 2, 3], "b": [3.0, 4.0, 5.0]})
MESSAGES = [
    (lambda: compare_number("cinque", 5), "The answer should be a number, but it is text."),
    (lambda: compare_number("42", 42),
     "The number is written as text, between quotes: remove the quotes."),
    (lambda: compare_number("4,5", 4.5),
     "The number is written as text, between quotes: remove the quotes."),
    (lambda: compare_number(pd.Series([1]), 3),
     "The answer should be a single number, but it is a whole column or table."),
    (lambda: compare_number(None, 3), "The answer should be a number, but it is a NoneType."),
    (lambda: compare_number(True, 1), "The answer should be a number, but it is a bool."),
    (lambda: compare_number(float("nan"), 3.0),
     "The answer is NaN (not a number): missing values may have got in."),
    (lambda: compare_number(26.9, 0.269),
     "Your value looks 100 times too large: a percentage instead of a share?"),
    (lambda: compare_number(0.269, 26.9),
     "Your value looks 100 times too small: a share instead of a percentage?"),
    (lambda: compare_number(90, 100), "Not quite: your number is smaller than expected."),
    (lambda: compare_number(1.0, 0.0), "Not quite: your number is larger than expected."),
    (lambda: compare_text(5, "Asti"), "The answer should be text, between quotes."),
    (lambda: compare_text("Biella", "Asti"),
     "Not quite: that is not the text expected. Check the spelling."),
    (lambda: compare_sequence("abc", [1]), "The answer should be a list, in square brackets [ ]."),
    (lambda: compare_sequence(5, [1]), "The answer should be a list, in square brackets [ ]."),
    (lambda: compare_sequence([1], [1, 2, 3]), "The list should have 3 items; yours has 1."),
    (lambda: compare_sequence([1, 2], [1]), "The list should have 1 item; yours has 2."),
    (lambda: compare_sequence([2, 1], [1, 2]), "The items are right but in a different order."),
    (lambda: compare_sequence([1, 5], [1, 2]), "Item 2 of your list is not the expected one."),
    (lambda: compare_sequence([1.0001], [1.0]), "Item 1 of your list is not the expected one."),
    (lambda: compare_sequence([1, 3], [1, 2], ordered=False),
     "Some items of your list are not the expected ones."),
    (lambda: compare_value(1, True), "The answer should be True or False."),
    (lambda: compare_value(False, True),
     "Not quite: think again about whether it is True or False."),
    (lambda: compare_value(3, "Asti"), "The answer should be text, between quotes."),
    (lambda: compare_value({"a": 1}, {"a": 2}), "Not quite: that is not the expected answer."),
    (lambda: compare_frame(TABLE, NUMBERS),
     "The answer should be a column (a pandas Series), but it is a DataFrame."),
    (lambda: compare_frame([0.1, 0.2], NUMBERS),
     "The answer should be a column (a pandas Series), but it is a list."),
    (lambda: compare_frame(NUMBERS, TABLE),
     "The answer should be a table (a pandas DataFrame), but it is a Series."),
    (lambda: compare_frame(TABLE[["a"]], TABLE.assign(c=1)),
     "Your table is missing the column(s): b, c."),
    (lambda: compare_frame(TABLE.assign(c=1), TABLE),
     "Your table has column(s) that are not asked for: c."),
    (lambda: compare_frame(TABLE.iloc[:2], TABLE), "Your table has 2 rows; 3 are expected."),
    (lambda: compare_frame(TABLE.iloc[:1], TABLE.iloc[:2]),
     "Your table has 1 row; 2 are expected."),
    (lambda: compare_frame(TABLE.iloc[:2], TABLE.iloc[:1]),
     "Your table has 2 rows; 1 is expected."),
    (lambda: compare_frame(TABLE.set_axis([5, 6, 7]), TABLE, check_index=True),
     "The rows are labelled differently (the index): did you set or reset it?"),
    (lambda: compare_frame(TABLE.assign(b=[3.0, 9.0, 9.0]), TABLE),
     "Column 'b' differs, first at row 2 (2 values differ)."),
    (lambda: compare_frame(pd.Series([0.1, 0.3]), NUMBERS),
     "The column differs, first at row 2 (1 value differs)."),
    (lambda: compare_frame(TABLE.assign(b=[3.0, 4.0, 5.00002]), TABLE),
     "Column 'b' differs, first at row 3 (1 value differs)."),  # the tolerance is 1e-6
    (lambda: compare_frame(pd.DataFrame({"a": [5e-9]}), pd.DataFrame({"a": [0.0]})),
     "Column 'a' differs, first at row 1 (1 value differs)."),  # and 1e-9 near zero
    (lambda: compare_frame(pd.DataFrame({"a": [1, 2]}),
                           pd.DataFrame({"a": pd.Series(["x", "y"], dtype="category")})),
     "Column 'a' has type int64; category is expected."),
    (lambda: compare_frame(pd.DataFrame({"n": pd.Series(["1", "2"], dtype=object)}),
                           pd.DataFrame({"n": [1, 2]})),
     "Column 'n' should hold numbers, but it holds object."),
    (lambda: compare_frame(TABLE.iloc[::-1], TABLE),
     "The rows are right but in a different order: check the sorting."),
    (lambda: compare_frame(TABLE.iloc[::-1], TABLE, check_order=False),
     "Column 'a' differs, first at row 1 (2 values differ)."),
]


@pytest.mark.parametrize(("call", "english"), MESSAGES, ids=[m[1][:40] for m in MESSAGES])
def test_each_comparison_message_word_for_word_and_in_italian(call, english):
    said, italian = in_both_languages(call)
    assert said == english
    assert_translated(english, italian)


def test_answers_that_match_get_no_message():
    assert compare_number(1e-10, 0.0) is None  # 1e-9 is close enough to zero
    assert compare_number(100.0, 100) is None and compare_number(0.0, 0) is None
    assert compare_text(" asti ", "Asti") is None
    assert compare_sequence(pd.Series([1, 2]), [1, 2]) is None
    assert compare_sequence([1, "a"], ["a", 1], ordered=False) is None  # mixed kinds sort as text
    assert compare_sequence([1.0001], [1.0], rel_tol=1e-3) is None
    assert compare_value(True, True) is None and compare_value(np.True_, True) is None
    assert compare_value(1.0001, 1.0, rel_tol=1e-3) is None
    assert compare_value([1.0001], [1.0], rel_tol=1e-3) is None
    assert compare_value(pd.Series([1.0001]), pd.Series([1.0]), rel_tol=1e-3) is None
    assert compare_value({"a": 1}, {"a": 1}) is None and compare_value(TABLE, TABLE) is None
    assert compare_frame(TABLE[["a"]].rename(columns={"a": "share"}),
                         pd.Series([1, 2, 3], name="share")) is None  # one column: a Series
    assert compare_frame(TABLE[["b", "a"]], TABLE) is None  # columns in another order
    assert compare_frame(TABLE.set_axis([5, 6, 7]), TABLE) is None  # the index is not checked
    assert compare_frame(TABLE, TABLE, check_index=True) is None
    assert compare_frame(pd.DataFrame({"a": [1e-10]}), pd.DataFrame({"a": [0.0]})) is None
    text = pd.DataFrame({"s": pd.Series(["x", "y"], dtype="string")})
    assert compare_frame(text.astype(object), text) is None  # text is text, whatever its dtype
    category = pd.DataFrame({"a": pd.Series(["x", "y"], dtype="category")})
    assert compare_frame(category.astype(object), category, check_dtype=False) is None


def test_problem_outcomes_carry_the_exercise_and_the_exact_message():
    problem = get_problem("mtest.total")
    blank = problem.assess(...)
    assert blank.problem_id == "mtest.total" and blank.message == (
        "Replace the ... in the cell that sets 'total_population', run that cell, then run "
        "this one again.")
    right = problem.assess(total())
    assert (right.problem_id, right.message) == ("mtest.total", "Correct! Well done.")
    mean = load_dataset("districts")["population"].mean()
    assert problem.assess(mean).problem_id == "mtest.total"
    assert problem.assess(5).problem_id == "mtest.total"
    broken = ValueProblem(id="mtest.broken", expected=lambda: 1 / 0)
    assert broken.assess(3).message == "Not quite: that is not the expected answer."


def test_a_hidden_test_that_cannot_run_fails_and_a_broken_mistake_is_passed_over():
    problem = ValueProblem(
        id="mtest.hidden", expected=lambda: 10,
        hidden=[HiddenTest(lambda v: 1 / 0, "cannot run"), HiddenTest(lambda v: True, "never")],
        mistakes=[Mistake(lambda: 1 / 0, "broken mistake"), Mistake(lambda: 5, "half of it")])
    assert problem.assess(10, hidden=True).message == "cannot run"
    assert problem.assess(5).message == "half of it"


def test_wrong_answers_are_listed_in_order_with_their_messages():
    from lab_helpers.checks.problems import Try, WrongAnswer

    problem = ValueProblem(
        id="mtest.listed", expected=lambda: 10,
        mistakes=[Mistake(lambda: 5, "half", code="5"), Mistake(lambda: 6, "no code")],
        tries=[Try("11", "larger by {n}", {"n": 1})],
        hidden=[HiddenTest(lambda v: True, "must be whole", code="10.0"),
                HiddenTest(lambda v: True, "no code either")])
    assert problem.wrong_answers() == [WrongAnswer("5", "half", {}, False),
                                       WrongAnswer("11", "larger by {n}", {"n": 1}, False),
                                       WrongAnswer("10.0", "must be whole", {}, True)]
    choice = ChoiceProblem(id="mtest.choose", correct=frozenset({"b"}),
                           explanations={"a": "not a"}, tries=[Try("b c", "two letters")])
    assert choice.wrong_answers() == [WrongAnswer('"a"', "not a", {}, False),
                                      WrongAnswer("b c", "two letters", {}, False)]
    italian = {"by {n}": "di {n}", "plain {n}": "semplice {n}"}.get
    assert WrongAnswer("1", "by {n}", {"n": 2}, False).expected(italian) == "di 2"
    assert WrongAnswer("1", "plain {n}", {}, False).expected(italian) == "semplice {n}"


def test_table_and_value_problems_pass_their_settings_on():
    table = pd.DataFrame({"a": [1, 2, 3]})
    loose = TableProblem(id="mtest.loose", expected=lambda: table, check_order=False,
                         check_dtype=False, rel_tol=1e-3)
    assert loose.assess(table.iloc[::-1]).message == (
        "Column 'a' differs, first at row 1 (2 values differ).")
    assert loose.assess(table.astype(str)).message == (
        "Column 'a' should hold numbers, but it holds str.")
    assert loose.assess(table * 1.0001).passed
    words = pd.DataFrame({"a": pd.Series(["x", "y"], dtype="category")})
    assert TableProblem(id="mtest.words", expected=lambda: words, check_dtype=False).assess(
        words.astype(object)).passed
    indexed = TableProblem(id="mtest.indexed", expected=lambda: table, check_index=True)
    assert "index" in indexed.assess(table.set_axis([4, 5, 6])).message
    assert ValueProblem(id="mtest.near", expected=lambda: 1.0, rel_tol=1e-3).assess(1.0001).passed


def test_choice_messages_word_for_word():
    problem = get_problem("mtest.choice")
    said = {value: problem.assess(value).message for value in (5, "", "z", "('b')")}
    assert said[5] == said[""] == (
        'Answer with the letter of your choice, between quotes, like "a".')
    assert said["z"] == "'z' is not one of the options (a, b, c)."
    assert said["('b')"] == "Correct! Well done."


def test_range_and_order_messages_word_for_word():
    estimate = get_problem("mtest.estimate")
    assert estimate.assess(5500).passed  # both bounds are included
    assert estimate.assess(None).message == "The answer should be a number, without quotes."
    near = RangeProblem(id="mtest.near_mistake", low=lambda: 0, high=lambda: 10,
                        mistakes=[Mistake(lambda: 100, "the mistake")])
    assert near.assess(95).message == "the mistake"  # 5% of 100 away still matches
    assert near.assess(94).message == (
        "Your estimate is too high: look again at the figures above.")
    steps = get_problem("mtest.steps")
    assert steps.assess(5).message == (
        'Answer with a list of letters in order, like ["b", "a", "c"].')
    assert steps.assess(["a"]).message == "Use each of the letters a, b, c, d exactly once."
    assert steps.assess(["b", "c", "a", "d"]).message == "1 of 4 steps is in the right place."
    assert steps.assess(["b", "c", "d", "a"]).message == "2 of 4 steps are in the right place."


def test_chart_helpers_read_bars_labels_and_whole_numbers():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from lab_helpers.checks.problems import bar_axes, bar_heights, bar_labels, is_whole_number

    figure, ax = plt.subplots()
    ax.bar(["Asti", "Biella", "Cuneo"], [3, 0, 2])
    assert bar_axes(ax) is ax and bar_axes(figure) is ax
    assert bar_axes(42) is None and bar_axes(type("Box", (), {"patches": []})()) is None
    assert bar_labels(ax) >= {"Asti", "Biella", "Cuneo"} and bar_labels(42) == set()
    assert bar_heights(ax) == ([0.0, 2.0, 3.0], False)  # a bar of 0 is a bar
    _figure, flat = plt.subplots()
    flat.barh(["Asti", "Biella"], [3, 1])
    assert bar_heights(flat) == ([1.0, 3.0], True)
    assert {"Asti", "Biella"} <= bar_labels(flat)
    plt.close("all")
    assert is_whole_number(14) and is_whole_number(np.int64(14))
    assert not is_whole_number(14.0) and not is_whole_number(True)


def test_chart_messages_word_for_word():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    heights = pd.Series([3.0, 1.0, 2.0], index=pd.Index(["x", "y", "z"], name="district"),
                        name="population")
    problem = ChartProblem(id="mtest.bars", expected=lambda: heights, rel_tol=1e-3,
                           mistakes=[Mistake(lambda: heights * 2, "twice the values")])
    assert problem.assess(42).message == problem.assess(plt.figure()).message == (
        "The answer should be a chart: keep the result of .plot(...) in the variable.")
    line = heights.plot(kind="line")
    assert problem.assess(line).message == (
        'The chart has no bars: use kind="bar" or kind="barh".')
    plt.close("all")
    assert problem.assess(heights.iloc[:2].plot(kind="bar")).message == (
        "The chart has 2 bars; 3 are expected.")
    plt.close("all")
    assert problem.assess(heights.iloc[:1].plot(kind="bar")).message == (
        "The chart has 1 bar; 3 are expected.")
    plt.close("all")
    assert problem.assess((heights * 2).plot(kind="bar")).message == "twice the values"
    plt.close("all")
    near = (heights * 1.0001).plot(kind="bar", title="Residents", xlabel="district",
                                   ylabel="Residents")
    assert "label" in problem.assess(near).message  # the index's name is not a label in words
    near.set_xlabel("District")
    assert problem.assess(near).passed  # within the chart's tolerance
    plt.close("all")


def test_more_messages_word_for_word_and_translated():
    multi = get_problem("mtest.multi")
    for call, english in (
            (lambda: multi.assess("a").message,
             "Part of the answer: more than one option is right."),
            (lambda: get_problem("mtest.estimate").assess(4000).message,
             "Your estimate is too low: look again at the figures above."),
            (lambda: get_problem("mtest.steps").assess(["a", "b", "c", "d"]).message,
             "Think again about which step comes first."),
            (lambda: compare_frame(TABLE.assign(c=1, d=2), TABLE),
             "Your table has column(s) that are not asked for: c, d."),
            (lambda: compare_frame(pd.DataFrame({"a": [2, 1]}),  # wrong type, and order
                                   pd.DataFrame({"a": pd.Series(["1", "2"], dtype="category")})),
             "Column 'a' has type int64; category is expected."),
            (lambda: compare_frame(pd.DataFrame({"ok": pd.Series(["True", "False"], dtype=object)}),
                                   pd.DataFrame({"ok": [True, False]})),
             "Column 'ok' has type object; bool is expected.")):
        said, italian = in_both_languages(call)
        assert said == english
        assert_translated(english, italian)
    i18n.set_language("en")
    assert compare_frame(TABLE.iloc[::-1].reset_index(drop=True), TABLE) == (
        "The rows are right but in a different order: check the sorting.")
    assert compare_frame(TABLE.iloc[::-1].set_axis([0, 0, 0]), TABLE) == (  # after a concat
        "The rows are right but in a different order: check the sorting.")


def test_table_problems_check_order_and_type_unless_told_not_to():
    table = pd.DataFrame({"a": [1, 2, 3]})
    strict = TableProblem(id="mtest.strict", expected=lambda: table)
    assert strict.assess(table.iloc[::-1]).message == (
        "The rows are right but in a different order: check the sorting.")
    words = pd.DataFrame({"a": pd.Series(["1", "2"], dtype="category")})
    typed = TableProblem(id="mtest.typed", expected=lambda: words)
    assert typed.assess(pd.DataFrame({"a": [1, 2]})).message == (
        "Column 'a' has type int64; category is expected.")
    untyped = TableProblem(id="mtest.untyped", expected=lambda: words, check_dtype=False)
    assert untyped.assess(pd.DataFrame({"a": [1, 2]})).passed


def test_bars_below_zero_are_still_upright():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from lab_helpers.checks.problems import bar_heights

    _figure, ax = plt.subplots()
    ax.bar(["Asti", "Biella"], [-1, -2])  # posts missing: bars below the axis
    assert bar_heights(ax) == ([-2.0, -1.0], False)
    plt.close("all")


@pytest.mark.parametrize("kind", ["bar", "barh"])
def test_a_chart_of_one_bar_is_read_the_way_it_was_drawn(kind):
    import matplotlib

    matplotlib.use("Agg")
    from lab_helpers.checks.problems import bar_heights

    axes = pd.Series([7.5], index=["Asti"]).plot(kind=kind)
    assert bar_heights(axes) == ([7.5], kind == "barh")
    axes.figure.clf()
