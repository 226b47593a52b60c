"""JupyterLab's interface in Italian: our locale data is declared, loads, is newer than the
language pack's, translates messages the installed JupyterLab asks for, and jupyterlab_server
merges it over the pack. The labels the course quotes are ours, in both languages."""

from __future__ import annotations

import importlib.metadata
import inspect
import json
import re
from functools import cache
from pathlib import Path

import pytest
from jupyterlab_server import translation_utils
from lab_strings import PLURAL, SINGULAR, lab_messages
from packaging.version import InvalidVersion, Version
from quoted_labels import QUOTED, loose_mentions, quotes

import social_lab_jupyterlab_it
from social_lab_jupyterlab_it import merge_rule

DOMAINS = ["jupyterlab", "notebook", "jupyterlab_widgets"]
LOCALE = "it_IT"
PACK = "jupyterlab-language-pack-it-IT"
PLACEHOLDER = re.compile(r"%\d")


def messages_dir(module: object) -> Path:
    return Path(module.__file__).parent / "locale" / LOCALE / "LC_MESSAGES"


@cache
def ours(domain: str) -> dict:
    return json.loads((messages_dir(social_lab_jupyterlab_it) / f"{domain}.json").read_text(
        encoding="utf-8"))


@cache
def pack(domain: str) -> dict:
    module = importlib.import_module("jupyterlab_language_pack_it_IT")
    return json.loads((messages_dir(module) / f"{domain}.json").read_text(encoding="utf-8"))


def entries(domain: str) -> dict[str, list[str]]:
    return {key: forms for key, forms in ours(domain).items() if key}


def test_each_domain_is_a_jupyterlab_locale_entry_point_of_our_package():
    declared = {point.name: point for point in
                importlib.metadata.entry_points(group=translation_utils.JUPYTERLAB_LOCALE_ENTRY)}
    for domain in DOMAINS:
        assert declared[domain].load() is social_lab_jupyterlab_it, domain


def test_each_header_names_its_domain_and_a_version_newer_than_the_pack():
    release = Version(importlib.metadata.version(PACK))
    for domain in DOMAINS:
        header, theirs = ours(domain)[""], pack(domain)[""]
        assert (header["domain"], header["language"]) == (domain, theirs["language"])
        assert header["plural_forms"] == theirs["plural_forms"]
        assert Version(header["version"]) > release, domain
        if merge_rule.is_version(theirs["version"]):
            assert Version(header["version"]) > Version(theirs["version"]), domain


def test_every_key_is_a_message_jupyterlab_asks_for_with_as_many_forms():
    for domain in DOMAINS:
        asked = lab_messages(domain)
        for key, forms in entries(domain).items():
            assert key in asked, f"{domain}: JupyterLab never asks for {key!r}"
            kind = PLURAL if len(forms) == 2 else SINGULAR
            assert len(forms) in (1, 2) and kind in asked[key].kinds, (
                f"{domain}: {key!r} is asked for as {set(asked[key].kinds)}, not with "
                f"{len(forms)} form(s): JupyterLab would show it in English")


def test_translations_keep_placeholders_line_breaks_and_ellipses():
    for domain in DOMAINS:
        asked = lab_messages(domain)
        for key, forms in entries(domain).items():
            english = [key.rpartition("\x04")[2]] + ([asked[key].plural] if len(forms) == 2 else [])
            for source, italian in zip(english, forms, strict=True):
                assert italian.strip(), key
                assert sorted(PLACEHOLDER.findall(italian)) == sorted(
                    PLACEHOLDER.findall(source)), key
                assert italian.count("\n") == source.count("\n"), key
                assert italian.endswith("…") == source.endswith("…"), key


def test_jupyterlab_server_merges_ours_over_the_pack_and_keeps_the_rest():
    data, message = translation_utils.get_language_pack(LOCALE)
    assert message == ""
    for domain in DOMAINS:
        merged, theirs = data[domain], pack(domain)
        assert {key: merged[key] for key in entries(domain)} == entries(domain)
        kept = set(theirs) - set(ours(domain))
        assert {key: merged[key] for key in kept} == {key: theirs[key] for key in kept}


def packs(version: str) -> tuple[dict, dict]:
    pack_data = {"": {"domain": "jupyterlab", "version": version}, "Run": ["Corri"],
                 "Name": ["Nome"]}
    package = {"": {"domain": "jupyterlab", "version": "4.6.6"}, "Run": ["Esegui"]}
    return pack_data, package


def test_the_merge_rule_ranks_only_an_unparseable_pack_version_oldest():
    upstream = inspect.unwrap(translation_utils.merge_locale_data)
    merge = merge_rule.ranking_unversioned_packs_oldest(upstream)
    # the packs' "jupyterlab" is no version: upstream alone raises, so the whole pack is lost
    with pytest.raises(InvalidVersion):
        upstream(*packs("jupyterlab"))
    merged = merge(*packs("jupyterlab"))
    assert (merged["Run"], merged["Name"]) == (["Esegui"], ["Nome"])
    for newer_or_none in ("5.0", ""):  # upstream's rule is kept for every other pack
        pack_data, package = packs(newer_or_none)
        assert merge(pack_data, package) == pack_data
    pack_data, package = packs("4.5")
    assert merge(pack_data, package)["Run"] == ["Esegui"]


def test_the_italian_quotes_are_our_translations_of_the_english_labels():
    asked = lab_messages("jupyterlab")
    for quote in QUOTED:
        (en_menu, en_item), (it_menu, it_item) = quote["en"], quote["it"]
        assert f"menu\x04{en_menu}" in asked and en_item in asked, quote
        assert ours("jupyterlab")[f"menu\x04{en_menu}"] == [it_menu]
        assert ours("jupyterlab")[en_item][0] == it_item


@pytest.mark.parametrize("lang", ["en", "it"])
def test_every_menu_the_course_names_is_quoted_and_listed(lang):
    assert list(loose_mentions(lang)) == [], "quote a menu item as the module docstring says"
    assert {quote for _where, quote in quotes(lang)} == {quote[lang] for quote in QUOTED}
