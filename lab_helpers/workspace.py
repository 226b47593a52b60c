"""The learner workspace: student versions of the modules, outside the package.

Refreshing adds new modules and new versions but never overwrites a notebook the
learner has changed: the newer version is saved beside it under a clear name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from . import settings
from .catalog import Module, list_modules
from .i18n import LANGUAGES, UnknownLanguageError, _, check_language

DEFAULT_DIRNAME = "social-innovation-lab"
STATE_DIR = ".social-lab"
LANGUAGE_FILE = "workspace.json"  # in STATE_DIR: {"lang": "it"}


class WorkspaceNotWritableError(OSError):
    """The workspace folder cannot be created or written."""


def default_workspace() -> Path:
    """SOCIAL_LAB_WORKSPACE if set, else a folder in the user's home."""
    env = settings.workspace()
    return env.expanduser() if env is not None else Path.home() / DEFAULT_DIRNAME


@dataclass(frozen=True)
class Change:
    """What a refresh did to one notebook."""

    kind: str  # "created", "updated", "unchanged", "kept"
    path: Path
    new_copy: Path | None = None  # with "kept": where the newer version was saved


def fingerprint(nb: dict) -> str:
    """A digest of the cells' types and sources: outputs and metadata do not count."""
    cells = []
    for cell in nb["cells"]:
        source = cell["source"]
        cells.append([cell["cell_type"], "".join(source) if isinstance(source, list) else source])
    return hashlib.sha256(json.dumps(cells).encode("utf-8")).hexdigest()


def _read_fingerprint(path: Path) -> str | None:
    """The fingerprint of a notebook on disk (plain JSON: no slow validation on start)."""
    try:
        return fingerprint(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):  # unreadable: the learner's own
        return None


def notebook_path(root: Path, module: Module, lang: str) -> Path:
    """Where a module's notebook sits in the workspace."""
    return root / module.slug / module.notebook_name(lang)


def ensure_writable(root: Path) -> None:
    """Create the workspace if needed; raise a clear error if it cannot be written."""
    try:
        (root / STATE_DIR).mkdir(parents=True, exist_ok=True)
        probe = root / STATE_DIR / ".write-test"
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
    except OSError as error:
        raise WorkspaceNotWritableError(_(
            "The folder {path} cannot be written ({reason}). Choose another folder with "
            "--dir, for example: social-lab start --dir ~/my-lab").format(
                path=root, reason=error.strerror or error)) from error


def workspace_language(root: Path) -> str | None:
    """The language the workspace speaks: the one kept in it, else its notebooks' (or None)."""
    try:
        data = json.loads((root / STATE_DIR / LANGUAGE_FILE).read_text(encoding="utf-8"))
        return check_language(data["lang"])
    except (OSError, ValueError, KeyError, TypeError, UnknownLanguageError):
        pass
    # a workspace made before its language was kept: the language of its notebooks
    found = [lang for lang in LANGUAGES if any(root.glob(f"*/*.{lang}.ipynb"))]
    return found[0] if len(found) == 1 else None


def remember_language(root: Path, lang: str) -> None:
    """Keep the workspace's language in its .social-lab folder."""
    ensure_writable(root)
    path = root / STATE_DIR / LANGUAGE_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"lang": check_language(lang)}), encoding="utf-8")
    tmp.replace(path)


class Manifest:
    """What the package last wrote to each notebook (``.social-lab/manifest.json``)."""

    def __init__(self, root: Path) -> None:
        self.path = root / STATE_DIR / "manifest.json"
        try:
            self.data: dict[str, dict[str, str]] = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            self.data = {}

    def get(self, rel: str, key: str) -> str | None:
        return self.data.get(rel, {}).get(key)

    def set(self, rel: str, **values: str) -> None:
        self.data.setdefault(rel, {}).update(values)

    def save(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.data, indent=1, sort_keys=True), encoding="utf-8")
        tmp.replace(self.path)


def _write(nb: dict, path: Path) -> None:
    import nbformat

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    nbformat.write(nb, tmp)
    tmp.replace(path)


def refresh_workspace(root: Path, lang: str) -> list[Change]:
    """Bring the workspace up to date with the installed modules in ``lang``, its language."""
    from .student_version import student_version_of

    remember_language(root, lang)
    manifest = Manifest(root)
    changes = []
    for module in list_modules():
        if lang not in module.notebooks:
            continue
        target = notebook_path(root, module, lang)
        rel = target.relative_to(root).as_posix()
        student = student_version_of(module.notebooks[lang])
        new = fingerprint(student)
        if not target.exists():
            _write(student, target)
            manifest.set(rel, written=new)
            changes.append(Change("created", target))
            continue
        current, written = _read_fingerprint(target), manifest.get(rel, "written")
        if current == new:
            manifest.set(rel, written=new)
            changes.append(Change("unchanged", target))
        elif current is not None and current == written:
            _write(student, target)  # untouched by the learner: safe to replace
            manifest.set(rel, written=new)
            changes.append(Change("updated", target))
        elif new in (written, manifest.get(rel, "offered")):
            changes.append(Change("unchanged", target))  # the learner's work, nothing newer
        else:
            stamp = dt.date.today().isoformat()
            label = _("new-version", lang)
            copy = target.with_name(f"{target.stem}.{label}-{stamp}.ipynb")
            _write(student, copy)
            manifest.set(rel, offered=new)
            changes.append(Change("kept", target, copy))
    manifest.save()
    return changes


def reset_notebook(root: Path, module: Module, lang: str) -> tuple[Path, Path | None]:
    """A fresh copy of a module, whose progress starts again; the learner's notebook is
    kept as a dated backup."""
    from .progress_store import forget_module
    from .student_version import student_version_of

    ensure_writable(root)
    target = notebook_path(root, module, lang)
    backup = None
    if target.exists():
        stamp = dt.datetime.now().strftime("%Y-%m-%d-%H%M%S")
        label = _("backup", lang)
        backup = target.with_name(f"{target.stem}.{label}-{stamp}.ipynb")
        target.replace(backup)
    student = student_version_of(module.notebooks[lang])
    _write(student, target)
    manifest = Manifest(root)
    manifest.set(target.relative_to(root).as_posix(), written=fingerprint(student))
    manifest.save()
    forget_module(root, "m" + module.number, backup.name if backup else "")
    return target, backup


def write_lab_settings(root: Path, lang: str) -> Path:
    """JupyterLab user settings for this workspace: interface language, no news pop-up."""
    settings = root / STATE_DIR / "jupyterlab" / "user-settings"
    files: dict[Path, dict] = {
        settings / "@jupyterlab/translation-extension/plugin.jupyterlab-settings":
            {"locale": "it_IT" if lang == "it" else "en"},
        settings / "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
            {"fetchNews": "false", "checkForUpdates": False},
    }
    # nbgrader's trainer tools (create assignment, formgrader, course and assignment lists)
    # have no place in a self-learner's JupyterLab; its Validate button stays.
    files[jupyter_config_dir(root) / "labconfig" / "page_config.json"] = {"disabledExtensions": {
        f"@jupyter/nbgrader:{name}": True
        for name in ("create-assignment", "formgrader", "course-list", "assignment-list", "menu")
    }}
    for path, value in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value, indent=2), encoding="utf-8")
    return settings


def jupyter_config_dir(root: Path) -> Path:
    """The extra Jupyter configuration folder of a workspace (JUPYTER_CONFIG_PATH)."""
    return root / STATE_DIR / "jupyter-config"
