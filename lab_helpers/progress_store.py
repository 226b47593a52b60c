"""Progress kept on the learner's machine only: no network, no telemetry.

Every check records its outcome in ``.social-lab/progress.json`` inside the learner's
workspace: the one store that ``progress()``, ``social-lab progress``, ``modules`` and
``check`` read. ``social-lab reset`` starts a module's progress again (its old outcomes
are kept in the file's history, its old notebook as a backup). A missing or corrupt file
is rebuilt from the outcomes saved in the notebooks themselves (backups do not count);
nothing here ever makes a notebook fail.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from . import settings
from .i18n import LANGUAGES, _

STATE_DIR = ".social-lab"
FILE = "progress.json"


def find_workspace(start: Path | None = None) -> Path | None:
    """SOCIAL_LAB_WORKSPACE, or the nearest folder above ``start`` holding .social-lab."""
    env = settings.workspace()
    if env is not None and (env / STATE_DIR).is_dir():
        return env
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / STATE_DIR).is_dir():
            return folder
    return None


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def rebuild_from_notebooks(root: Path) -> dict[str, Any]:
    """Progress read back from the check outputs saved in the workspace's notebooks."""
    data: dict[str, Any] = {"exercises": {}, "rebuilt": _now()}
    backups = tuple("." + _("backup", lang) + "-" for lang in LANGUAGES)  # reset's names
    for path in sorted(root.glob("*/*.ipynb")):
        if any(label in path.name for label in backups):
            continue
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for cell in nb.get("cells", []):
            for output in cell.get("outputs", []) or []:
                mark = (output.get("metadata") or {}).get("social_lab") or {}
                if "problem" in mark and "status" in mark:
                    _merge(data, mark["problem"], mark["status"], when="")
    return data


def _merge(data: dict[str, Any], problem: str, status: str, when: str) -> None:
    entry = data["exercises"].setdefault(problem, {"status": status, "attempts": 0})
    if status != "not_attempted":
        entry["attempts"] = entry.get("attempts", 0) + 1
    if entry.get("status") != "correct":  # once correct, an exercise stays done
        entry["status"] = status
    if when:
        entry["last"] = when


def load(root: Path) -> dict[str, Any]:
    """The progress of a workspace; rebuilt (and saved) when missing or corrupt."""
    path = root / STATE_DIR / FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("exercises"), dict):
            return data
    except (OSError, ValueError):
        pass
    data = rebuild_from_notebooks(root)
    save(root, data)
    return data


def save(root: Path, data: dict[str, Any]) -> None:
    """Write atomically, so a crash never leaves half a file."""
    try:
        folder = root / STATE_DIR
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / (FILE + ".tmp")
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
        tmp.replace(folder / FILE)
    except OSError:
        pass


def record(problem_id: str, status: str, root: Path | None = None) -> None:
    """Add one check's outcome; silently does nothing outside a workspace."""
    try:
        root = root or find_workspace()
        if root is None:
            return
        data = load(root)
        _merge(data, problem_id, status, when=_now())
        save(root, data)
    except Exception:  # noqa: BLE001 - progress must never break a notebook
        return


def forget_module(root: Path, module: str, backup: str = "") -> None:
    """Start one module's progress again ("m00"): its outcomes move to the file's history."""
    data = load(root)
    gone = {pid: entry for pid, entry in data["exercises"].items()
            if pid.split(".")[0] == module}
    if not gone:
        return
    for pid in gone:
        del data["exercises"][pid]
    data.setdefault("reset", []).append(
        {"module": module, "when": _now(), "backup": backup, "exercises": gone})
    save(root, data)


def attempts(problem_id: str, root: Path | None = None) -> int:
    """How many times the learner has checked an answer (blank ones do not count)."""
    root = root or find_workspace()
    if root is None:
        return 0
    return int(load(root)["exercises"].get(problem_id, {}).get("attempts", 0))


def bar(share: float, width: int = 20) -> str:
    """A text progress bar: ████████░░░░."""
    filled = round(share * width)
    return "█" * filled + "░" * (width - filled)
