"""A one-line progress bar: done, failed, flagged and time left (no dependency)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from ..i18n import _, ngettext


def duration(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return _("{s} s").format(s=seconds)
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return _("{m} min {s} s").format(m=minutes, s=seconds)
    hours, minutes = divmod(minutes, 60)
    return _("{h} h {m} min").format(h=hours, m=minutes)


class ProgressBar:
    def __init__(self, total: int, workers: int, stream: TextIO | None = None,
                 width: int = 24) -> None:
        self.total, self.workers, self.width = total, workers, width
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.started = time.monotonic()
        self.done = self.failed = self.flagged = 0

    def line(self) -> str:
        filled = int(self.width * self.done / self.total) if self.total else self.width
        bar = "█" * filled + "░" * (self.width - filled)
        text = ", ".join((
            _("{done}/{total} graded").format(done=self.done, total=self.total),
            ngettext("{n} failed", "{n} failed", self.failed).format(n=self.failed),
            ngettext("{n} flagged", "{n} flagged", self.flagged).format(n=self.flagged)))
        elapsed = time.monotonic() - self.started
        if self.done and self.done < self.total:
            left = elapsed / self.done * (self.total - self.done)
            text += " · " + _("about {time} left").format(time=duration(left))
        elif self.done >= self.total:
            text += " · " + _("took {time}").format(time=duration(elapsed))
        return f"[{bar}] {text}"

    def update(self, failed: bool = False, flagged: bool = False) -> None:
        self.done += 1
        self.failed += failed
        self.flagged += flagged
        self.show()

    def show(self) -> None:
        if self.tty:
            self.stream.write("\r" + self.line() + "\x1b[K")
            if self.done >= self.total:
                self.stream.write("\n")
        else:
            self.stream.write(self.line() + "\n")
        self.stream.flush()
