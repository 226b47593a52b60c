"""Canonical forms and digested checks, in process (the installed wheel: test_cohort_wheel.py)."""

from __future__ import annotations

import dataclasses
import math

import matplotlib
import pandas as pd
import pytest

from lab_helpers.catalog import list_modules
from lab_helpers.checks import answer_key as answer_key_module
from lab_helpers.checks import problems as P
from lab_helpers.checks.answer_context import answer_context
from lab_helpers.checks.answer_key import NoAnswerKeyError, answer_key, keyable, unchecked_key
from lab_helpers.checks.digested import DigestedProblem
from lab_helpers.checks.digests import digest, form, forms, frame_kind, kind_of, number_form
from lab_helpers.checks.registry import module_problems
from lab_helpers.i18n import set_language

matplotlib.use("Agg")
NUM = {"k": "num", "tol": 1e-6}


def same(a, b, kind=NUM) -> bool:
    """Two values share a form on one grid: a digested check takes them as one answer."""
    return bool(set(forms(a, kind)) & set(forms(b, kind)))


@pytest.mark.parametrize("x", [0.5, 1.25, 4983.333333333333, 1234, 10.0, 99.99999999999999,
                               0.1 + 0.2, -3.5, 1e-7, 123456789.0])
def test_a_number_and_its_float_noise_or_a_tiny_slip_share_a_form(x):
    for noise in (1 + 1e-15, 1 - 1e-15, 1 + 2e-8, 1 - 2e-8):
        assert same(x, x * noise), (x, noise)


@pytest.mark.parametrize("x", [0.5, 4983.333333333333, 10.0, 1e-7, -3.5])
def test_numbers_beyond_the_tolerance_never_share_a_form(x):
    for factor in (1 + 1.1e-5, 1 - 1.1e-5, 1.01, 100, 0.01):  # beyond ten tolerances
        assert not same(x, x * factor), (x, factor)


def test_values_on_a_rounding_boundary_match_on_the_shifted_grid():
    # 1.000005 is on a boundary of the first grid (steps of 1e-5 for a tolerance of 1e-6):
    # both sides of it round apart there, and together on the grid shifted by half a step
    below, above = 1.000005 - 1e-12, 1.000005 + 1e-12
    assert number_form(below, 1e-6, 0.0) != number_form(above, 1e-6, 0.0)
    assert number_form(below, 1e-6, 0.5) == number_form(above, 1e-6, 0.5)
    assert same(below, above)
    # and around a power of ten, where the size of a step changes
    assert same(9.999999999999998, 10.0) and same(10.000000000000002, 10.0)


def test_amounts_rounded_within_the_tolerance_match():
    # m02's allocation: a tolerance of 1e-4, so amounts rounded to the euro are right
    kind = {"k": "num", "tol": 1e-4}
    for amount in (45678.5, 12345.49, 99_999.4, 250_000.5):
        assert same(amount, round(amount), kind), amount


def test_counts_are_exact_and_text_is_folded_as_compare_text_folds_it():
    assert same(14, 14.0, {"k": "int"}) and not same(14, 15, {"k": "int"})
    assert not same(14, 14.5, {"k": "int"})
    assert same("  Asti ", "asti", {"k": "text"}) and not same("Asti", "Alba", {"k": "text"})
    assert form(True, {"k": "bool"}, 0) != form(False, {"k": "bool"}, 0)
    assert form("1", {"k": "bool"}, 0) is None and form("12", NUM, 0) is None


def test_tables_are_compared_in_the_expected_columns_order_rows_as_they_are():
    want = pd.DataFrame({"district": ["A", "B"], "ratio": [1 / 3, 2 / 3]})
    kind = frame_kind(want)
    swapped = want[["ratio", "district"]]
    noisy = want.assign(ratio=want["ratio"] * (1 + 1e-14))
    assert same(want, swapped, kind) and same(want, noisy, kind)
    assert not same(want, want.iloc[::-1], kind)
    assert not same(want, want.assign(ratio=[0.3, 0.6]), kind)
    series = want["ratio"]
    assert same(series, series.rename("other"), kind_of(series))  # a Series' name is free
    assert same(series, series.to_frame(), kind_of(series))


def test_digests_depend_on_the_salt_and_slow_ones_are_longer():
    assert digest("a", "t:x", 1) != digest("b", "t:x", 1)
    assert len(digest("a", "t:x", 1000)) > len(digest("a", "t:x", 1))


def _chart(series: pd.Series, xlabel: str = "X", ylabel: str = "Y"):
    import matplotlib.pyplot as plt

    plt.close("all")
    return series.plot(kind="bar", title="T", xlabel=xlabel, ylabel=ylabel)


def _fails(*_args):
    raise KeyError("digital")


def _answers(problem: P.Problem) -> list[tuple[object, bool]]:
    """The reference's own values (never typed in) and answers of other kinds, each with
    whether its message must be the reference's whatever its kind (a declared mistake, an
    estimate far off)."""
    mistakes = [m.value() for m in problem.mistakes]
    if problem.probes():  # a function answer: the reference, its mistakes, broken ones
        table = problem.probe_table()
        found = [problem.expected, 0, "text", _fails,
                 lambda *_a: [1, 2], lambda *_a: ..., lambda *_a: table["district_id"],
                 lambda *_a: pd.Series({"resolved": 100.0}),
                 lambda t, d, c: problem.expected(t, d, c).rename("x").to_frame(),
                 lambda t, d, c: problem.expected(t, d, c).sort_index() * (1 + 1e-12)]
    elif isinstance(problem, P.ChartProblem):
        mistakes = [_chart(m) for m in mistakes]
        found = [_chart(problem.expected()), _chart(problem.expected() * 2), "a chart",
                 # a label that is the column's own name is refused, the same in capitals not
                 _chart(problem.expected(), str(problem.expected().index.name), "Y"),
                 _chart(problem.expected(), str(problem.expected().index.name).title(), "Y")]
    elif isinstance(problem, P.ValueProblem | P.TableProblem):
        expected = problem.expected()
        found = [expected, "text", [1, 2], None]
        if isinstance(expected, float | int) and not isinstance(expected, bool):
            found += [expected * 100, expected / 100, str(expected), float("nan")]
        if isinstance(expected, pd.DataFrame | pd.Series):
            found += [expected.iloc[::-1], expected.iloc[:-1], expected.astype(str)]
    elif isinstance(problem, P.RangeProblem):
        low, high = float(problem.low()), float(problem.high())
        found = [(low + high) / 2, low - (high - low) / 2, high + (high - low) / 2, "5"]
        mistakes += [high + 50 * (high - low), low - 50 * (high - low), -1000, 1e6]  # far off
    elif isinstance(problem, P.ChoiceProblem):
        found = [*sorted(problem.correct), *problem.explanations, "z", "",
                 sorted(problem.correct)]
    elif isinstance(problem, P.OrderProblem):
        found = [list(problem.order), list(reversed(problem.order)), ["a"], 3]
    else:
        raise AssertionError(type(problem))
    return [(value, False) for value in found] + [(value, True) for value in mistakes]


def _contexts(problem: P.Problem) -> list[dict]:
    """The settings to check an exercise in (two districts for module 09), with the table
    a function answer is called on."""
    found = [problem.example_context()]
    for name, setting in problem.context.items():
        found.append({**found[0], name: setting.values()[0]})
    table = problem.probe_table()
    if table is not None:
        found = [{**c, problem.probes()["table"]: table} for c in found]
    return found


@pytest.mark.parametrize("number", [m.number for m in list_modules()])
def test_a_digested_check_says_what_the_reference_says_of_its_own_answers(number):
    """The right answer, each plausible wrong one and answers of the wrong kind get the very
    verdict and message of the trainer's check; other answers at least the same verdict."""
    for problem in module_problems(f"m{number}"):
        assert keyable(problem), problem.id
        digested = DigestedProblem(id=problem.id, var=problem.var,
                                   key=answer_key(problem, "salt", iterations=2))
        for context in _contexts(problem):
            with answer_context(context):
                answers = _answers(problem)
                for lang in ("en", "it"):
                    set_language(lang)
                    for value, exact in answers:
                        want, got = problem.assess(value), digested.assess(value)
                        assert got.status == want.status, (problem.id, lang, value)
                        if problem.probes():  # other results: "not what is expected"
                            exact = exact or value in (0, "text", _fails) or not callable(value)
                        else:
                            exact = exact or not isinstance(
                                value, pd.DataFrame | pd.Series | float) or (
                                    isinstance(value, float) and math.isnan(value))
                        if exact or want.passed:
                            assert got.message == want.message, (problem.id, lang, value)
    set_language("en")


def test_a_problem_class_without_a_key_builder_is_refused_by_name():
    class Essay(P.Problem):
        pass

    with pytest.raises(NoAnswerKeyError, match="Essay has no answer-key builder"):
        answer_key(Essay(id="m99.essay"), "salt")
    unchecked = DigestedProblem(id="m99.essay", var="essay", key=unchecked_key(
        Essay(id="m99.essay", var="essay")))
    assert unchecked.assess(...).status.value == "not_attempted"
    assert unchecked.assess("my essay").status.value == "not_attempted"

    class Rounded(P.ValueProblem):  # a subclass may compare in its own way
        def compare(self, value):
            return None

    with pytest.raises(NoAnswerKeyError, match="m99.rounded: Rounded has no answer-key"):
        answer_key(Rounded(id="m99.rounded", expected=lambda: 1.5), "salt")


def test_an_exercise_that_follows_a_notebook_setting_or_fails_is_refused_by_name(monkeypatch):
    @dataclasses.dataclass(frozen=True)
    class Chosen(P.ValueProblem):
        context: dict = dataclasses.field(default_factory=dict)

    monkeypatch.setitem(answer_key_module.KEY_BUILDERS, Chosen, answer_key_module.value_key)
    assert answer_key(Chosen(id="m99.fixed", expected=lambda: 2.5), "salt")["right"]
    unlisted = P.Setting(lambda v: None, "D07")
    with pytest.raises(NoAnswerKeyError, match="m99.chosen: .*notebook's DISTRICT"):
        answer_key(Chosen(id="m99.chosen", expected=lambda: 2.5,
                          context={"DISTRICT": unlisted}), "salt")
    with pytest.raises(NoAnswerKeyError, match="m99.broken: .*ZeroDivisionError"):
        answer_key(P.ValueProblem(id="m99.broken", expected=lambda: 1 / 0), "salt")


def test_blank_answers_are_not_attempted():
    problem = module_problems("m00")[0]
    digested = DigestedProblem(id=problem.id, var=problem.var, key=answer_key(problem, "s", 2))
    assert digested.assess(...).status.value == "not_attempted"
    assert digested.assess(...).message == problem.assess(...).message


def test_an_exercise_that_follows_a_setting_has_a_key_for_each_of_its_values():
    from lab_helpers.checks.answer_context import context_value
    from lab_helpers.checks.digested import (
        ListedValues,
        bind_key,  # noqa: F401 - the cohort's own reading
    )

    def trouble(value):
        if not isinstance(value, str):
            return "not text"
        return None if value in ("A", "B") else "not listed"

    setting = P.Setting(trouble, "A", values=lambda: ["A", "B"])
    problem = P.ValueProblem(id="m99.per_setting", var="x", context={"D": setting},
                             expected=lambda: {"A": 1.5, "B": 2.5}[context_value("D")],
                             mistakes=(P.Mistake(lambda: -{"A": 1.5, "B": 2.5}[
                                 context_value("D")], "reversed"),))
    key = answer_key(problem, "salt", iterations=2)
    assert key["type"] == "context" and sorted(key["keys"]) == ['["A"]', '["B"]']
    digested = DigestedProblem(id=problem.id, var="x", key=key)
    for chosen, right, other in (("A", 1.5, 2.5), ("B", 2.5, 1.5)):
        with answer_context({"D": chosen}):
            assert digested.assess(right).passed and not digested.assess(other).passed
            assert digested.assess(-right).message == "reversed"
    listed = ListedValues(**key["settings"]["D"])
    for value in ("A", "B", "C", "", 3, None):
        assert listed(value) == trouble(value), value


def test_the_capstones_district_is_refused_in_a_cohort_as_in_the_full_install():
    from lab_helpers.checks.answer_key import setting_key
    from lab_helpers.checks.digested import ListedValues

    setting = module_problems("m09")[0].context["DISTRICT"]
    listed = ListedValues(**setting_key(setting))
    for value in ("D07", "D30", "D31", "d07", "", 7, None, ["D07"]):
        assert listed(value) == setting.trouble(value), value
