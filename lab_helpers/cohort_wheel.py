"""``social-lab cohort-wheel``: the course for a cohort's learners, without its answers.

Run in the trainer's (full) install, it writes a wheel of the same package whose files
hold no solution, no hidden test, no answer-key dataset and no code that computes an
expected answer:

- the modules' notebooks are their student versions (``student_version.py``);
- each ``exercises/mNN.py`` becomes two lines that read ``mNN.key.json``: salted digests
  of the expected answer and of each plausible wrong one (``checks/answer_key.py``), so
  the learner's checks still answer at once (``checks/digested.py``); a function answer's
  are of its results on the cases its check calls it on, and an exercise that follows a
  notebook setting (module 09's DISTRICT) has one key per value of the setting;
- the datasets lose the answer keys (resources marked ``answer_key`` in
  datapackage.json) and the generators that would remake them;
- ``cohort_install.json`` marks the install: ``settings.cohort_mode`` is then on for good.

Learners' environments install that wheel; the trainer's keeps the full package, which
grading needs.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
import secrets
import shutil
import tempfile
import zipfile
from datetime import UTC, datetime
from importlib import metadata, util
from pathlib import Path

from .i18n import _, ngettext
from .paths import PACKAGE_DIR, datasets_dir, modules_dir
from .settings import COHORT_INSTALL
from .user_errors import UserError

DISTRIBUTION = "social-innovation-lab"
EXTRA_PACKAGES = ("social_lab_jupyterlab_it",)
EXERCISES = re.compile(r"m\d\d\.py")
SKIPPED = ("__pycache__", "_content", ".pyc")
STUB = ('"""Module {number}\'s exercises in a cohort\'s install: what each check needs and '
        'digests of the answers\n(made by social-lab cohort-wheel); the code that computes '
        'the answers is in the trainer\'s install only."""\n\n'
        "from ..checks.digested import bind_key\n\nbind_key(__name__)\n")


def _copy_package(source: Path, target: Path) -> None:
    def ignore(folder: str, names: list[str]) -> list[str]:
        here = Path(folder)
        return [n for n in names if n in SKIPPED or n.endswith(".pyc") or (
            here.name == "exercises" and here.parent == source and EXERCISES.fullmatch(n))]

    shutil.copytree(source, target, ignore=ignore)


def write_answer_keys(exercises: Path, salt: str, iterations: int) -> list[str]:
    """``mNN.key.json`` and its two-line ``mNN.py`` for every module's exercises; returns
    why each exercise without an answer key has none (it is then checked at grading only)."""
    from .checks.answer_key import NoAnswerKeyError, answer_key, unchecked_key
    from .checks.registry import module_problems

    refused = []
    for source in sorted((PACKAGE_DIR / "exercises").glob("m[0-9][0-9].py")):
        module = source.stem
        keys = []
        for problem in module_problems(module):
            try:
                keys.append(answer_key(problem, salt, iterations))
            except NoAnswerKeyError as error:
                keys.append(unchecked_key(problem))
                refused.append(str(error))
        (exercises / f"{module}.key.json").write_text(
            json.dumps({"module": module, "exercises": keys}, ensure_ascii=False),
            encoding="utf-8")
        (exercises / f"{module}.py").write_text(STUB.format(number=module[1:]),
                                                encoding="utf-8")
    return refused


def write_released_modules(target: Path) -> None:
    """Every module's notebooks as learners receive them, marked as released."""
    import nbformat  # here, not at the top: every social-lab command registers this verb

    from .student_version import RELEASED, make_student_version

    source = modules_dir()
    for path in sorted(source.rglob("*")):
        if path.is_dir() or "__pycache__" in path.parts or ".ipynb_checkpoints" in path.parts:
            continue
        out = target / path.relative_to(source)
        out.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix != ".ipynb":
            shutil.copy2(path, out)
            continue
        released = make_student_version(nbformat.read(path, as_version=4))
        released.metadata.setdefault("social_lab", {})[RELEASED] = True
        nbformat.write(released, out)


def write_datasets(target: Path) -> list[str]:
    """The datasets and their cards without the answer keys; returns the keys left out."""
    source = datasets_dir()
    descriptor = json.loads((source / "datapackage.json").read_text(encoding="utf-8"))
    kept = [r for r in descriptor["resources"] if not r.get("answer_key")]
    left_out = [r["name"] for r in descriptor["resources"] if r.get("answer_key")]
    target.mkdir(parents=True)
    for resource in kept:
        for name in (resource["path"], resource.get("card")):
            if name and not (target / name).exists():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source / name, target / name)
    (target / "datapackage.json").write_text(
        json.dumps({**descriptor, "resources": kept}, indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8")
    return left_out


def _record_line(path: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path},sha256={digest},{len(data)}"


def _dist_info(version: str) -> dict[str, str]:
    try:
        dist = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        raise UserError(_("The course is not installed here, so there is nothing to build "
                          "from: install it with pip install . first.")) from None
    text = dist.read_text("METADATA") or ""
    text = re.sub(r"^Version: .*$", f"Version: {version}", text, count=1, flags=re.M)
    return {"METADATA": text, "entry_points.txt": dist.read_text("entry_points.txt") or "",
            "WHEEL": "Wheel-Version: 1.0\nGenerator: social-lab cohort-wheel\n"
                     "Root-Is-Purelib: true\nTag: py3-none-any\n"}


def write_wheel(tree: Path, out: Path, version: str) -> Path:
    """A wheel of every file under ``tree`` (its top-level packages), with its metadata."""
    info_dir = f"{DISTRIBUTION.replace('-', '_')}-{version}.dist-info"
    wheel = out / f"{DISTRIBUTION.replace('-', '_')}-{version}-py3-none-any.whl"
    records = []
    with zipfile.ZipFile(wheel, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in tree.rglob("*") if p.is_file()):
            name = path.relative_to(tree).as_posix()
            data = path.read_bytes()
            archive.writestr(name, data)
            records.append(_record_line(name, data))
        for name, text in _dist_info(version).items():
            data = text.encode("utf-8")
            archive.writestr(f"{info_dir}/{name}", data)
            records.append(_record_line(f"{info_dir}/{name}", data))
        records.append(f"{info_dir}/RECORD,,")
        archive.writestr(f"{info_dir}/RECORD", "\n".join(records) + "\n")
    return wheel


def build_cohort_wheel(out: Path, iterations: int | None = None) -> tuple[Path, list[str]]:
    """Write the cohort's wheel into ``out``; its path, and the exercises left without an
    answer key (why, one line each)."""
    from .checks.answer_key import SLOW

    version = metadata.version(DISTRIBUTION) if _installed() else "0"
    version = f"{version.split('+')[0]}+cohort"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cohort-wheel-") as staging:
        tree = Path(staging)
        package = tree / PACKAGE_DIR.name
        _copy_package(PACKAGE_DIR, package)
        for name in EXTRA_PACKAGES:
            spec = util.find_spec(name)
            if spec and spec.origin:
                _copy_package(Path(spec.origin).parent, tree / name)
        refused = write_answer_keys(package / "exercises", secrets.token_hex(16),
                                    iterations or SLOW)
        write_released_modules(package / "_content" / "modules")
        left_out = write_datasets(package / "_content" / "datasets")
        (package / COHORT_INSTALL.name).write_text(json.dumps({
            "built": datetime.now(UTC).isoformat(timespec="seconds"),
            "answer_keys_left_out": left_out}, indent=1) + "\n", encoding="utf-8")
        return write_wheel(tree, out, version), refused


def _installed() -> bool:
    try:
        metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return False
    return True


def cmd_cohort_wheel(args: argparse.Namespace) -> int:
    if not _installed():
        raise UserError(_("The course is not installed here, so there is nothing to build "
                          "from: install it with pip install . first."))
    from .settings import cohort_mode

    if cohort_mode():
        raise UserError(_("This is already a cohort's install, without the answers: build "
                          "the cohort's wheel in the trainer's install."))
    out = Path(args.out)
    print(_("Writing the learners' answer keys (a few seconds per module) ..."))
    wheel, refused = build_cohort_wheel(out, args.iterations)
    if refused:
        print(ngettext("{n} exercise has no instant check for learners: it is checked only "
                       "when you grade.", "{n} exercises have no instant check for learners: "
                       "they are checked only when you grade.", len(refused)).format(
                           n=len(refused)))
        for reason in refused:
            print(f"  {reason}")
    size = wheel.stat().st_size / 1e6
    print(_("Written: {wheel} ({size:.1f} MB).").format(wheel=wheel, size=size))
    print(_("Install it in the learners' environment, never in yours (grading needs the "
            "full course): pip install {wheel}").format(wheel=wheel))
    return 0


def add_cohort_wheel_verb(verbs: argparse._SubParsersAction) -> None:
    """Register ``social-lab cohort-wheel`` on the command's parser."""
    verb = verbs.add_parser("cohort-wheel", help=_(
        "trainers: the course for a cohort's learners, without solutions or answer keys"))
    verb.add_argument("--out", required=True, help=_("folder for the wheel"))
    verb.add_argument("--iterations", type=int, default=None, help=argparse.SUPPRESS)
    verb.set_defaults(func=cmd_cohort_wheel)
