"""Every public function of the apps' modules is fully typed (parameters and return), so mypy
checks its body and every call to it; people (`user`, `editor`, ...) are typed too.

mypy alone cannot ask for this: `disallow_untyped_defs` would also demand types on every
private helper and Django hook. Methods are left to mypy's defaults.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("claims", "sources", "partners", "factcheck")


def public_functions():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(), filename=str(path))
            for node in tree.body:
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith("_"):
                    yield path.relative_to(ROOT), node


def test_public_functions_have_every_parameter_and_the_return_typed():
    untyped = []
    for path, node in public_functions():
        arguments = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
        arguments += [a for a in (node.args.vararg, node.args.kwarg) if a is not None]
        missing = [a.arg for a in arguments if a.annotation is None]
        if node.returns is None:
            missing.append("return")
        if missing:
            untyped.append(f"{path}:{node.lineno} {node.name}: {', '.join(missing)}")
    assert not untyped, "Untyped public functions:\n" + "\n".join(untyped)
