"""Module 00 (getting started): the figures its text quotes are those of the data."""

from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest
from conftest import MODULES

from lab_helpers import load_dataset
from lab_helpers.exercises import m00

LANGS = ("en", "it")
NOTEBOOKS = {lang: MODULES / "00-getting-started" / f"00-getting-started.{lang}.ipynb"
             for lang in LANGS}
# "About 4,935: on average, the region meets the LEPS" / "Circa 4.935: in media ..."
REGION_SENTENCE = {"en": r"About ([\d,]+): on average", "it": r"Circa ([\d.]+): in media"}
REGION_NOTE = {"en": r"about ([\d,]+) residents per social worker",
               "it": r"circa ([\d.]+) residenti per assistente sociale"}
THOUSANDS = {"en": ",", "it": "."}


def _notebook(lang: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS[lang], as_version=4)


def _prose(lang: str) -> str:
    return "\n".join(c.source for c in _notebook(lang).cells if c.cell_type == "markdown")


def _number(text: str, lang: str) -> int:
    return int(text.replace(THOUSANDS[lang], ""))


@pytest.fixture(scope="module")
def districts() -> pd.DataFrame:
    return load_dataset("districts")


@pytest.mark.parametrize("lang", LANGS)
def test_the_regional_ratio_in_the_text_and_the_trainer_note_is_that_of_the_data(
        districts, lang):
    region = districts["population"].sum() / districts["social_workers"].sum()
    quoted = re.findall(REGION_SENTENCE[lang], _prose(lang))
    assert len(quoted) == 1
    assert _number(quoted[0], lang) == round(region)
    notes = " ".join(_notebook(lang).metadata["social_lab"]["trainer_notes"])
    in_note = re.findall(REGION_NOTE[lang], notes)
    assert len(in_note) == 1
    assert _number(in_note[0], lang) == round(region)


def _alt_text(lang: str) -> str:
    marker = {"en": "Describe your chart in words", "it": "Descrivi il grafico a parole"}[lang]
    (cell,) = [c.source for c in _notebook(lang).cells if marker in c.source]
    return cell


@pytest.mark.parametrize("lang", LANGS)
def test_the_example_alt_text_reads_the_cuneo_chart_right(districts, lang):
    cuneo = districts[districts["province"] == m00.EXERCISE_PROVINCE].set_index("district")
    share = cuneo["population_65_plus"] / cuneo["population"] * 100
    text = _alt_text(lang)
    assert f"{round(share.min())}%" in text and share.idxmin() in text
    assert f"{round(share.max())}%" in text and share.idxmax() in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_example_alt_text_does_not_answer_exercises_12_and_13(lang):
    text = _alt_text(lang)
    assert "5,000" not in text and "5.000" not in text  # option b of exercise 13
    numbers = [_number(n, lang) for n in re.findall(r"\d[\d.,]*\d", text)
               if n.replace(",", "").replace(".", "").isdigit()]
    shortest = m00._shortest_bar()
    assert not [n for n in numbers if abs(n - shortest) <= shortest * m00.READING_TOLERANCE]


EXPLAINED = {  # a term and the words that explain it, in the cell where it is first named
    "en": {"WECARE": ("regional strategy for social innovation", "22 May 2017"),
           "ambito territoriale sociale": ("L. 328/2000", "about 600")},
    "it": {"WECARE": ("strategia regionale del Piemonte per l'innovazione sociale",
                      "22 maggio 2017"),
           "ambito territoriale sociale": ("L. 328/2000", "circa 600")},
}


@pytest.mark.parametrize("lang", LANGS)
def test_wecare_and_the_ambiti_are_explained_where_they_are_first_named(lang):
    cells = [c.source for c in _notebook(lang).cells]
    for term, words in EXPLAINED[lang].items():
        first = next(s for s in cells if term in s)
        assert all(w in first for w in words), term
    text = "\n".join(cells)
    assert text.index("ambito territoriale sociale") < text.index("WECARE") < text.index(
        "ambiti territoriali sociali")  # the districts are related back to the ambiti
