"""Show a check's outcome: rich HTML in a notebook, plain text elsewhere."""

from __future__ import annotations

import html

from ..exercise_titles import title_of
from ..i18n import N_, _, current_language
from .outcome import Outcome, Status

# Okabe-Ito colours (colour-blind safe); every message also carries a word and a symbol.
_STYLE = {
    Status.CORRECT: ("#0072B2", "✔", N_("Correct")),
    Status.INCORRECT: ("#D55E00", "✘", N_("Not yet right")),
    Status.NOT_ATTEMPTED: ("#6E6E6E", "…", N_("Not attempted yet")),
}
HINT_STYLE = ("#009E73", "💡", N_("Hint"))


def box(colour: str, symbol: str, title: str, text: str, note: str = "") -> dict[str, str]:
    """A message as a MIME bundle: an accessible HTML box and its text twin.

    ``note`` is small print beside the title in the HTML (an exercise's id).
    """
    body = html.escape(text).replace("\n", "<br>")
    small = (f' <small style="color:#6E6E6E;font-weight:normal">{html.escape(note)}</small>'
             if note else "")
    rich = (
        f'<div role="status" style="border-left:6px solid {colour};padding:6px 12px;'
        f'margin:4px 0;font-size:1.05em;line-height:1.4">'
        f'<strong style="color:{colour}">{symbol} {html.escape(title)}</strong>{small}<br>'
        f'{body}</div>'
    )
    return {"text/html": rich, "text/plain": f"{symbol} {title}: {text}"}


def outcome_title(outcome: Outcome) -> str:
    """"Exercise 1 · Not yet right", in the learner's language (the id if no heading)."""
    _colour, _symbol, status = _STYLE[outcome.status]
    title = title_of(outcome.problem_id, current_language())
    name = title.heading if title and title.heading else outcome.problem_id
    return f"{name} · {_(status)}"


def outcome_bundle(outcome: Outcome) -> dict[str, str]:
    colour, symbol, _title = _STYLE[outcome.status]
    return box(colour, symbol, outcome_title(outcome), outcome.message, note=outcome.problem_id)


def outcome_metadata(outcome: Outcome) -> dict[str, dict[str, str]]:
    """Saved with the output, so progress can be rebuilt from a notebook file."""
    return {"social_lab": {"problem": outcome.problem_id, "status": outcome.status.value}}


def show(bundle: dict[str, str], metadata: dict | None = None) -> None:
    """Display in a notebook; print in a plain Python session."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        print(bundle["text/plain"])
        return
    if get_ipython() is None:
        print(bundle["text/plain"])
    else:
        display(bundle, raw=True, metadata=metadata)
