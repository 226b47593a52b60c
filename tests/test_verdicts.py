"""The grader's own verdict: answers recorded as plain data, checked outside the kernel.

Every module's solutions, executed as under grading, record answers that the grader's check
finds right once read back; the blank notebook's never are; records that are forged, cut,
moved to another exercise or unreadable give no points.
"""

from __future__ import annotations

import json

import nbformat
import numpy as np
import pandas as pd
import pytest
from nbformat import NotebookNode

from lab_helpers.catalog import list_modules
from lab_helpers.checks import answer_record
from lab_helpers.checks.answer_record import (
    MIME,
    MalformedRecord,
    Unreadable,
    decode,
    encode,
    record,
)
from lab_helpers.grading.verdicts import VerifyVerdicts, check_calls, verify_cell

MODULES = [module.slug for module in list_modules()]  # every module, the day it arrives


def round_trip(value):
    return decode(json.loads(json.dumps(encode(value))))


@pytest.mark.parametrize("value", [
    3, -7, 2.5, 1e300, "Cuneo", "", True, False, None, ..., [1, 2.0, "a"], (1, "b"),
    {"a", "b"}, {"Asti": 3, "Cuneo": [1, 2]}, [..., 3], np.int64(4), np.float64(0.25)])
def test_plain_values_come_back_equal_and_of_their_kind(value):
    back = round_trip(value)
    assert back == value or (back is value)
    if isinstance(value, np.integer):
        assert type(back) is int
    elif not isinstance(value, np.floating):
        assert type(back) is type(value)


def test_nan_and_infinity_survive_json():
    back = round_trip([float("nan"), float("inf"), -float("inf")])
    assert np.isnan(back[0]) and back[1:] == [float("inf"), -float("inf")]
    json.dumps(encode(float("nan")), allow_nan=False)  # strict JSON: no NaN literal


def test_tables_keep_their_values_dtypes_index_and_names():
    frame = pd.DataFrame({"district": ["Asti", "Cuneo"], "workers": np.array([3, 4]),
                          "share": [0.5, np.nan], "sex": pd.Categorical(["F", "M"]),
                          "ok": [True, False]}, index=pd.Index([10, 20], name="code"))
    back = round_trip(frame)
    pd.testing.assert_frame_equal(back, frame)
    series = frame.set_index("district")["workers"].rename("n")
    pd.testing.assert_series_equal(round_trip(series), series)


def test_a_subclass_is_recorded_as_the_plain_value_it_holds():
    class Always(float):
        def __eq__(self, other):
            return True

        __hash__ = float.__hash__

    back = round_trip(Always(1.0))
    assert type(back) is float and back != 2.0


def test_what_is_not_plain_data_is_unreadable_and_never_right():
    back = round_trip(object())
    assert isinstance(back, Unreadable)
    assert isinstance(round_trip(lambda: 1), Unreadable)


def test_a_chart_is_rebuilt_with_its_bars_title_and_labels():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    axes = Figure().add_subplot()
    axes.bar(["Asti", "Cuneo"], [3, 5])
    axes.set_title("T")
    axes.set_xlabel("X")
    axes.set_ylabel("Y")
    back = round_trip(axes)
    from lab_helpers.checks.problems import bar_heights, bar_labels

    assert bar_heights(back) == bar_heights(axes)
    assert bar_labels(back) >= {"Asti", "Cuneo"}
    assert (back.get_title(), back.get_xlabel(), back.get_ylabel()) == ("T", "X", "Y")


@pytest.mark.parametrize("data", [
    None, [], {"t": "int", "v": "3"}, {"t": "int", "v": 3.5}, {"t": "float", "v": "lots"},
    {"t": "list", "v": 3}, {"t": "series", "v": [1], "dtype": "int64"}, {"t": "pickle"},
    {"t": "frame", "columns": {"t": "none"}}, {"t": "chart", "bars": [[1, 2]]},
    {"t": "set", "v": [{"t": "list", "v": []}]}])
def test_malformed_records_are_refused(data):
    with pytest.raises(MalformedRecord):
        decode(data)


def test_check_calls_are_read_in_order_with_their_hidden_flag():
    source = ('check("m00.a")\n### BEGIN HIDDEN TESTS\ncheck("m00.a", hidden=True)\n'
              '### END HIDDEN TESTS\n')
    assert check_calls(source) == [("m00.a", False), ("m00.a", True)]
    assert check_calls("check(") == [] and check_calls("print(1)") == []


def cell(source: str, records: list, extra: list | None = None) -> NotebookNode:
    outputs = [NotebookNode(output_type="display_data", data={MIME: r}, metadata={})
               for r in records] + (extra or [])
    return nbformat.from_dict({"cell_type": "code", "source": source, "outputs": outputs,
                               "metadata": {"nbgrader": {"grade": True, "solution": False,
                                                         "grade_id": "test_x", "points": 1}}})


def test_records_must_match_the_calls_of_the_cell():
    source = 'check("m00.piedmont_municipalities")'
    right = answer_record.record("m00.piedmont_municipalities", 1180, False)
    assert verify_cell(cell(source, [right]))[:2] == (True, None)
    assert verify_cell(cell(source, []))[:2] == (False, "missing")
    assert verify_cell(cell(source, [right, right]))[:2] == (False, "forged")
    other = answer_record.record("m00.total_population", 1180, False)
    assert verify_cell(cell(source, [other]))[:2] == (False, "forged")
    hidden = answer_record.record("m00.piedmont_municipalities", 1180, True)
    assert verify_cell(cell(source, [hidden]))[:2] == (False, "forged")
    assert verify_cell(cell(source, [{"version": 1}]))[:2] == (False, "malformed")
    wrong = answer_record.record("m00.piedmont_municipalities", 1181, False)
    assert verify_cell(cell(source, [wrong]))[:2] == (False, "incorrect")
    blank = answer_record.record("m00.piedmont_municipalities", None, False, missing=True)
    assert verify_cell(cell(source, [blank]))[:2] == (False, "incorrect")


def test_a_cell_the_check_finds_wrong_scores_zero_whatever_it_printed():
    from nbgrader.utils import determine_grade

    source = 'check("m00.piedmont_municipalities")'
    wrong = answer_record.record("m00.piedmont_municipalities", 5, False)
    partial = NotebookNode(output_type="execute_result", data={"text/plain": "1.0"},
                           metadata={}, execution_count=1)
    claimed = NotebookNode(output_type="display_data", data={"text/plain": "ok"},
                           metadata={"social_lab": {"problem": "m00.piedmont_municipalities",
                                                    "status": "correct"}})
    nb = nbformat.from_dict({"cells": [cell(source, [wrong], [claimed, partial])],
                             "metadata": {"social_lab": {"lang": "en"}}})
    nb, _resources = VerifyVerdicts().preprocess(nb, {})
    assert determine_grade(nb.cells[0])[0] == 0
    assert nb.metadata.social_lab_grading["findings"][0]["code"] == "overruled_verdict"
    assert not any(MIME in o.get("data", {}) for o in nb.cells[0].outputs)


def test_a_right_record_keeps_the_points_and_shows_the_graders_message():
    from nbgrader.utils import determine_grade

    source = 'check("m00.piedmont_municipalities")'
    right = answer_record.record("m00.piedmont_municipalities", 1180, False)
    nb = nbformat.from_dict({"cells": [cell(source, [right])],
                             "metadata": {"social_lab": {"lang": "it"}}})
    nb, _resources = VerifyVerdicts().preprocess(nb, {})
    assert determine_grade(nb.cells[0])[0] == 1
    assert "social_lab_grading" not in nb.metadata
    assert "Corrett" in nb.cells[0].outputs[0]["data"]["text/plain"]


@pytest.mark.parametrize("module", MODULES)
def test_every_solution_recorded_under_grading_is_right_outside_the_kernel(
        executed_notebook, module):
    nb = executed_notebook(module, "it", "source", "grading")
    tests = [c for c in nb.cells if c.cell_type == "code" and check_calls(c.source)
             and c.metadata.get("nbgrader", {}).get("grade")]
    assert tests
    for test in tests:
        passed, reason, _outcomes = verify_cell(test)
        assert passed, (test.metadata.nbgrader.grade_id, reason, _outcomes)


def test_no_blank_answer_is_right_outside_the_kernel(executed_notebook):
    nb = executed_notebook("00-getting-started", "it", "student", "grading")
    tests = [c for c in nb.cells if c.cell_type == "code" and check_calls(c.source)]
    assert tests and not any(verify_cell(t)[0] for t in tests)


def test_a_function_answer_is_recorded_as_its_results_on_the_probe_cases():
    from lab_helpers.checks.answer_record import RecordedFunction, call_results, decode

    def view(table, district, channel):
        if district == "D02":
            raise ValueError("no such district")
        return table["n"] * (2 if channel == "web" else 3)

    table = pd.DataFrame({"n": [1, 2]})
    data = call_results(view, table, [["D01", "web"], ["D01", "app"], ["D02", "web"]])
    replay = decode(json.loads(json.dumps(data)))  # plain JSON, nothing executable
    assert isinstance(replay, RecordedFunction)
    assert replay(None, "D01", "app").tolist() == [3, 6]
    with pytest.raises(RuntimeError, match="no such district"):
        replay(None, "D02", "web")
    with pytest.raises(LookupError):  # a case that was not recorded cannot be answered
        replay(None, "D09", "web")


def test_a_setting_travels_with_its_answer_and_decides_the_verdict():
    from lab_helpers.checks.answer_context import answer_context
    from lab_helpers.checks.answer_record import read_settings
    from lab_helpers.checks.registry import get_problem

    problem = get_problem("m09.share_65_plus")
    with answer_context({"DISTRICT": "D07"}):
        right_for_d07 = problem.expected()
    for district, passes in (("D07", True), ("D24", False)):
        data = record("m09.share_65_plus", right_for_d07, False, settings={"DISTRICT": district})
        assert read_settings(json.loads(json.dumps(data))) == {"DISTRICT": district}
        cell = nbformat.v4.new_code_cell('check("m09.share_65_plus")', metadata={
            "nbgrader": {"grade": True, "grade_id": "test_share_65_plus", "points": 2}})
        cell.outputs = [nbformat.v4.new_output("display_data", data={MIME: data})]
        assert verify_cell(cell)[0] is passes
