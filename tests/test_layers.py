"""The layers of the code (README, « Architecture »): a module imports only from its own layer or
from the layers below it, never from above. Read from the source, every import included (those
inside functions too), so that a new upward import fails here before it tangles the tree."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "simulator"

# Lowest first. Packages of one layer may use each other, except those that must stay apart.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("__init__", "errors", "files", "paths", "native", "filecache", "yamlfile", "events", "records", "schemas"),
    ("text", "audio"),
    ("stt", "tts", "transcript"),
    ("scenario", "engine", "scoring"),
    ("store",),
    ("session",),
    ("trainer",),
    ("xapi",),
    ("ui", "web"),
    ("cli", "__main__"),
)
APART = {frozenset({"ui", "web"})}  # the terminal and the dashboard meet only through the layers below
LAYER = {part: depth for depth, parts in enumerate(LAYERS) for part in parts}


def part_of(module: str) -> str:
    """« simulator.session.call » -> « session »; « simulator » -> « __init__ »."""
    names = module.split(".")
    return names[1] if len(names) > 1 else "__init__"


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported module) for every import of a simulator module in the file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "simulator":  # « from simulator import __version__ » or a package
                found += [(node.lineno, f"simulator.{a.name}") for a in node.names]
            elif node.module.startswith("simulator."):
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("simulator.")]
    return found


def upward_imports(root: Path = PACKAGE) -> list[str]:
    wrong = []
    for path in sorted(root.rglob("*.py")):
        module = ".".join(("simulator", *path.relative_to(root).with_suffix("").parts))
        here = part_of(module)
        for line, imported in imports(path):
            there = part_of(imported)
            if there == "__version__":
                there = "__init__"
            if there == here:
                continue
            if there not in LAYER or here not in LAYER:
                wrong.append(f"{path.relative_to(root.parent)}:{line}: {imported} (hors des couches)")
            elif LAYER[there] > LAYER[here] or frozenset({here, there}) in APART:
                wrong.append(f"{path.relative_to(root.parent)}:{line}: {here} importe {imported}")
    return wrong


def test_every_package_has_a_layer():
    parts = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir()
             if (p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists()))}
    assert parts <= set(LAYER), sorted(parts - set(LAYER))


def test_no_import_points_up():
    assert upward_imports() == []


@pytest.mark.parametrize(("source", "expected"), [
    ("from simulator.ui.render import event_text\n", ["simulator/session/bad.py:1: session importe simulator.ui.render"]),
    ("def f():\n    import simulator.web.app\n", ["simulator/session/bad.py:2: session importe simulator.web.app"]),
    ("from simulator.store import SessionStore\nfrom simulator import errors\n", []),
])
def test_the_check_sees_an_import_that_points_up(tmp_path, source, expected):
    (tmp_path / "simulator" / "session").mkdir(parents=True)
    (tmp_path / "simulator" / "session" / "bad.py").write_text(source, encoding="utf-8")
    assert upward_imports(tmp_path / "simulator") == expected


def test_the_terminal_and_the_dashboard_stay_apart(tmp_path):
    (tmp_path / "simulator" / "web").mkdir(parents=True)
    (tmp_path / "simulator" / "web" / "page.py").write_text("from simulator.ui.progress import open_progress\n")
    assert upward_imports(tmp_path / "simulator") == ["simulator/web/page.py:1: web importe simulator.ui.progress"]


def test_only_the_command_line_knows_click():
    """The library's errors are its own (simulator.errors); click turns them into exit codes at the
    command line only, so that the store, the audio and the dashboard never depend on it."""
    users = sorted(str(path.relative_to(PACKAGE.parent)) for path in PACKAGE.rglob("*.py")
                   for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                   if (isinstance(node, ast.Import) and any(a.name.split(".")[0] == "click" for a in node.names))
                   or (isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "click"))
    assert users and all(u.startswith("simulator/cli/") for u in users), users
