"""What student code may do while it is graded, and how the grading kernel is confined.

A grading kernel is started by ``lab_helpers.grading.kernel`` (a kernelspec of our own) or
forked by the worker's kernel zygote. Before it runs any student code it calls ``enter``,
which applies, as far as the operating system allows:

- ``memory``: an address-space limit (RLIMIT_AS) for the kernel and what it starts;
- ``network``: a new, empty network namespace (its loopback is down: no address is
  reachable, not even 127.0.0.1); the worker talks to the kernel over Unix sockets (ZMQ
  ipc transport), which do not depend on the network namespace;
- ``hidden``: a private mount namespace in which the course's submitted, autograded,
  feedback and exchange folders, the grading work folder and the SQLite gradebook are
  covered by empty read-only mounts;
- ``user``: as root, the kernel runs as an unprivileged user of its own (one per worker
  slot, so that two kernels cannot read or signal each other), in a private scratch
  folder, with no supplementary groups and ``no_new_privs`` (setuid programs cannot give
  privileges back).

``probe`` finds out which of these the machine allows; the report states what was
enforced, and grading refuses to start when ``confines`` is False unless the trainer
asked for no containment. The kernel starts in an empty folder of its own scratch: no
file shipped beside a notebook can be imported by it. Without root, a user namespace
gives ``network`` and ``hidden`` where the kernel allows unprivileged user namespaces;
``user`` needs root.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import signal
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import settings

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_BIND = 4096
MS_REC = 16384
MS_MOVE = 8192
MS_PRIVATE = 1 << 18
PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38
M_ARENA_MAX = -8  # glibc's mallopt option: how many malloc arenas threads may create
MALLOC_ARENAS = 2

# One unprivileged user per worker slot, from a block of its own for each run (so that two
# runs on one machine, and their clean-ups, never touch each other's kernels); "nobody"
# if the machine's user namespace does not map it.
UID_BASE = 2_000_000
UID_BLOCK = 64  # slots per run
NOBODY = 65534
PROMISES = ("memory", "network", "hidden", "user")


class ContainmentError(RuntimeError):
    """A containment step failed in the kernel: the kernel must not run student code."""


@dataclass
class Containment:
    """What a grading kernel must enforce; serialised into the kernel's environment."""

    mode: str = "none"  # "root", "userns" or "none"
    memory_mb: int = 0
    network: bool = False
    hidden: list[str] = field(default_factory=list)
    uid: int | None = None
    scratch_base: str = ""
    slot: int = 0
    skipped: list[str] = field(default_factory=list)  # promises the OS did not allow
    needed: list[str] = field(default_factory=list)  # folders the kernel must read

    @property
    def enforced(self) -> list[str]:
        found = ["memory"] if self.memory_mb else []
        if self.network:
            found.append("network")
        if self.hidden:
            found.append("hidden")
        if self.uid is not None:
            found.append("user")
        return found

    def to_env(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls, text: str | None) -> Containment:
        return cls(**json.loads(text)) if text else cls()

    def for_slot(self, slot: int) -> Containment:
        data = asdict(self)
        data["slot"] = slot
        data["scratch_base"] = str(Path(self.scratch_base) / f"slot-{slot}")
        if self.uid is not None and self.uid != NOBODY:
            data["uid"] = self.uid + slot
        return Containment(**data)


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise ContainmentError(f"{what}: {os.strerror(err)}")


def unshare(flags: int) -> None:
    _check(_libc().unshare(flags), "unshare")


def mount(source: str | None, target: str, fstype: str | None, flags: int,
          data: str | None = None) -> None:
    enc = (lambda s: s.encode() if s is not None else None)  # noqa: E731
    _check(_libc().mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags),
                         enc(data)), f"mount {target}")


def cap_malloc_arenas(arenas: int = MALLOC_ARENAS) -> bool:
    """Let threads share ``arenas`` malloc arenas (glibc); False where that is not glibc.

    An address-space limit counts what malloc reserves, not what is used: glibc reserves up
    to 64 MB for each thread's own arena, and DuckDB (module 04's splink) starts a thread per
    core, so on a large machine a kernel that uses 250 MB would reserve more than its limit.
    """
    try:
        return bool(_libc().mallopt(M_ARENA_MAX, arenas))
    except (AttributeError, OSError):
        return False


def prctl(option: int, value: int) -> None:
    _check(_libc().prctl(option, ctypes.c_ulong(value), 0, 0, 0), "prctl")


def _try_in_child(action) -> bool:
    """Run ``action`` in a forked child; True if it returned without error."""
    if not sys.platform.startswith("linux"):
        return False
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            action()
            os._exit(0)
        except BaseException:
            os._exit(1)
    _pid, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


def _userns_map() -> None:
    uid, gid = os.getuid(), os.getgid()
    unshare(CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWNS)
    Path("/proc/self/setgroups").write_text("deny")
    Path("/proc/self/uid_map").write_text(f"{uid} {uid} 1")
    Path("/proc/self/gid_map").write_text(f"{gid} {gid} 1")


# what a confined kernel must be able to read: the packages it imports, found and opened
# (not imported: a full import of the kernel costs seconds, and the probe runs every time)
TRIAL = ("import importlib.util as u\n"
         "for name in ('ipykernel', 'IPython', 'zmq', 'pandas', 'numpy', 'matplotlib', "
         "'lab_helpers'):\n"
         "    open(u.find_spec(name).origin, 'rb').read(1)")


def _trial(box: Containment) -> bool:
    """Confine a throw-away child as a kernel would be, and find its packages there."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="social-lab-probe-") as tmp:
        os.chmod(tmp, 0o711)
        empty = Path(tmp) / "cwd"
        empty.mkdir()
        connection = Path(tmp) / "connection.json"
        connection.write_text("{}")
        trial = Containment(**{**asdict(box), "scratch_base": str(Path(tmp) / "scratch")})

        def action() -> None:
            os.chdir(empty)
            enter(trial, str(connection))
            os.execv(sys.executable, [sys.executable, "-I", "-c", TRIAL])

        return _try_in_child(action)


def run_uid() -> int:
    """The first unprivileged uid of this run's block."""
    return UID_BASE + (os.getpid() % 50_000) * UID_BLOCK


def probe(memory_mb: int, hidden: list[str], scratch_base: str, wanted: bool = True
          ) -> Containment:
    """What this machine lets us enforce (tried out in throw-away child processes)."""
    box = Containment(memory_mb=max(0, int(memory_mb or 0)), scratch_base=scratch_base,
                      needed=[str(p) for p in needed_paths()])
    try:
        import resource  # noqa: F401  (POSIX only)
    except ImportError:  # pragma: no cover - not on Linux
        box.memory_mb = 0
    if wanted and sys.platform.startswith("linux"):
        candidates = []
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            candidates += [Containment(**{**asdict(box), "mode": "root", "network": True,
                                          "hidden": list(hidden), "uid": uid})
                           for uid in (run_uid(), NOBODY)]
        candidates.append(Containment(**{**asdict(box), "mode": "userns", "network": True,
                                         "hidden": list(hidden)}))
        for candidate in candidates:
            if _trial(candidate):
                box = candidate
                break
    box.skipped = [p for p in PROMISES if p not in box.enforced]
    return box


def confines(box: Containment) -> bool:
    """True when student code runs confined: its own namespaces, and never as root."""
    if box.mode == "none" or not box.network or not box.hidden:
        return False
    return box.uid is not None or not (hasattr(os, "geteuid") and os.geteuid() == 0)


def kill_user_processes(uid: int) -> int:
    """Kill every process that runs as ``uid`` (left-overs of a graded notebook)."""
    killed = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid == uid:
                os.kill(int(entry.name), signal.SIGKILL)
                killed += 1
        except (OSError, ProcessLookupError):
            continue
    return killed


def _chown_tree(root: Path, uid: int) -> None:
    os.chown(root, uid, uid)
    for path in root.rglob("*"):
        os.lchown(path, uid, uid)


def _hide(paths: list[str]) -> None:
    """Cover each existing path with an empty read-only mount (this namespace only)."""
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            continue
        if path.is_dir():
            mount("none", str(path), "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, "size=4k,mode=0")
        else:
            mount("/dev/null", str(path), None, MS_BIND)


def needed_paths() -> list[Path]:
    """What the kernel's interpreter must be able to read: Python, the venv, lab_helpers."""
    import lab_helpers

    found = {Path(sys.base_prefix), Path(sys.prefix), Path(os.path.realpath(sys.executable)),
             Path(lab_helpers.__file__).resolve().parent.parent}
    found.update(Path(p) for p in sys.path if p and Path(p).is_dir())
    return sorted({p.resolve() for p in found if p.exists()})


def _blocked_ancestor(path: Path) -> tuple[Path, str] | None:
    """The first folder on the way to ``path`` that other users cannot enter."""
    current = Path("/")
    for part in path.parts[1:]:
        if not os.stat(current).st_mode & 0o001:
            return current, part
        current = current / part
    return None


def _open_paths(paths: list[Path], keep: Path) -> None:
    """Make ``paths`` reachable for an unprivileged user in this mount namespace.

    A folder on the way that others cannot enter (such as a 0700 /root holding the Python
    installation) is covered by an empty tmpfs that others may traverse, and only the
    needed entries are mounted back into it: the rest of that folder stays out of reach.
    """
    blocked: dict[Path, set[str]] = {}
    for path in paths:
        found = _blocked_ancestor(path)
        if found:
            blocked.setdefault(found[0], set()).add(found[1])
    for number, (folder, children) in enumerate(sorted(blocked.items())):
        moved = []
        for index, child in enumerate(sorted(children)):
            source = folder / child
            if not source.is_dir():
                continue
            spot = keep / f"{number}-{index}"
            spot.mkdir(parents=True)
            mount(str(source), str(spot), None, MS_BIND | MS_REC)
            moved.append((spot, child))
        mount("none", str(folder), "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=0711")
        for spot, child in moved:
            (folder / child).mkdir()
            mount(str(spot), str(folder / child), None, MS_MOVE)


def kernel_environment(env: dict[str, str], home: Path) -> dict[str, str]:
    """The kernel's own folders, inside its scratch, and one thread per numeric library."""
    for var, sub in (("HOME", ""), ("IPYTHONDIR", ".ipython"), ("MPLCONFIGDIR", ".matplotlib"),
                     ("JUPYTER_CONFIG_DIR", ".jupyter"), ("JUPYTER_DATA_DIR", ".jupyter-data"),
                     ("JUPYTER_RUNTIME_DIR", ".jupyter-runtime"), ("XDG_CACHE_HOME", ".cache"),
                     ("TMPDIR", "tmp")):
        path = home / sub if sub else home
        path.mkdir(parents=True, exist_ok=True)
        env[var] = str(path)
    return env


def enter(box: Containment, connection_file: str) -> str:
    """Confine the current process (a kernel about to start); returns its connection file.

    Called as root (or the trainer) before any student code runs. On any failure it raises
    ContainmentError: the caller must exit rather than run a kernel that is not confined.
    """
    import resource

    if box.memory_mb:
        limit = box.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        cap_malloc_arenas()
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    if box.mode == "none":
        if sys.platform.startswith("linux"):
            prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # dies with the worker that started it
        return connection_file
    base = Path(box.scratch_base)
    base.mkdir(mode=0o711, parents=True, exist_ok=True)
    scratch = base / f"kernel-{os.getpid()}"
    if scratch.exists():
        shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(mode=0o700)
    work = scratch / "work"  # empty: no file of the submission is importable from here
    work.mkdir()
    conn = scratch / "connection.json"
    shutil.copyfile(connection_file, conn)
    mpl_cache = settings.mpl_cache()
    kernel_environment(os.environ, scratch)
    if mpl_cache is not None and mpl_cache.is_dir():
        for item in mpl_cache.glob("fontlist-*.json"):
            shutil.copyfile(item, Path(os.environ["MPLCONFIGDIR"]) / item.name)
    os.chdir(work)  # before the mounts: no way back to the course through the old cwd
    if box.mode == "root":
        _chown_tree(scratch, box.uid)
        unshare(CLONE_NEWNET | CLONE_NEWNS)
        mount(None, "/", None, MS_REC | MS_PRIVATE)
        _hide(box.hidden)
        _open_paths([Path(p) for p in box.needed], scratch / ".keep")
        os.setgroups([])
        os.setgid(box.uid)
        os.setuid(box.uid)
    else:  # userns: the trainer's own user, in namespaces of its own
        _userns_map()
        mount(None, "/", None, MS_REC | MS_PRIVATE)
        _hide(box.hidden)
    prctl(PR_SET_NO_NEW_PRIVS, 1)
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # after setuid, which clears it
    if os.getppid() == 1:  # the worker died before we got here
        os._exit(1)
    os.environ.pop(settings.CONTAINMENT, None)
    return str(conn)
