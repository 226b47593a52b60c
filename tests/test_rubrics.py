"""Rubrics: learners see the criteria; descriptors, anchors, notes and model answers never
reach them, neither in a self-learner's workspace nor in nbgrader's release."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from conftest import source_notebooks

from lab_helpers.catalog import list_modules
from lab_helpers.i18n import _
from lab_helpers.kernel_metadata import kernel_metadata
from lab_helpers.rubrics import SOLUTION_REGION, is_written_answer, reflections
from lab_helpers.student_version import TEXT_STUB, make_student_version
from lab_helpers.trainer_only import TRAINER_ONLY_KEYS, StripTrainerOnly

NOTEBOOKS = source_notebooks()
IDS = [p.name for p in NOTEBOOKS]


def read(path: Path):
    return nbformat.read(path, as_version=4)


def trainer_only_texts(nb) -> list[str]:
    """Every text of a source notebook that only trainers may read."""
    meta = nb.metadata["social_lab"]
    texts = list(meta.get("trainer_notes", []))
    for rubric in meta.get("rubrics", {}).values():
        for level in rubric["levels"].values():
            texts += [level["descriptor"], *level["anchors"]]
    for item in reflections(nb):  # each sentence of a model answer, not only the whole
        texts += [s for s in re.split(r"(?<=[.?!])\s+", item.model_answer) if len(s) > 40]
    return texts


def leaked(nb, texts: list[str]) -> list[str]:
    released = json.dumps(nb, ensure_ascii=False)
    return [text for text in texts if json.dumps(text, ensure_ascii=False)[1:-1] in released]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_reflection_has_a_descriptor_and_two_or_three_anchors_per_point_level(path):
    nb = read(path)
    found = reflections(nb)
    assert found, "a module has at least one reflection"
    for item in found:
        assert item.grade_id.startswith("reflection_") and item.points >= 1
        assert [level.points for level in item.levels] == list(range(item.points + 1)), (
            item.grade_id, "one level for every point from 0 to the reflection's points")
        for level in item.levels:
            assert level.descriptor.strip(), (item.grade_id, level.points)
            assert 2 <= len(level.anchors) <= 3, (item.grade_id, level.points)
            assert all(len(a) > 20 for a in level.anchors), (item.grade_id, level.points)
        anchors = [a for level in item.levels for a in level.anchors]
        assert len(set(anchors)) == len(anchors), "no anchor serves two levels"
        assert len(item.criteria) >= 2 and item.model_answer
    answers = {item.grade_id for item in found}
    assert set(nb.metadata["social_lab"]["rubrics"]) == answers, "no rubric without a reflection"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_learners_see_the_criteria_and_no_level_descriptor_in_the_prompt(path):
    nb = read(path)
    for item in reflections(nb):
        bullets = [line[2:].strip() for line in item.prompt.splitlines() if line.startswith("- ")]
        assert bullets == list(item.criteria), item.grade_id
        for level in item.levels:
            assert level.descriptor not in item.prompt
            assert not any(anchor in item.prompt for anchor in level.anchors)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_a_written_answer_cell_holds_only_its_model_answer(path):
    """StripTrainerOnly empties these cells; nothing a learner needs may be lost there."""
    for cell in read(path).cells:
        if is_written_answer(cell):
            assert SOLUTION_REGION.fullmatch(cell.source.strip()), cell.metadata


def twins():
    return [pytest.param(m.notebooks["en"], m.notebooks["it"], id=m.slug)
            for m in list_modules() if {"en", "it"} <= set(m.notebooks)]


@pytest.mark.parametrize(("en_path", "it_path"), twins())
def test_english_and_italian_rubrics_have_the_same_structure_in_their_own_language(
        en_path, it_path):
    en, it = reflections(read(en_path)), reflections(read(it_path))
    assert [(r.grade_id, r.points, len(r.criteria)) for r in en] == [
        (r.grade_id, r.points, len(r.criteria)) for r in it]
    for a, b in zip(en, it, strict=True):
        assert [(lv.points, len(lv.anchors)) for lv in a.levels] == [
            (lv.points, len(lv.anchors)) for lv in b.levels], a.grade_id
        english = {lv.descriptor for lv in a.levels} | {x for lv in a.levels for x in lv.anchors}
        italian = {lv.descriptor for lv in b.levels} | {x for lv in b.levels for x in lv.anchors}
        assert not english & italian, "the Italian rubric is written in Italian"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_the_student_version_holds_nothing_for_trainers_only(path):
    source = read(path)
    texts = trainer_only_texts(source)
    assert len(texts) > 10
    student = make_student_version(source)
    assert not set(TRAINER_ONLY_KEYS) & set(student.metadata["social_lab"])
    assert leaked(student, texts) == []
    stub = _(TEXT_STUB, source.metadata["social_lab"]["lang"])
    answers = [c.source for c in student.cells if is_written_answer(c)]
    assert answers and all(a == stub for a in answers)


def test_strip_trainer_only_also_clears_text_outside_the_solution_region():
    nb = nbformat.v4.new_notebook(metadata={"social_lab": {
        "lang": "en", "trainer_notes": ["Pause here."], "rubrics": {"reflection_x": {}}}})
    answer = nbformat.v4.new_markdown_cell(
        "A full answer names two limits.\n### BEGIN SOLUTION\nThe model.\n### END SOLUTION",
        metadata={"nbgrader": {"grade": True, "solution": True, "grade_id": "reflection_x",
                               "points": 2, "locked": False, "schema_version": 3},
                  "social_lab": {"trainer_notes": ["a cell's own note"]}})
    nb.cells = [nbformat.v4.new_markdown_cell("### Reflection"), answer]
    student = make_student_version(nb)
    assert student.cells[1].source == "YOUR ANSWER HERE"
    assert "Pause" not in json.dumps(student) and "a cell's own note" not in json.dumps(student)
    stripped, _resources = StripTrainerOnly().preprocess(nbformat.from_dict(nb), {})
    assert set(stripped.metadata["social_lab"]) == {"lang"}
    assert nb.metadata["social_lab"]["trainer_notes"] == ["Pause here."], "source untouched"


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["it", "en"])
def test_nbgrader_generate_assignment_releases_nothing_for_trainers_only(lang, tmp_path,
                                                                         nbgrader_course):
    # every module released by nbgrader's GenerateAssignment with the course's own
    # nbgrader_config.py, once per run (tests/shared_course.py: the converter that
    # ``nbgrader generate_assignment`` runs; test_trainer_guide runs the command itself)
    root = nbgrader_course(lang, tmp_path / "course")
    for module in list_modules():
        source = read(module.notebooks[lang])
        released = read(root / "release" / module.slug / module.notebook_name(lang))
        assert not set(TRAINER_ONLY_KEYS) & set(released.metadata["social_lab"])
        # what JupyterLab writes on opening is there already: no unsaved-changes dot
        for key, value in kernel_metadata().items():
            assert released.metadata[key] == value, (module.slug, key)
        assert leaked(released, trainer_only_texts(source)) == [], module.slug
        answers = [c.source for c in released.cells if is_written_answer(c)]
        assert answers and all(a == _(TEXT_STUB, lang) for a in answers)
        prompts = "\n".join(c.source for c in released.cells)
        assert all(c in prompts for r in reflections(source) for c in r.criteria)
