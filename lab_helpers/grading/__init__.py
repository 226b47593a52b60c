"""Trainer workflow at cohort scale, built on nbgrader's own API and gradebook.

``social-lab grade MODULE`` autogrades a cohort with several worker processes, each of
which imports nbgrader once and grades one learner at a time through
``NbGraderAPI.autograde``. Around nbgrader's grading it adds what a cohort needs:

- ``course``       the course's nbgrader settings, gradebook safety (SQLite WAL, busy timeout)
- ``integrity``    each submission compared with the release; a repaired copy is graded
- ``limits``       nbgrader's Execute preprocessor with a per-notebook limit, dead-kernel
                   handling and an output cap
- ``containment``  grading kernels without network, as another user, with a memory limit
- ``kernel``, ``guard``  the grading kernel's entry point and its check guard
- ``zygote``       kernels forked from a process that has already imported them
- ``pool``, ``worker``, ``state``, ``progress_bar``  the pool of workers, one worker, the
                   resumable state, the progress bar
- ``report``, ``export``  item analysis, CSV/Excel
- ``moodle_export``  every module's grades as a CSV for Moodle's gradebook import
- ``learner_feedback``  feedback for learners, without hidden tests
- ``learner_removal``  a learner taken out of the course (the guide's demo learner)
- ``outcomes``     the codes of what happened, and their reasons in words
- ``synthetic``    synthetic submissions for the tests and the benchmark
- ``trainer_cli``  the trainer's verbs of ``social-lab``
"""
