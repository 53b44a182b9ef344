"""bpcore: the tested mathematics behind the backpropagation notebooks.

`import bpcore` loads only the scalar network (plain Python floats) and the checks at its door.
The other parts load on first use, so the numpy-only notebooks never pay for torch:

- bpcore.autograd: the same network through PyTorch's loss.backward() (notebook 05)
- bpcore.checks: self-checks for the "Try it" exercises
- bpcore.grading: the autograder of the nbgrader assignments in classroom/ (a package: reports, mistakes,
  and the checks of each assignment, grading.backprop and grading.autograd)
- bpcore.mlp: vectorised backprop for any layer sizes (notebook 08)
- bpcore.stepper: the backward pass as the steps a teacher writes at the board (notebook 03)
- bpcore.draw, bpcore.sliders, bpcore.playground, bpcore.mlp_plots: figures, sliders and the
  playground dashboard, the plumbing the notebooks call; bpcore.style: their colours and places
- bpcore.stepper_plots, bpcore.graph_plots: the stepper's figures and widget (notebook 03), autograd's
  computational graph drawn (notebook 05)
- bpcore.validate: the argument checks every public function makes once, at its door
- bpcore.language: the language bpcore speaks, English by default; `bpcore.use_language("zh")` at the top of
  a notebook makes everything bpcore says Chinese (its catalogue: bpcore/locale/zh/LC_MESSAGES/bpcore.po)
"""

import importlib.util

from .language import use_language
from .network import (
    COSTS,
    OUTPUT_RANGES,
    OUTPUTS,
    SEED_WEIGHTS,
    SEED_X,
    SEED_Y,
    WEIGHT_NAMES,
    Backward,
    Forward,
    History,
    Weights,
    backprop,
    backprop_original,
    backward,
    closest_reachable,
    forward,
    loss,
    lowest_loss_within_reach,
    numeric_grad,
    rel_error,
    sigmoid,
    squared_error,
    train,
)


def __getattr__(name):
    """bpcore.<name>, a submodule or sub-package of bpcore, imported on first use, so that `import bpcore`
    loads neither numpy nor torch (nor matplotlib).  Any module in this folder is found: none is listed."""
    if name.isidentifier() and not name.startswith("_") and importlib.util.find_spec(f"{__name__}.{name}"):
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'bpcore' has no attribute {name!r}")


__all__ = [
    "COSTS", "OUTPUTS", "OUTPUT_RANGES", "SEED_WEIGHTS", "SEED_X", "SEED_Y", "WEIGHT_NAMES", "Backward",
    "Forward", "History", "Weights", "backprop", "backward", "backprop_original", "closest_reachable",
    "forward", "loss", "lowest_loss_within_reach", "numeric_grad", "rel_error", "sigmoid", "squared_error",
    "train", "use_language",
]
