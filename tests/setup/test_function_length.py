"""Short functions (issue 28): no function in app/ over 40 lines, unless its signature carries a
`# long: <reason>` comment saying why it reads better whole."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent.parent / "app"
MOST_LINES = 40


def long_functions(source: str) -> list[tuple[str, int]]:
    """(name, lines) of each function, nested ones too, over MOST_LINES lines from its `def` to its
    last line, whose signature has no `# long: <reason>` comment."""
    lines = source.split("\n")
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        length = (node.end_lineno or node.lineno) - node.lineno + 1
        signature = lines[node.lineno - 1 : node.body[0].lineno - 1]
        if length > MOST_LINES and not any("# long: " in line and line.split("# long: ", 1)[1].strip() for line in signature):
            found.append((node.name, length))
    return found


def test_no_function_in_app_is_over_40_lines_without_a_reason():
    too_long = {
        f"{path.relative_to(APP)}: {name} ({length} lines)"
        for path in APP.rglob("*.py")
        for name, length in long_functions(path.read_text(encoding="utf-8"))
    }
    assert too_long == set()


def test_the_check_counts_the_lines_and_reads_the_reason():
    body = "".join(f"    x{number} = {number}\n" for number in range(40))
    assert long_functions(f"def short():\n{body[: body.rindex('    x39')]}") == []
    assert long_functions(f"def f():\n{body}") == [("f", 41)]
    assert long_functions(f"def f():  # long: one table, row by row\n{body}") == []
    assert long_functions(f"def f():  # long:\n{body}") == [("f", 41)]
    inner = "".join(f"        y{number} = {number}\n" for number in range(40))
    assert ("inner", 41) in long_functions(f"def outer():\n    def inner():\n{inner}    return inner\n")
