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


CODE = [p for top in ("services", "shared") for p in (ROOT / top).rglob("*.py") if "__pycache__" not in p.parts]
ROLES = ("handlers", "domain", "process", "db", "schemas", "views")


def test_no_module_over_the_size_budget():
    """CONVENTIONS aims at 200 lines a file; past 250 a module wants a new seam."""
    too_long = {str(p.relative_to(ROOT)): n for p in CODE if (n := len(p.read_text().splitlines())) > 250}
    assert too_long == {}


def test_a_files_role_is_its_folder_not_a_name_prefix():
    """`db/stock.py`, never `db_stock.py`: a reader knows the role from the folder."""
    prefixed = [str(p.relative_to(ROOT)) for p in CODE if p.stem.startswith(tuple(f"{r}_" for r in ROLES))]
    assert prefixed == []


def test_workers_consume_through_the_annotation_helper():
    """No service parses an envelope itself: the subscription helper hands in the model."""
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "services").rglob("*.py")
                 if "parse_payload(" in p.read_text()]
    assert offenders == []
