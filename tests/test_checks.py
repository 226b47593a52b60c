"""Unit tests of the exercise checks: comparisons, messages, modes and hints."""

from __future__ import annotations

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
from lab_helpers.checks.compare import compare_frame, compare_number, compare_sequence
from lab_helpers.checks.registry import UnknownExerciseError, get_problem
from lab_helpers.datasets import load_dataset


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
    lines = failed.value._render_traceback_()
    assert len(lines) == 2 and "smaller" in lines[1]


def test_messages_follow_the_language():
    i18n.set_language("it")
    outcome = get_problem("mtest.total").assess(5)
    assert outcome.message == "Non ancora: il tuo numero è più piccolo del previsto."


def test_hints_are_staged_and_stop_at_the_last(capsys, monkeypatch):
    monkeypatch.setattr(notebook_calls, "_hints_seen", {})  # no hint seen yet, whatever ran
    assert hint("mtest.total") == "first hint"
    assert hint("mtest.total").startswith("second hint")
    assert "last hint" in hint("mtest.total")
    assert hint("mtest.total", 1) == "first hint"
    assert "Hint 1 of 2" in capsys.readouterr().out


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
