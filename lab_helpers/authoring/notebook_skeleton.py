"""The two source notebooks of a new module, English and Italian, with their TODOs.

Both notebooks are built from one list of cells, so they have the same cells in the same
order, the same ids, the same nbgrader metadata and the same code; only the prose and the
code comments are in each language. Every placeholder for the author starts with "TODO".
"""

from __future__ import annotations

from typing import Any

import nbformat
from nbformat import NotebookNode

from ..kernel_metadata import source_metadata
from .plan import EXAMPLE_EXERCISE, ModulePlan, Section

EXAMPLE_POINTS = 1
REFLECTION = "reflection_practice"
REFLECTION_POINTS = 3

WORDS: dict[str, dict[str, str]] = {
    "en": {"module": "Module", "minutes": "minutes", "point": "point", "points": "points"},
    "it": {"module": "Modulo", "minutes": "minuti", "point": "punto", "points": "punti"},
}

INTRO = {
    "en": """**The question of this module.** TODO: the question from daily practice that the \
module answers, in one or two sentences a social worker would say.

**By the end of this module you can:**
- TODO: one objective per skill, starting with a verb (compute, compare, chart, say what the \
data miss);
- TODO: a second objective;
- TODO: a third objective.

- **Time:** about {minutes} minutes.
- **Prerequisites:** TODO: module 00 (tables, columns, filters, a bar chart).
- **Datasets:** {datasets}. All synthetic: see section 1.

**Sections:** {sections}""",
    "it": """**La domanda del modulo.** TODO: la domanda della pratica quotidiana a cui il \
modulo risponde, in una o due frasi come le direbbe un'assistente sociale.

**Alla fine di questo modulo saprai:**
- TODO: un obiettivo per ogni abilità, che cominci con un verbo (calcolare, confrontare, \
disegnare, dire che cosa sfugge ai dati);
- TODO: un secondo obiettivo;
- TODO: un terzo obiettivo.

- **Durata:** circa {minutes} minuti.
- **Prerequisiti:** TODO: modulo 00 (tabelle, colonne, filtri, un grafico a barre).
- **Dati:** {datasets}. Tutti sintetici: vedi la sezione 1.

**Sezioni:** {sections}""",
}

DATASET = {"en": "`{name}` (TODO: what one row is)", "it": "`{name}` (TODO: che cosa è una riga)"}

BEFORE_YOU_START = {
    "en": """### Before you start
Run the first code cell (**Shift+Enter**): it prepares the module, and a blue box with a ✔ \
appears under it. As in module 00, each exercise has an answer cell where you replace the \
`...`, a check cell to run after it, and a cell for hints (delete the `#` at the start of the \
line `# hint(...)` and run the cell). Save often: **Ctrl+S** (**⌘+S** on a Mac).""",
    "it": """### Prima di cominciare
Esegui la prima cella di codice (**Maiusc+Invio**): prepara il modulo e sotto compare un \
riquadro blu con il segno ✔. Come nel modulo 00, ogni esercizio ha una cella della risposta in \
cui sostituire i `...`, una cella di verifica da eseguire subito dopo e una cella per i \
suggerimenti (cancella il `#` all'inizio della riga `# hint(...)` ed esegui la cella). Salva \
spesso: **Ctrl+S** (**⌘+S** sul Mac).""",
}

FIRST_SECTION = {
    "en": """TODO: start from practice: who asks this section's question, in which service, \
and why it matters to them (a district's governance table, a case manager's week). Explain \
each Italian institution the section relies on, with its Italian name in brackets, before \
the data (ambito territoriale sociale, ente gestore, distretto sanitario, co-programmazione).""",
    "it": """TODO: parti dalla pratica: chi si fa la domanda di questa sezione, in quale \
servizio, e perché gli importa (il tavolo di governance di un distretto, la settimana di un \
case manager). Spiega ogni istituzione su cui si regge la sezione prima dei dati (ambito \
territoriale sociale, ente gestore, distretto sanitario, co-programmazione).""",
}

ABOUT_THE_DATA = {
    "en": """**About the data.** The table `{table}` is **synthetic**: made by a program \
(`datasets/generate.py`) and calibrated on public figures; its data card in `datasets/cards/` \
says how, and how close it comes to reality. Use it to learn; never quote it as a fact about \
a real place or person. TODO: say what one row is, and which real figure the data were \
calibrated on, with its source and date.""",
    "it": """**I dati.** La tabella `{table}` è **sintetica**: l'ha creata un programma \
(`datasets/generate.py`), tarandola su dati pubblici; la sua scheda in `datasets/cards/` \
spiega come e quanto si avvicina alla realtà. Usala per imparare; non citarla mai come un dato \
su un luogo o su una persona reali. TODO: di' che cosa è una riga e su quale dato reale è \
stata tarata, con la fonte e la data.""",
}

WORKED_EXAMPLE = {
    "en": """**A worked example.** `len( )` counts how many items something holds. The names \
of a table's columns are in `.columns`, so `len({table}.columns)` counts its columns. TODO: \
replace this with your module's first worked example: it shows, step by step, what the \
exercise below asks for.""",
    "it": """**Un esempio svolto.** `len( )` conta quanti elementi contiene qualcosa. I nomi \
delle colonne di una tabella stanno in `.columns`, quindi `len({table}.columns)` ne conta le \
colonne. TODO: sostituiscilo con il primo esempio svolto del tuo modulo: mostra, passo per \
passo, quello che chiede l'esercizio qui sotto.""",
}

EXERCISE = {
    "en": """### Exercise 1 ({points})
How many **rows** does the table `{table}` have? Count them with `len( )`, as the worked \
example counted the columns, and keep the number in `{name}`.

TODO: replace this example exercise with yours: a near copy of the worked example, with one \
thing changed. It is declared in `lab_helpers/exercises/{exercises}.py` under the same name.""",
    "it": """### Esercizio 1 ({points})
Quante **righe** ha la tabella `{table}`? Contale con `len( )`, come l'esempio svolto ha \
contato le colonne, e conserva il numero in `{name}`.

TODO: sostituisci questo esercizio di esempio con il tuo: quasi una copia dell'esempio \
svolto, con una sola cosa cambiata. È dichiarato in `lab_helpers/exercises/{exercises}.py` con \
lo stesso nome.""",
}

RIGHT_VALUE = {
    "en": """Whatever your answer, the next cell keeps the right number in `{name}`, so every \
later cell starts from the same value. TODO: keep a cell like this after every exercise whose \
result later cells use; delete it otherwise.""",
    "it": """Qualunque sia la tua risposta, la cella seguente conserva il numero giusto in \
`{name}`, così ogni cella successiva parte dallo stesso valore. TODO: tieni una cella così \
dopo ogni esercizio il cui risultato serve alle celle successive; altrimenti cancellala.""",
}

LATER_SECTION = {
    "en": """TODO: a motivation from practice, a worked example, then an exercise with its \
answer, check and hint cells, as in section 1.""",
    "it": """TODO: una motivazione tratta dalla pratica, un esempio svolto, poi un esercizio \
con le sue celle della risposta, della verifica e dei suggerimenti, come nella sezione 1.""",
}

RUBRIC = {
    "en": """### Reflection ({points}, graded by your trainer)

TODO: set the question in a concrete scene from practice: the district's governance table, a \
cooperative's e-mail, a person with an invented name (say that it is invented).

In 5 to 10 sentences, answer:
1. TODO: a question about what the data show, and what they cannot see.
2. TODO: a question about what to do, or whom to ask, in practice.

Think of your own practice. Do not write personal data about real people.

**What your trainer looks for**
{criteria}""",
    "it": """### Riflessione ({points}, valutata dal formatore)

TODO: ambienta la domanda in una scena concreta della pratica: il tavolo di governance del \
distretto, l'e-mail di una cooperativa, una persona con un nome inventato (di' che è \
inventata).

In 5-10 frasi, rispondi:
1. TODO: una domanda su che cosa mostrano i dati e che cosa non possono vedere.
2. TODO: una domanda su che cosa fare, o a chi chiedere, nella pratica.

Pensa alla tua pratica. Non scrivere dati personali di persone reali.

**Che cosa guarda il formatore**
{criteria}""",
}

# What learners see (the prompt's criteria) and what only trainers see: a descriptor and two
# anchor answers for every point level, kept in the notebook's metadata (rubrics.py) and
# printed in the trainer's sheet, never in the learners' notebook.
CRITERIA = {
    "en": ["TODO: the first thing a good answer does, in one sentence.",
           "TODO: the second thing a good answer does, in one sentence."],
    "it": ["TODO: la prima cosa che fa una buona risposta, in una frase.",
           "TODO: la seconda cosa che fa una buona risposta, in una frase."],
}
LEVEL_TEXT = {
    "en": {"descriptor": "TODO: what an answer worth {n} of {total} points does.",
           "anchor": "TODO: an answer worth {n} points, as a learner would write it ({k})."},
    "it": {"descriptor": "TODO: che cosa fa una risposta da {n} punti su {total}.",
           "anchor": "TODO: una risposta da {n} punti, come la scriverebbe chi impara ({k})."},
}


def rubric_metadata(lang: str, total: int) -> dict[str, object]:
    """The skeleton reflection's rubric: its criteria, and every level with two anchors."""
    text = LEVEL_TEXT[lang]
    return {"criteria": list(CRITERIA[lang]),
            "levels": {str(n): {"descriptor": text["descriptor"].format(n=n, total=total),
                                "anchors": [text["anchor"].format(n=n, k=k) for k in (1, 2)]}
                       for n in range(total + 1)}}


MODEL_ANSWER = {
    "en": """### BEGIN SOLUTION
*A model answer.* TODO: a model answer, for trainers only (nbgrader removes it from the \
learners' notebook).
### END SOLUTION""",
    "it": """### BEGIN SOLUTION
*Una risposta modello.* TODO: una risposta modello, solo per i formatori (nbgrader la toglie \
dal notebook di chi impara).
### END SOLUTION""",
}

KEY_POINTS = {
    "en": """## Key points
- TODO: one line for each idea to keep: a method, a caution, a question to ask.
- TODO: what the comparisons and rankings of this module cannot say (their uncertainty).

## What comes next
**Module {next}, TODO.** TODO: one or two sentences on what the next module does with what \
was learnt here.""",
    "it": """## Punti chiave
- TODO: una riga per ogni idea da ricordare: un metodo, una cautela, una domanda da fare.
- TODO: che cosa non possono dire i confronti e le classifiche di questo modulo (la loro \
incertezza).

## Che cosa viene dopo
**Modulo {next}, TODO.** TODO: una o due frasi su che cosa fa il modulo successivo con quello \
che si è imparato qui.""",
}

PROGRESS = {
    "en": "Your progress so far, kept only on your computer (nothing is sent anywhere):",
    "it": "I tuoi progressi finora, conservati solo sul tuo computer (nulla viene inviato "
          "altrove):",
}

COMMENTS = {
    "en": {"open": "# Open the table: one row per TODO",
           "worked": "# Worked example: how many columns the table has",
           "answer": "# Replace the ... with your answer",
           "hint": ("# Need help? Delete the # at the start of the next line, then run this "
                    "cell.", "# Tried at least once and still stuck? Delete the # below to see "
                    "a solution."),
           "right": "# The right value, whatever the answer above"},
    "it": {"open": "# Apri la tabella: una riga per ogni TODO",
           "worked": "# Esempio svolto: quante colonne ha la tabella",
           "answer": "# Sostituisci i ... con la tua risposta",
           "hint": ("# Serve un aiuto? Cancella il # all'inizio della riga qui sotto ed esegui "
                    "la cella.", "# Hai già provato e sei ancora bloccato? Cancella il # qui "
                    "sotto per vedere una soluzione."),
           "right": "# Il valore giusto, qualunque sia la risposta sopra"},
}

METADATA = {
    "en": {
        "question": "TODO: the module's question, as in the introduction",
        "objectives": ["TODO: the first objective, as in the introduction",
                       "TODO: the second objective", "TODO: the third objective"],
        "prerequisites": ["TODO: Module 00: tables, columns, filters and a bar chart"],
        "trainer_notes": [
            "Timing: TODO: which sections take longest, and what to shorten if the group "
            "falls behind (never the exercises).",
            "Common mistakes: TODO: the slips the checks name, exercise by exercise.",
            "Pause for discussion: TODO: after which exercise, and with which question.",
            "Before the reflection, remind the group that the figures are synthetic and that "
            "examples from their own services must not contain personal data.",
            "The reflection (3 points) is graded by hand: learners see the criteria; the level "
            "descriptors and anchors are in the trainer's sheet. TODO: what to reward.",
        ],
    },
    "it": {
        "question": "TODO: la domanda del modulo, come nell'introduzione",
        "objectives": ["TODO: il primo obiettivo, come nell'introduzione",
                       "TODO: il secondo obiettivo", "TODO: il terzo obiettivo"],
        "prerequisites": ["TODO: Modulo 00: tabelle, colonne, filtri e un grafico a barre"],
        "trainer_notes": [
            "Tempi: TODO: quali sezioni richiedono più tempo, e che cosa accorciare se il "
            "gruppo è in ritardo (mai gli esercizi).",
            "Errori frequenti: TODO: gli errori che le verifiche riconoscono, esercizio per "
            "esercizio.",
            "Fermatevi a discutere: TODO: dopo quale esercizio, e con quale domanda.",
            "Prima della riflessione ricordate che i dati sono sintetici e che gli esempi "
            "tratti dai propri servizi non devono contenere dati personali.",
            "La riflessione (3 punti) si valuta a mano: chi impara vede i criteri; descrittori "
            "ed esempi sono nella scheda del formatore. TODO: che cosa premiare.",
        ],
    },
}


def points(n: int, lang: str) -> str:
    """ "1 point", "3 punti": the words the tests read in a heading."""
    words = WORDS[lang]
    return f"{n} {words['point'] if n == 1 else words['points']}"


def section_heading(index: int, section: Section, lang: str) -> str:
    return f"## {index}. {section.title(lang)} ({section.minutes} {WORDS[lang]['minutes']})"


def sections_line(plan: ModulePlan, lang: str) -> str:
    return " · ".join(f"{i}. {s.title(lang)} ({s.minutes} min)"
                      for i, s in enumerate(plan.sections, start=1))


def _grading(grade_id: str, *, grade: bool, locked: bool, solution: bool,
             score: int | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"grade": grade, "grade_id": grade_id, "locked": locked,
                            "schema_version": 3, "solution": solution}
    if score is not None:
        meta["points"] = score
    return {"nbgrader": meta}


class _Cells:
    """Collects cells and numbers their ids as the existing modules do: m04-001, m04-002..."""

    def __init__(self, plan: ModulePlan) -> None:
        self.prefix = plan.exercises
        self.cells: list[NotebookNode] = []

    def _add(self, cell: NotebookNode) -> None:
        cell.id = f"{self.prefix}-{len(self.cells) + 1:03d}"
        self.cells.append(cell)

    def markdown(self, source: str, metadata: dict[str, Any] | None = None) -> None:
        self._add(nbformat.v4.new_markdown_cell(source, metadata=metadata or {}))

    def code(self, source: str, metadata: dict[str, Any] | None = None) -> None:
        self._add(nbformat.v4.new_code_cell(source, metadata=metadata or {}))


def _title_cell(plan: ModulePlan, lang: str) -> str:
    datasets = ", ".join(DATASET[lang].format(name=name) for name in plan.datasets)
    head = (f"# {WORDS[lang]['module']} {plan.number} · {plan.short_title(lang)}\n"
            f"## {plan.subtitle(lang)}\n\n")
    return head + INTRO[lang].format(minutes=plan.minutes, datasets=datasets,
                                     sections=sections_line(plan, lang))


def _example_exercise(cells: _Cells, plan: ModulePlan, lang: str) -> None:
    """Worked example, exercise, answer, check, hints and the right value for later cells."""
    name, table, text = EXAMPLE_EXERCISE, plan.table, COMMENTS[lang]
    problem_id = f"{plan.exercises}.{name}"
    cells.markdown(ABOUT_THE_DATA[lang].format(table=table))
    cells.code(f'{text["open"]}\n{table} = load_dataset("{table}")\n{table}.head()')
    cells.markdown(WORKED_EXAMPLE[lang].format(table=table))
    cells.code(f"{text['worked']}\nlen({table}.columns)")
    cells.markdown(EXERCISE[lang].format(points=points(EXAMPLE_POINTS, lang), table=table,
                                         name=name, exercises=plan.exercises))
    cells.code(f"{text['answer']}\n{name} = (\n    ### BEGIN SOLUTION\n    len({table})\n"
               f"    ### END SOLUTION\n)\n{name}",
               _grading(f"answer_{name}", grade=False, locked=False, solution=True))
    cells.code(f'check("{problem_id}")\n### BEGIN HIDDEN TESTS\n'
               f'check("{problem_id}", hidden=True)\n### END HIDDEN TESTS',
               _grading(f"test_{name}", grade=True, locked=True, solution=False,
                        score=EXAMPLE_POINTS))
    need_help, stuck = text["hint"]
    cells.code(f'{need_help}\n# hint("{problem_id}")\n{stuck}\n# solution("{problem_id}")')
    cells.markdown(RIGHT_VALUE[lang].format(name=name))
    cells.code(f"{text['right']}\n{name} = len({table})")


def _reflection(cells: _Cells, lang: str) -> None:
    criteria = "\n".join(f"- {line}" for line in CRITERIA[lang])
    cells.markdown(RUBRIC[lang].format(points=points(REFLECTION_POINTS, lang), criteria=criteria),
                   _grading(f"{REFLECTION}_rubric", grade=False, locked=True, solution=False))
    cells.markdown(MODEL_ANSWER[lang], _grading(REFLECTION, grade=True, locked=False,
                                                solution=True, score=REFLECTION_POINTS))


def skeleton_notebook(plan: ModulePlan, lang: str) -> NotebookNode:
    """The source notebook of ``plan`` in ``lang`` ("en" or "it"), with nbgrader metadata."""
    cells = _Cells(plan)
    cells.markdown(_title_cell(plan, lang))
    cells.markdown(BEFORE_YOU_START[lang])
    cells.code(f'from lab_helpers import check, hint, load_dataset, progress, setup, solution\n\n'
               f'setup("{plan.number}", lang="{lang}")',
               _grading("setup", grade=False, locked=True, solution=False))
    last = len(plan.sections)
    for index, section in enumerate(plan.sections, start=1):
        heading = section_heading(index, section, lang)
        if index == 1:
            cells.markdown(f"{heading}\n\n{FIRST_SECTION[lang]}")
            _example_exercise(cells, plan, lang)
        else:
            cells.markdown(f"{heading}\n\n{LATER_SECTION[lang]}")
        if index == last:
            _reflection(cells, lang)
    cells.markdown(KEY_POINTS[lang].format(next=f"{int(plan.number) + 1:02d}"))
    cells.markdown(PROGRESS[lang])
    cells.code("progress()")
    nb = nbformat.v4.new_notebook(cells=cells.cells)
    nb.metadata = {
        **source_metadata(),
        "social_lab": {
            "datasets": list(plan.datasets),
            "lang": lang,
            "minutes": plan.minutes,
            "module": plan.number,
            **METADATA[lang],
            "rubrics": {REFLECTION: rubric_metadata(lang, REFLECTION_POINTS)},
            "sections": [{"minutes": s.minutes, "title": s.title(lang)} for s in plan.sections],
            "slug": plan.folder,
            "title": plan.titles[lang],
        },
    }
    nbformat.validate(nb)
    return nb


def notebook_text(nb: NotebookNode) -> str:
    """The file's text, written as the committed notebooks are (sorted keys, one-space indent)."""
    return nbformat.writes(nb) + "\n"
