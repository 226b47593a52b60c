"""nbgrader configuration of the Social Innovation Lab course (for trainers).

Run nbgrader from this folder (``cd instructor``). The course's source is the ``modules/``
folder beside this one (the repository's, in a checkout), else the copy installed with the
course; ``nbgrader generate_assignment`` says which. One nbgrader assignment per module.
Each module has an English and an Italian notebook; a course releases one language, chosen
by SOCIAL_LAB_COURSE_LANG ("it" by default, "en" for an English cohort).
"""

from pathlib import Path

from lab_helpers import settings
from lab_helpers.grading.course import announce_source, course_source
from lab_helpers.grading.learner_feedback import feedback_config
from lab_helpers.grading.pipeline import grading_config
from lab_helpers.i18n import check_language
from lab_helpers.student_version import nbgrader_config
from lab_helpers.trainer_only import release_preprocessors

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

HERE = Path(__file__).resolve().parent
ROOT = settings.course_root(HERE)
LANG = check_language(settings.course_language())

c.CourseDirectory.course_id = settings.course_id()
c.CourseDirectory.root = str(ROOT)
# the modules/ folder beside this one (a checkout), else the installed package's copy
SOURCE = course_source(HERE)
c.CourseDirectory.source_directory = str(SOURCE)
announce_source(SOURCE, HERE, LANG)  # generate_assignment says which
c.CourseDirectory.notebook_id = f"*.{LANG}"  # release and grade one language only

# The exchange is the shared folder through which learners fetch and submit. It must
# exist; on a JupyterHub every user must be able to write it (see TRAINER_GUIDE.md).
EXCHANGE = settings.exchange(ROOT / "exchange")
EXCHANGE.mkdir(parents=True, exist_ok=True)
c.Exchange.root = str(EXCHANGE)

# The same student version as a self-learner's workspace: "..." for code answers,
# an invitation in the course's language for written ones.
c.merge(nbgrader_config(LANG))
# Trainer notes, rubrics (level descriptors, anchor answers) and model answers stay with
# trainers: a step before ClearSolutions takes them out of the released notebook.
c.GenerateAssignment.preprocessors = release_preprocessors()

# Grading: a generous per-cell limit for slow laptops, never an endless wait.
c.Execute.timeout = 120
c.Execute.interrupt_on_timeout = True
# Every autograding (social-lab grade, nbgrader autograde, the formgrader's button) repairs
# the submission first, runs it in a confined kernel, and counts a test only when the
# grader's own check of the recorded answer agrees (lab_helpers/grading/pipeline.py).
# Where student code cannot be confined, grading refuses; to grade without containment
# anyway (not recommended): c.ContainedExecute.allow_uncontained = True
c.merge(grading_config())

# Feedback for learners never shows hidden tests (nbgrader #917), and speaks the course's
# language: the formgrader's button and plain `nbgrader generate_feedback` use the same
# preprocessors and page as `social-lab feedback`.
c.merge(feedback_config())
