"""The series' look, in one place: colours, where the units sit, the node radius, the sliders' ranges.

Every figure and slider of bpcore takes them from here, so that a colour means the same thing in every
notebook: red is a positive number and the exercise's published derivation, blue a negative number and
lr = 1, the exercise's step.  A curve is coloured by an explicit key, a method or a learning rate, never
by the wording of its label.
"""

from __future__ import annotations

from numbers import Real

# --- signs: the network's edges, notebook 08's classes ---

POSITIVE, NEGATIVE, ZERO = "#c0392b", "#2c6fbb", "#999999"  # red for > 0, blue for < 0, grey for 0
CLASS_COLOURS = (NEGATIVE, POSITIVE)  # class 0 blue, class 1 red, as the signs


def sign_colour(v: float) -> str:
    """Red for v > 0, blue for v < 0, grey for 0."""
    return POSITIVE if v > 0 else NEGATIVE if v < 0 else ZERO


# --- the network's diagram ---

# Where each unit sits (the wiring, which weight joins which units, is bpcore.network.WIRING).
POSITIONS = {"x1": (0, 1), "x2": (0, 0), "h1": (1, 1), "h2": (1, 0), "o1": (2, 1), "o2": (2, 0)}
# Along each edge, how far from its start the label sits: crossing edges get different
# fractions so that their labels never overlap at the crossing.
LABEL_AT = {"w1": 0.5, "w2": 0.25, "w3": 0.25, "w4": 0.5, "w5": 0.5, "w6": 0.75, "w7": 0.75, "w8": 0.5}
NODE_RADIUS = 0.13  # a unit's circle, in the diagram's coordinates (the units are 1 apart)
NODE_FILL = "#f5f0e1"
EDGE_COLOUR = "#555555"  # an edge that carries a weight, not a gradient
OUTPUT_COLOURS = ("tab:green", "tab:purple")  # out_o1 and out_o2, and their targets y1 and y2

# --- the backward pass: notebook 03's stepper, notebook 05's graph of autograd ---

HIGHLIGHT = "#d35400"  # the values a step just computed, the arrows they came along, the path of a gradient
HIGHLIGHT_FILL = "#fdebd0"  # a box on that path
WRONG = "#8e1b10"  # a wrong step of the exercise's published derivation, and what says so
REACHED, AHEAD = "#444444", "#c8c8c8"  # what the backward pass has reached so far, and the rest
LEAF, LEAF_FILL = "#2c6fbb", "#eaf2f8"  # a leaf of autograd's graph, w1...w8: the frame and the fill

RANGE_COLOUR = "grey"  # the band of outputs an output unit can reach: a sigmoid's (0, 1), tanh's (-1, 1)

# --- curves: one colour per learning rate, one per way of computing the gradient ---

# lr = 1, the exercise's step, is always blue; red is kept for the published derivation, so no rate is red.
REFERENCE_COLOUR = "tab:blue"
LR_COLOURS = {0.01: "tab:gray", 0.1: "tab:cyan", 1.0: REFERENCE_COLOUR, 10.0: "tab:olive",
              100.0: "tab:orange", 300.0: "tab:purple", 1000.0: "tab:brown", 10000.0: "tab:pink"}
OTHER_LR_COLOUR = "black"  # a rate not in LR_COLOURS (a slider position)

PUBLISHED_COLOUR = POSITIVE  # the exercise's published derivation: always red
METHOD_COLOURS = {"manual": REFERENCE_COLOUR, "correct": REFERENCE_COLOUR, "autograd": "#0b3d6b",
                  "finite differences": "tab:green", "published": PUBLISHED_COLOUR}
OTHER_COLOURS = ("tab:purple", "tab:brown", "tab:pink", "tab:gray")  # curves of no method and no rate

# The key of each curve label the notebooks pass without one: written down here, label by label, so that a
# label's colour never depends on its wording.  A label that is a key itself ("autograd") needs no entry.
CURVE_KEYS = {
    "lr = 1": 1.0,  # notebook 04
    "correct gradients": "correct",
    "published derivation": "published",  # notebook 06
    "manual vs autograd": "autograd",  # notebook 06: an error is coloured as what it is held against
    "manual vs finite differences": "finite differences",
    # The zh twins' labels for the same curves (notebooks/zh/06): the same colours in both editions.
    "手算": "manual",
    "自动微分": "autograd",
    "有限差分": "finite differences",
    "原练习的公式": "published",
    "原练习的推导": "published",
    "手算 对 自动微分": "autograd",
    "手算 对 有限差分": "finite differences",
}

SIGMOID_POINT_COLOURS = ("tab:blue", "tab:orange", "tab:green", "tab:purple", "tab:red", "tab:brown")

# Notebook 09: a curve per output unit and per cost; the exercise's sigmoid and squared error are blue,
# as lr = 1 is.
UNIT_COLOURS = {"sigmoid": REFERENCE_COLOUR, "tanh": "tab:orange", "identity": "tab:brown"}
COST_COLOURS = {"squared": REFERENCE_COLOUR, "cross_entropy": "tab:orange"}


def lr_colour(lr) -> str:
    """The fixed colour of learning rate `lr` (LR_COLOURS), black for a rate not listed there."""
    return LR_COLOURS.get(float(lr), OTHER_LR_COLOUR)


def series_colour(key, k: int = 0) -> str:
    """The fixed colour of the curve with `key`: a learning rate (a number) takes lr_colour, a method of
    METHOD_COLOURS its colour; a label listed in CURVE_KEYS stands for its key.  Any other key takes
    OTHER_COLOURS[k], k counting the curves of the figure."""
    key = CURVE_KEYS.get(key, key)
    if isinstance(key, Real) and not isinstance(key, bool):
        return lr_colour(key)
    if key in METHOD_COLOURS:
        return METHOD_COLOURS[key]
    return OTHER_COLOURS[k % len(OTHER_COLOURS)]


# --- the sliders' ranges, the same in every notebook ---

LR_RANGE = (0.01, 100.0)  # every learning-rate slider's ends, on a log scale: 10^-2 ... 10^2
Y_RANGE = (-0.5, 1.5)  # every target slider's ends: beyond a sigmoid's (0, 1) on purpose
EPOCHS_RANGE = (1, 300)  # the playground's epochs slider
LONG_EPOCHS_RANGE = (10, 2000)  # notebook 04's epochs slider, in steps of 10
HIDDEN_RANGE = (1, 16)  # notebook 08's hidden-width slider

# --- the playground's picture: as wide as a notebook shows it, or Voilà's page on a projector ---

NOTEBOOK_DPI = 80  # 940 px wide
PROJECTOR_DPI = 105  # 1233 px wide: Voilà's page at 1280 px is 1246 px wide
