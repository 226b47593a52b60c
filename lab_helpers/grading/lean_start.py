"""What a grading process need not import: the IRI grammar that jsonschema compiles.

nbformat validates notebooks with jsonschema, and jsonschema, when the package
``rfc3987_syntax`` is installed (JupyterLab's event validation brings it), compiles about
forty grammars for IRIs at import: about a second of CPU in every process that reads a
notebook, before it has read one. No notebook schema has a string ``format`` (IRI or
other), so a process that only reads, checks and grades notebooks never uses them.
``skip_iri_grammar`` makes jsonschema import without them: it then checks the formats it
checks without that package, which nbformat's schemas never ask for either way.
"""

from __future__ import annotations

import sys

GRAMMAR = "rfc3987_syntax"


def skip_iri_grammar() -> bool:
    """Before nbformat is imported: jsonschema will load without the IRI grammar.

    True if it will; False if jsonschema (or the grammar) is already imported, when
    nothing is changed.
    """
    if "jsonschema" in sys.modules or GRAMMAR in sys.modules:
        return False
    sys.modules[GRAMMAR] = None  # type: ignore[assignment]  (an import of it fails at once)
    return True
