"""backend.alerts has no import circle: its modules' imports (top-level and deferred) form a DAG."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[3] / "backend" / "alerts"


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent.parent).with_suffix("").parts
    return ".".join(p for p in parts if p != "__init__")


def _graph() -> dict[str, set[str]]:
    modules = {_module(p): p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text())):  # deferred imports count too
            if isinstance(node, ast.ImportFrom) and node.module:
                # ``from package import submodule`` imports the submodule (and the package's
                # __init__, which only counts when a name is not a submodule)
                subs = [f"{node.module}.{a.name}" for a in node.names]
                targets = [t for t in subs if t in modules]
                if len(targets) < len(subs):
                    targets.append(node.module)
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            found |= {t for t in targets if t in modules and t != name}
        graph[name] = found
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_alerts_modules_import_each_other_without_a_circle():
    graph = _graph()
    assert "backend.alerts.services" in graph["backend.alerts.tasks"]
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_dispatch_is_a_leaf_the_services_can_call():
    assert _graph()["backend.alerts.dispatch"] <= {"backend.alerts.conf"}
