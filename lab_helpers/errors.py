"""Plain-language help above a failed cell's traceback, in the learner's language.

``enable_error_help()`` (called by ``setup``) asks IPython to show first what this kind of
error usually means and what to try next, then the traceback, cut to the lines of the
notebook (``short_traceback``): the steps inside libraries are left out and counted, and
``%tb`` shows them all. Each case is a small function: it recognises an error and returns
its explanation, naming the learner's own table where the error names a column.
"""

from __future__ import annotations

import ast
import difflib
import linecache
import re
import sys
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import Any

from .i18n import N_, _, ngettext
from .short_traceback import cell_files, remember, short_traceback

Explanation = tuple[str, str]  # (title, text), both translated
Rule = Callable[[BaseException, list[str], dict[str, Any]], Explanation | None]

RUN_ABOVE = N_("Run the cells above again, from the top: in the Run menu, choose "
               "\"Run All Above Selected Cell\", then run this cell.")


def _modules_in(tb: TracebackType | None) -> list[str]:
    """The modules whose code the traceback passed through."""
    return [frame.f_code.co_filename for frame, _line in traceback.walk_tb(tb)]


def _closest(word: str, candidates: list[str], n: int = 3) -> list[str]:
    return difflib.get_close_matches(str(word), [str(c) for c in candidates], n=n, cutoff=0.5)


def _frames(namespace: dict[str, Any]) -> list[Any]:
    import pandas as pd

    return [v for k, v in namespace.items() if not k.startswith("_")
            and isinstance(v, pd.DataFrame)]


def _quoted(names: list[str]) -> str:
    return ", ".join(f"'{n}'" for n in names)


def _failing_cell(error: BaseException) -> tuple[ast.AST, int] | None:
    """The notebook cell where ``error`` happened, parsed, and the line that failed."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return None
    cells = cell_files(get_ipython())
    steps = [(f.f_code.co_filename, line) for f, line in traceback.walk_tb(error.__traceback__)
             if f.f_code.co_filename in cells]
    if not steps:
        return None
    filename, line = steps[-1]
    try:
        return ast.parse("".join(linecache.getlines(filename))), line
    except SyntaxError:
        return None


def _table_in_code(error: BaseException, used: Callable[[ast.AST], ast.expr | None]) -> str:
    """The learner's code for the table that ``used`` finds in the failing line, or ""."""
    found = _failing_cell(error)
    if found is None:
        return ""
    tree, line = found
    tables = [(node, table) for node in ast.walk(tree) if (table := used(node)) is not None]
    here = [t for node, t in tables if node.lineno <= line <= (node.end_lineno or node.lineno)]
    for table in here or [t for _node, t in tables]:
        if isinstance(table, ast.Attribute) and table.attr in ("loc", "at"):
            table = table.value  # districts.loc[:, "x"]: the table is districts
        code = ast.unparse(table)
        if len(code) <= 40:
            return code
    return ""


def _holds(node: ast.AST, key: object) -> bool:
    items = node.elts if isinstance(node, ast.Tuple | ast.List) else [node]
    return any(isinstance(i, ast.Constant) and i.value == key
               or isinstance(i, ast.Tuple | ast.List) and _holds(i, key) for i in items)


def _subscripted_with(key: object) -> Callable[[ast.AST], ast.expr | None]:
    return lambda node: node.value if isinstance(node, ast.Subscript) and _holds(
        node.slice, key) else None


def _attribute_named(attr: str) -> Callable[[ast.AST], ast.expr | None]:
    return lambda node: node.value if isinstance(node, ast.Attribute) and node.attr == attr \
        else None


def _columns_of(table: str, ns: dict[str, Any]) -> list[str]:
    """The columns of the learner's table if the namespace holds it, else of every table."""
    import pandas as pd

    value = ns.get(table) if table.isidentifier() else None
    frames = [value] if isinstance(value, pd.DataFrame) else _frames(ns)
    return list(dict.fromkeys(str(c) for frame in frames for c in frame.columns))


def _table_named(table: str, close: list[str], ns: dict[str, Any]) -> str:
    """``table``, or else the namespace's table that has the closest column, or else ""."""
    import pandas as pd

    if table.isidentifier() and table in ns:
        return table if isinstance(ns[table], pd.DataFrame) else ""  # a dict has no columns
    if table:
        return table
    holders = [k for k, v in ns.items() if not k.startswith("_") and isinstance(v, pd.DataFrame)
               and close and close[0] in [str(c) for c in v.columns]]
    return holders[0] if len(holders) == 1 else ""


def _not_implemented(error: BaseException, _files: list[str], _ns: dict) -> Explanation | None:
    if not isinstance(error, NotImplementedError):
        return None
    return (_("Not attempted yet"), _(
        "This cell is waiting for your answer. Replace the line raise NotImplementedError() "
        "with your code, then run the cell again."))


def _blank_answer(error: BaseException, _files: list[str], _ns: dict) -> Explanation | None:
    if "ellipsis" not in str(error).lower() or not isinstance(
            error, TypeError | ValueError | AttributeError | KeyError):
        return None
    return (_("An answer above is still ..."), _(
        "This cell uses the answer of an exercise above that is still ... (three dots). "
        "Answer that exercise, run its cell, then run this cell again."))


def _name_error(error: BaseException, _files: list[str], ns: dict) -> Explanation | None:
    if not isinstance(error, NameError):
        return None
    match = re.search(r"name '(\w+)' is not defined", str(error))
    name = match.group(1) if match else "?"
    text = _("Python does not know the name '{name}'. Perhaps a cell above that creates it "
             "has not been run yet (or the notebook was restarted), or the name is spelled "
             "differently.").format(name=name)
    close = _closest(name, [k for k in ns if not k.startswith("_")])
    if close:
        text += " " + _("Names that exist: {names}.").format(names=_quoted(close))
    return (_("A name Python does not know"), text + " " + _(RUN_ABOVE))


def _key_error(error: BaseException, _files: list[str], ns: dict) -> Explanation | None:
    if not isinstance(error, KeyError):
        return None
    key = error.args[0] if error.args else ""
    listed = re.fullmatch(r"\[(.*)\] not in index", str(key))  # table[["a", "b"]]
    if listed:
        key = listed.group(1).split(", ")[0].strip("'\"")
    code = _table_in_code(error, _subscripted_with(key))
    text = _("There is no column (or key) called '{key}'.").format(key=key)
    close = _closest(str(key), _columns_of(code, ns))
    if close:
        text += " " + _("The closest columns are: {names}.").format(names=_quoted(close))
    text += " " + _("Column names must be written exactly, with the same capitals and "
                    "underscores, between quotes.")
    table = _table_named(code, close, ns)
    if table:
        text += " " + _("To see them all, run: {table}.columns").format(table=table)
    return (_("A column that does not exist"), text)


def _attribute_error(error: BaseException, _files: list[str], ns: dict) -> Explanation | None:
    if not isinstance(error, AttributeError):
        return None
    match = re.search(r"'(\w+)' object has no attribute '(\w+)'", str(error))
    if not match:
        return None
    kind, attr = match.groups()
    if kind in ("DataFrame", "Series"):
        import pandas as pd

        code = _table_in_code(error, _attribute_named(attr))
        columns = _columns_of(code, ns) if kind == "DataFrame" else []
        members = [m for m in dir(getattr(pd, kind)) if not m.startswith("_")]
        text = _("A table has no method or property called '{attr}'.").format(attr=attr)
        close = _closest(attr, columns) or _closest(attr, members)
        if close:
            text += " " + _("Did you mean: {names}?").format(names=_quoted(close))
        table = code or _("table")
        text += " " + _("If '{attr}' is a column, write {table}[\"{attr}\"] instead of "
                        "{table}.{attr}.").format(attr=attr, table=table)
        return (_("Something a table cannot do"), text)
    if kind == "NoneType":
        return (_("An empty value (None)"), _(
            "The value is None: nothing was kept in the variable. A function that only "
            "shows or changes something (like print) gives back None."))
    return (_("Something this value cannot do"), _(
        "A value of type {kind} has no '{attr}'. Check the spelling, and what kind of value "
        "the variable holds: run type(variable).").format(kind=kind, attr=attr))


def _file_not_found(error: BaseException, _files: list[str], _ns: dict) -> Explanation | None:
    if not isinstance(error, FileNotFoundError):
        return None
    return (_("A file that cannot be found"), _(
        "Python looked for the file '{name}' and did not find it. Check the name and the "
        "folder: a path is read from the folder of this notebook. For the course's data, use "
        "load_dataset(\"name\") instead of a file path.").format(
            name=getattr(error, "filename", "") or ""))


def _module_not_found(error: BaseException, _files: list[str], _ns: dict) -> Explanation | None:
    if not isinstance(error, ModuleNotFoundError):
        return None
    name = getattr(error, "name", "") or ""
    return (_("A library that is not installed"), _(
        "The library '{name}' is not installed here (or its name is misspelled). The course "
        "needs only what it installs itself: check the spelling. If it is right, ask your "
        "trainer, or run in a terminal: pip install {name}").format(name=name))


def _zero_division(error: BaseException, _files: list[str], _ns: dict) -> Explanation | None:
    if not isinstance(error, ZeroDivisionError):
        return None
    return (_("A division by zero"), _(
        "The number below the line is 0, and nothing can be divided by 0. Check the value "
        "you divide by: perhaps a count that came out 0 or a variable not yet filled in."))


def _index_error(error: BaseException, _files: list[str], _ns: dict) -> Explanation | None:
    if not isinstance(error, IndexError):
        return None
    return (_("A position that does not exist"), _(
        "You asked for an item at a position the list or table does not have. Positions "
        "start at 0: a list of 5 items has positions 0 to 4. Check its length with len()."))


def _plotting(error: BaseException, files: list[str], _ns: dict) -> Explanation | None:
    if not any("matplotlib" in f or "pandas/plotting" in f for f in files):
        return None
    return (_("A chart that cannot be drawn"), _(
        "The chart could not be drawn. Check that x and y name columns that exist, that the "
        "y column holds numbers, and that kind is one of \"bar\", \"barh\", \"line\", "
        "\"hist\", \"scatter\"."))


def _pandas_value(error: BaseException, files: list[str], _ns: dict) -> Explanation | None:
    if not isinstance(error, ValueError) or not any("pandas" in f for f in files):
        return None
    message, where = str(error), " ".join(files)
    if "merge" in where or "columns overlap" in message or "merge" in message:
        return (_("Two tables that cannot be joined"), _(
            "The tables could not be joined (merged). Check the on= column: it must exist "
            "in both tables and hold the same kind of values (text with text, numbers with "
            "numbers)."))
    if "to_datetime" in where or "datetimes" in where or "time data" in message \
            or "doesn't match format" in message:
        return (_("A date that cannot be read"), _(
            "Some values could not be read as dates. Check the format (for example "
            "format=\"%d/%m/%Y\" for 31/12/2024), or add errors=\"coerce\" to turn the bad "
            "ones into missing values you can then count."))
    if "astype" in where or "invalid literal" in message or "could not convert" in message \
            or "Cannot convert" in message:
        return (_("Values that cannot change type"), _(
            "Some values could not be converted, for example text that is not a number, or "
            "missing values in a column of whole numbers. Look at the values first, e.g. "
            "table[\"column\"].unique()."))
    return None


def _type_error(error: BaseException, _files: list[str], _ns: dict) -> Explanation | None:
    if not isinstance(error, TypeError):
        return None
    message = str(error)
    if "unsupported operand" in message or "can only concatenate" in message \
            or "must be str" in message:
        return (_("Values of different kinds"), _(
            "Python cannot combine these values, for example text with a number. A number "
            "between quotes, like \"5\", is text: remove the quotes. To see what kind a "
            "value is, run type(value)."))
    if "not callable" in message:
        return (_("Something used as a function"), _(
            "Round brackets after a name call it as a function, but this name holds a value. "
            "Perhaps a variable has the same name as a function (like sum or len), or you "
            "wrote ( ) where [ ] was meant."))
    return (_("A value of the wrong kind"), _(
        "A function received a value of a kind it cannot use, or the wrong number of values. "
        "Check what goes inside the brackets, and the kind of each value with type(value)."))


def _value_error(error: BaseException, _files: list[str], _ns: dict) -> Explanation | None:
    if not isinstance(error, ValueError):
        return None
    return (_("A value that does not fit"), _(
        "The value has the right kind but cannot be used here, for example text that is not "
        "a number given to int(). Check the value the message names."))


def _syntax(error: BaseException, _files: list[str], _ns: dict) -> Explanation | None:
    if isinstance(error, IndentationError):
        return (_("Spaces at the start of a line"), _(
            "Python reads the spaces at the start of a line. Lines of the same block must "
            "start at the same place; a line after one ending with : must be moved right "
            "(4 spaces). Remove or add spaces on the line the arrow points to."))
    if isinstance(error, SyntaxError):
        return (_("Python cannot read this line"), _(
            "Something is written in a way Python cannot read, near the arrow ^. Common "
            "causes: a bracket or a quote opened and not closed, a comma missing between "
            "items, = where == was meant, or a number written with a dot or comma for "
            "thousands (write 1180, not 1.180)."))
    return None


# The order matters: the first rule that recognises an error explains it.
RULES: list[Rule] = [_not_implemented, _blank_answer, _syntax, _name_error, _module_not_found,
                     _key_error, _attribute_error, _file_not_found, _zero_division, _index_error,
                     _plotting, _pandas_value, _type_error, _value_error]


def explain(error: BaseException, tb: TracebackType | None = None,
            namespace: dict[str, Any] | None = None) -> Explanation | None:
    """The plain-language explanation of an error, or None for errors we do not cover."""
    from .checks.outcome import CheckFailed

    if isinstance(error, CheckFailed):
        return None  # a check's own message already says what to do
    files = _modules_in(tb if tb is not None else error.__traceback__)
    for rule in RULES:
        try:
            found = rule(error, files, namespace or {})
        except Exception:  # noqa: BLE001 - help must never add an error of its own
            found = None
        if found:
            return found
    return None


def _show_help(error: BaseException, tb: TracebackType | None, namespace: dict) -> None:
    from .checks.display import box, show

    if getattr(error, "_social_lab_explained", False):
        return  # IPython may report one syntax error twice: explain it once
    try:
        error._social_lab_explained = True  # type: ignore[attr-defined]
        found = explain(error, tb, namespace)
    except Exception:  # noqa: BLE001 - help must never add an error of its own
        return
    if found:
        title, text = found
        show(box("#CC79A7", "?", _("What this error means: {title}").format(title=title), text))


def _left_out(hidden: int, libraries: tuple[str, ...]) -> str:
    return ngettext(
        "({count} step inside {libraries} is not shown. To see every step, run %tb in a new "
        "cell.)",
        "({count} steps inside {libraries} are not shown. To see every step, run %tb in a new "
        "cell.)", hidden).format(count=hidden, libraries=", ".join(libraries))


def _show_traceback(shell: Any, etype: type, value: BaseException, tb: TracebackType,
                    tb_offset: int | None) -> None:
    """The traceback of the learner's own lines; the whole one if it cannot be cut."""
    short = None
    if not issubclass(etype, SyntaxError) and not hasattr(value, "_render_traceback_"):
        try:
            short = short_traceback(shell, etype, value, tb)
        except Exception:  # noqa: BLE001 - at worst, the whole traceback
            short = None
    if short is None:
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
        return
    remember(etype, value, tb)
    shell._showtraceback(etype, value, [*short.lines, _left_out(short.hidden, short.libraries)])


def enable_error_help(shell: Any | None = None) -> bool:
    """Show plain-language help above short tracebacks in this IPython kernel; True if enabled."""
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        shell = get_ipython()
    if shell is None:
        return False
    if getattr(shell, "_social_lab_error_help", False):
        return True  # once per kernel: the grading guard keeps these hooks as they are now

    def handler(shell: Any, etype: type, value: BaseException, tb: TracebackType,
                tb_offset: int | None = None) -> list[str]:
        _show_help(value, tb, shell.user_ns)  # what it means first, then where it happened
        _show_traceback(shell, etype, value, tb, tb_offset)
        return []

    shell.set_custom_exc((Exception,), handler)
    if not getattr(shell, "_social_lab_syntax_help", False):
        original = shell.showsyntaxerror

        def showsyntaxerror(*args: Any, **kwargs: Any) -> None:
            error = sys.exc_info()[1] or getattr(sys, "last_value", None)
            if isinstance(error, SyntaxError):
                _show_help(error, None, shell.user_ns)
            original(*args, **kwargs)

        shell.showsyntaxerror = showsyntaxerror
        shell._social_lab_syntax_help = True
    shell._social_lab_error_help = True
    return True
