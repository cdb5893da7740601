"""The import rules of STYLE.md: the core imports no chat SDK or scheduler; adapters never
import each other."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FORBIDDEN_IN_CORE = {"discord", "slack_bolt", "slack_sdk", "apscheduler", "bot"}
ADAPTERS = {"slack", "discord", "console", "webhook"}


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
    return out


def test_core_imports_no_chat_sdk_or_scheduler() -> None:
    files = list((REPO / "briefings").rglob("*.py"))
    assert files
    bad = [(f.relative_to(REPO), m) for f in files for m in imports(f)
           if m.split(".")[0] in FORBIDDEN_IN_CORE]
    assert bad == []


def test_adapters_never_import_each_other() -> None:
    bad = []
    for adapter in ADAPTERS:
        folder = REPO / "bot" / adapter
        for f in folder.rglob("*.py") if folder.exists() else []:
            for m in imports(f):
                parts = m.split(".")
                if parts[0] == "bot" and len(parts) > 1 and parts[1] in ADAPTERS - {adapter}:
                    bad.append((f.relative_to(REPO), m))
    assert bad == []
