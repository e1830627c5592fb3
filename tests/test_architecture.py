"""Architecture rules that are cheap to check statically."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.unit


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
    return out


def service_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "services" else None


def test_no_service_imports_another_service():
    offenders = []
    for path in (ROOT / "services").rglob("*.py"):
        owner = path.relative_to(ROOT / "services").parts[0]
        for module in imported_modules(path):
            other = service_of(module)
            if other and other != owner:
                offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert offenders == []


def test_shared_never_imports_a_service():
    offenders = [f"{p.relative_to(ROOT)} imports {m}" for p in (ROOT / "shared").rglob("*.py")
                 for m in imported_modules(p) if m.startswith("services")]
    assert offenders == []


def test_money_is_never_float_in_contracts():
    offenders = []
    for path in (ROOT / "shared" / "contracts").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.AnnAssign) and "float" in ast.unparse(node.annotation):
                offenders.append(f"{path.name}: {ast.unparse(node)}")
    assert offenders == []
