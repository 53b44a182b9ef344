"""How big bpcore's parts are: each module's lines, and the longest functions (the house rule: a module
under about 300 lines, a function under about 40, except where a formula is longer).

    python scripts/sizes.py [--top N]
"""

import argparse
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def functions(path: Path):
    """(lines, qualified name) of every function and method in `path`, docstrings included."""
    tree = ast.parse(path.read_text())
    found = []

    def walk(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found.append((child.end_lineno - child.lineno + 1, f"{prefix}{child.name}"))
                walk(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.ClassDef):
                walk(child, f"{prefix}{child.name}.")

    walk(tree, "")
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--top", type=int, default=15, help="how many of the longest functions to list")
    top = parser.parse_args().top
    modules = sorted((ROOT / "bpcore").rglob("*.py"))
    print("modules, longest first:")
    for lines, path in sorted(((len(p.read_text().splitlines()), p) for p in modules), reverse=True):
        print(f"  {lines:5}  {path.relative_to(ROOT)}{'   (over 300)' if lines > 300 else ''}")
    every = [(n, f"{p.relative_to(ROOT)}: {name}") for p in modules for n, name in functions(p)]
    print(f"the {top} longest functions:")
    for n, name in sorted(every, reverse=True)[:top]:
        print(f"  {n:5}  {name}{'   (over 40)' if n > 40 else ''}")


if __name__ == "__main__":
    main()
