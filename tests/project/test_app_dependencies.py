"""The apps depend on each other one way only: `annotations` may import `sources`, `sources` never
imports `annotations` (docs/architecture.md says why). Read from the source files with `ast`, so
an import inside a function or under `TYPE_CHECKING` counts too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(code: str, *, package: str) -> set[str]:
    """Every module `code` (a module of `package`) imports, by absolute name."""
    modules: set[str] = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                modules.add(f"{base}.{node.module}" if node.module else base)
            else:
                modules.add(node.module or "")
    return modules


def imports_of_app(app: str) -> dict[str, set[str]]:
    imports = {}
    for path in sorted((ROOT / app).rglob("*.py")):
        relative = path.relative_to(ROOT)
        package = ".".join(relative.parts[:-1])
        imports[str(relative)] = imported_modules(path.read_text(encoding="utf-8"), package=package)
    return imports


def test_sources_never_imports_annotations():
    offenders = {
        path: sorted(name for name in names if name.split(".")[0] == "annotations")
        for path, names in imports_of_app("sources").items()
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_annotations_does_import_sources_so_the_check_above_is_about_a_real_edge():
    importing = [
        path
        for path, names in imports_of_app("annotations").items()
        if any(name.split(".")[0] == "sources" for name in names)
    ]
    assert importing


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import annotations.models", {"annotations.models"}),
        ("from annotations import policies", {"annotations"}),
        ("from ..models import Citation", {"sources.models"}),
        ("from . import vocabulary", {"sources.selectors"}),
        ("def f():\n    from annotations.models import Claim", {"annotations.models"}),
    ],
)
def test_the_walk_finds_every_kind_of_import(source, expected):
    assert imported_modules(source, package="sources.selectors") == expected
