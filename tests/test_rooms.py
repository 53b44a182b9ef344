"""The house's plan, read from the source with ast: bpcore's rooms import downwards only (widgets → plots →
the mathematics), and no module reaches for another module's private name (tests and benchmarks too)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BPCORE = ROOT / "bpcore"
PICTURES = {"matplotlib", "PIL"}  # what draws
WIDGETS = {"ipywidgets", "IPython"}  # what interacts


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module `path` imports, absolute (bpcore.plots.style, matplotlib.pyplot), at any depth."""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)  # `from . import validate`
    return found


def room(module: str) -> str:
    """widgets, plots or maths (everything else in bpcore: network, stepper, grading, ...)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ("plots", "widgets") else "maths"


MODULES = sorted(BPCORE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_arrows_point_down_only(path):
    """widgets may import plots and the maths; plots the maths; the maths neither, nor matplotlib or
    ipywidgets."""
    here = room(module_name(path))
    tops = {name.split(".")[0] for name in imports(path)}
    rooms = {room(name) for name in imports(path) if name.startswith("bpcore.")}
    if here == "maths":
        assert not rooms & {"plots", "widgets"}, f"{path.name} imports {rooms}"
        assert not tops & (PICTURES | WIDGETS), f"{path.name} imports {tops & (PICTURES | WIDGETS)}"
    elif here == "plots":
        assert "widgets" not in rooms and not tops & WIDGETS, path.name


def test_the_rooms_are_sorted_as_planned():
    """The check above is not vacuous: the rooms hold what the plan says."""
    rooms = {module_name(p): room(module_name(p)) for p in MODULES}
    assert rooms["bpcore.network"] == rooms["bpcore.stepper"] == rooms["bpcore.grading.reports"] == "maths"
    assert rooms["bpcore.plots.stepper"] == "plots" and rooms["bpcore.widgets.stepper"] == "widgets"
    assert "matplotlib.pyplot" in imports(BPCORE / "plots" / "network.py")
    assert "bpcore.plots.stepper.StepperFigure" in imports(BPCORE / "widgets" / "stepper.py")


SOURCES = sorted([*MODULES, *(ROOT / "tests").glob("*.py"), *(ROOT / "benchmarks").glob("*.py"),
                  *(ROOT / "scripts").glob("*.py")])


def private_reaches(path: Path) -> list[str]:
    """`from x import _name`, and `module._name` where `module` is a module this file imported by name."""
    tree = ast.parse(path.read_text())
    reaches, modules = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module != "__future__":
            reaches += [f"from {node.module} import {a.name}" for a in node.names
                        if a.name.startswith("_") and not a.name.startswith("__")]
            modules.update(a.asname or a.name for a in node.names)
        elif isinstance(node, ast.Import):
            modules.update((a.asname or a.name).split(".")[0] for a in node.names)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                and isinstance(node.value, ast.Name) and node.value.id in modules):
            reaches.append(f"{node.value.id}.{node.attr}")
    return reaches


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_private_name_crosses_a_module(path):
    assert private_reaches(path) == []


def test_the_private_check_sees_a_reach(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from bpcore.mlp import _array\nimport bpcore\nfrom bpcore import mlp\nmlp._loss(1)\n")
    assert private_reaches(sample) == ["from bpcore.mlp import _array", "mlp._loss"]


def test_each_sub_package_says_what_lives_there():
    for package in ("plots", "widgets", "grading"):
        doc = ast.get_docstring(ast.parse((BPCORE / package / "__init__.py").read_text()))
        assert doc and len(doc.splitlines()) <= 2, package
