"""jupyterlab_server's rule for merging a package's locale data into a language pack, made to
accept the packs' header version "jupyterlab".

``merge_locale_data`` merges when the package's version is newer than the pack's. The packs'
version is "jupyterlab", which packaging 22 and later refuse to parse: the comparison raises and
the translations API then answers with no Italian at all. Older packaging ranked such a string
below every release; this restores that ranking and leaves every other case to upstream.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

LocaleData = dict[str, Any]
Merge = Callable[[LocaleData, LocaleData], LocaleData]
OLDEST = "0"  # where packaging < 22 (LegacyVersion) put a version it could not parse
MARK = "ranks_unversioned_packs_oldest"


def is_version(text: str) -> bool:
    """True if packaging can compare ``text`` as a version."""
    from packaging.version import InvalidVersion, Version

    try:
        Version(text)
    except InvalidVersion:
        return False
    return True


def ranking_unversioned_packs_oldest(merge: Merge) -> Merge:
    """``merge`` that treats a pack's unparseable version as older than any release."""

    @functools.wraps(merge)
    def merged(pack: LocaleData, package: LocaleData) -> LocaleData:
        header = pack.get("", {})
        version = header.get("version")
        if not isinstance(version, str) or not version or is_version(version):
            return merge(pack, package)
        stand_in = {**pack, "": {**header, "version": OLDEST}}
        result = merge(stand_in, package)
        return pack if result is stand_in else result

    setattr(merged, MARK, True)
    return merged


def rank_unversioned_packs_oldest() -> None:
    """Install the ranking in jupyterlab_server, once; do nothing where it is absent."""
    try:
        from jupyterlab_server import translation_utils
    except ImportError:
        return
    merge = getattr(translation_utils, "merge_locale_data", None)
    if merge is not None and not getattr(merge, MARK, False):
        translation_utils.merge_locale_data = ranking_unversioned_packs_oldest(merge)
