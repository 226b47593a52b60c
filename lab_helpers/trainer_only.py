"""Keep what only trainers may read out of every notebook released to learners.

Trainer-only: the notebook metadata ``social_lab.trainer_notes`` and ``social_lab.rubrics``
(level descriptors and anchor answers), and the model answer of each reflection. nbgrader's
ClearSolutions replaces a solution region with the invitation to answer, but it keeps any
text outside the region and never touches metadata; ``StripTrainerOnly`` does the rest.

It runs in both release paths: ``student_version.make_student_version`` (a self-learner's
workspace) and nbgrader's ``generate_assignment`` (``instructor/nbgrader_config.py`` sets
``c.GenerateAssignment.preprocessors = release_preprocessors()``).
"""

from __future__ import annotations

from nbconvert.exporters.exporter import ResourcesDict
from nbformat import NotebookNode
from nbgrader.preprocessors import ClearSolutions, NbGraderPreprocessor

from .rubrics import is_written_answer

TRAINER_ONLY_KEYS = ("trainer_notes", "rubrics")


class StripTrainerOnly(NbGraderPreprocessor):
    """Remove trainer notes, rubrics and model answers. Run it before ClearSolutions.

    A written-answer cell holds only its model answer, so the whole cell is emptied:
    ClearSolutions then fills it with the invitation to answer, in the course's language.
    """

    def preprocess(self, nb: NotebookNode,
                   resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        for owner in (nb, *nb.cells):
            meta = owner.get("metadata", {}).get("social_lab")
            if isinstance(meta, dict):
                for key in TRAINER_ONLY_KEYS:
                    meta.pop(key, None)
        for cell in nb.cells:
            if is_written_answer(cell):
                cell.source = ""
        return nb, resources


def release_preprocessors() -> list[type]:
    """nbgrader's generate_assignment steps: StripTrainerOnly before ClearSolutions, and the
    kernel's metadata written last."""
    from nbgrader.converters import GenerateAssignment

    from .kernel_metadata import released_with_kernel_metadata

    steps = list(GenerateAssignment.class_traits()["preprocessors"].default())
    steps.insert(steps.index(ClearSolutions), StripTrainerOnly)
    steps.append(released_with_kernel_metadata())
    return steps
