"""bpcore: the tested mathematics behind the backpropagation notebooks.

`import bpcore` loads only the scalar network and its gradients (plain Python floats, bpcore.network and
bpcore.gradients) and the checks at their door.
The other parts load on first use, so the numpy-only notebooks never pay for torch:

- bpcore.autograd: the same network through PyTorch's loss.backward() (notebook 05)
- bpcore.checks: self-checks for the "Try it" exercises
- bpcore.grading: the autograder of the nbgrader assignments in classroom/ (a package: verdict, reports,
  mistakes, the checks of each assignment, grading.backprop, .hand and .autograd, the hidden cases drawn
  from the course secret, grading.hidden, and the id a submission is graded at, grading.submission)
- bpcore.mlp: vectorised backprop for any layer sizes (notebook 08)
- bpcore.stepper: the backward pass as the steps a teacher writes at the board (notebook 03)
- bpcore.scenario: the playground's mathematics (notebook 07); bpcore.formatting: how every number is written
- bpcore.plots: the figures (matplotlib), bpcore.widgets: the interactive views (ipywidgets), each a
  package whose modules load on first use too
- bpcore.validate: the argument checks every public function makes once, at its door
- bpcore.language: the language bpcore speaks, English by default; `bpcore.use_language("zh")` at the top of
  a notebook makes everything bpcore says Chinese (its catalogue: bpcore/locale/zh/LC_MESSAGES/bpcore.po)
"""

import importlib.util

from .gradients import (
    Backward,
    History,
    backprop,
    backprop_original,
    backward,
    numeric_grad,
    rel_error,
    train,
)
from .language import use_language
from .network import (
    COSTS,
    OUTPUT_RANGES,
    OUTPUTS,
    SEED_WEIGHTS,
    SEED_X,
    SEED_Y,
    WEIGHT_NAMES,
    Forward,
    Weights,
    closest_reachable,
    forward,
    loss,
    lowest_loss_within_reach,
    sigmoid,
    squared_error,
)


def lazy_submodules(package: str):
    """A package's module __getattr__: <package>.<name>, a submodule or sub-package of it, imported on first
    use, so that `import bpcore` loads neither numpy nor torch (nor matplotlib).  Any module in the
    package's folder is found: none is listed."""
    def submodule(name):
        if name.isidentifier() and not name.startswith("_") and importlib.util.find_spec(f"{package}.{name}"):
            return importlib.import_module(f"{package}.{name}")
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return submodule


__getattr__ = lazy_submodules(__name__)


__all__ = [
    "COSTS", "OUTPUTS", "OUTPUT_RANGES", "SEED_WEIGHTS", "SEED_X", "SEED_Y", "WEIGHT_NAMES", "Backward",
    "Forward", "History", "Weights", "backprop", "backward", "backprop_original", "closest_reachable",
    "forward", "loss", "lowest_loss_within_reach", "numeric_grad", "rel_error", "sigmoid", "squared_error",
    "train", "use_language",
]
