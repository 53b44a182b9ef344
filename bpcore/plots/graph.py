"""Autograd's computational graph (计算图) of the exercise's loss, drawn with matplotlib, notebook 05.

    nodes = graph(L, weights)                     # every node bpcore.autograd.graph_nodes counts, named
    draw_graph(L, weights)                        # laid out from the leaves w1...w8 (and x, y) to L

Each node is labelled with its operation, the grad_fn's name (MulBackward0, SigmoidBackward0, ...), and
with the quantity it computes in notebook 03's names (w1·x1, in_h1, out_h1, ...); after L.backward() each
leaf also shows its .grad.  The path along which ∂L/∂w1 is gathered is highlighted.

The names are given where the forward pass builds each tensor, by bpcore.autograd.named_loss: `graph`
builds that named loss again from copies of the weights and reads its names node for node onto L's graph,
which must be the same graph (the exercise's loss, as notebook 05 and autograd.forward_loss build it).
Plumbing, not lesson.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import matplotlib.pyplot as plt
import torch

from ..autograd import graph_functions, named_loss
from ..formatting import signed
from ..language import tr
from .fonts import in_language
from .style import HIGHLIGHT, HIGHLIGHT_FILL, LEAF, LEAF_FILL


@dataclass
class Node:
    """One node of the graph: its operation (grad_fn name), the quantity it computes, its inputs (indices
    into the node list), the weight it holds (w1...w8, for a leaf), the inputs that are no node (x1, y1),
    and the leaf's .grad (None before L.backward())."""

    kind: str
    label: str = ""
    inputs: list[int] = field(default_factory=list)
    leaf: str | None = None
    constants: list[str] = field(default_factory=list)
    grad: float | None = None


def graph(L, weights) -> list[Node]:
    """The nodes autograd recorded for L, breadth first from L.grad_fn as bpcore.autograd.graph_nodes walks
    them, each named as bpcore.autograd.named_loss names it; `weights` are the eight leaf tensors w1...w8
    (the AccumulateGrad nodes are theirs, and show their .grad)."""
    order = graph_functions(L)  # checks L
    if len(weights) != 8:
        raise ValueError(tr("weights must be the 8 leaf tensors w1...w8, got {count}", count=len(weights)))
    nodes = [Node(kind, inputs=inputs) for kind, inputs in shape(order)]
    for node, fn, name in zip(nodes, order, names(order, weights)):
        if node.kind == "AccumulateGrad":
            found = [k for k, t in enumerate(weights) if t is fn.variable]
            node.leaf = node.label = f"w{found[0] + 1}" if found else "?"
            grad = fn.variable.grad
            node.grad = None if grad is None else grad.reshape(-1)[0].item()
        else:
            node.label, node.constants = name.label, list(name.numbers)
    return nodes


def shape(order) -> list[tuple[str, list[int]]]:
    """Each node's kind (its grad_fn's name) and its inputs, as indices into `order`."""
    index = {fn: k for k, fn in enumerate(order)}
    return [(fn.name().removeprefix("torch::autograd::"),
             [index[n] for n, _ in fn.next_functions if n is not None]) for fn in order]


def names(order, weights) -> list:
    """The bpcore.autograd.Name of each node of `order`, L's graph breadth first: bpcore.autograd.named_loss
    builds the exercise's loss again, from copies of `weights`, and its names are read node for node."""
    copies = [w.detach().clone().requires_grad_() for w in weights]
    numbers = [torch.zeros_like(copies[0])] * 4  # x1, x2, y1, y2: their values name nothing
    named, given = named_loss(copies, *numbers)
    theirs = graph_functions(named)
    if shape(theirs) != shape(order):
        raise ValueError(tr("L must be the exercise's loss ½(out_o1 − y1)² + ½(out_o2 − y2)², built as "
                            "bpcore.autograd.forward_loss builds it: its graph is not that loss's graph"))
    return [given.get(fn) for fn in theirs]


def gathering_path(nodes, leaf="w1") -> set[int]:
    """The nodes on every path from L down to the leaf `leaf`: where ∂L/∂leaf is gathered."""
    target = [k for k, n in enumerate(nodes) if n.leaf == leaf]
    if not target:
        raise ValueError(tr("leaf must be one of the graph's weights w1...w8, got {leaf!r}", leaf=leaf))
    on = {target[0]}
    for k in reversed(range(len(nodes))):  # a node's inputs come after it (breadth first)
        if any(i in on for i in nodes[k].inputs):
            on.add(k)
    return on


def levels(nodes) -> list[int]:
    """The row of each node, counted from the top: each operation one row below its deepest input that
    is an operation (row 1 if it has none), each leaf one row above the operation that uses it."""
    row = [0] * len(nodes)
    for k in reversed(range(len(nodes))):
        ops = [row[i] for i in nodes[k].inputs if nodes[i].kind != "AccumulateGrad"]
        if nodes[k].inputs:
            row[k] = 1 + max(ops, default=0)
    for k, node in enumerate(nodes):
        for i in node.inputs:
            if nodes[i].kind == "AccumulateGrad":
                row[i] = row[k] - 1
    return row


def layout(nodes) -> dict:
    """{("node", k) or ("const", name): (column, row)}: rows by `levels`; from L's row upwards, each item
    as near as it can be to the middle of its users below, at least a column from its neighbours.  The
    numbers that are no node (x1, x2, y1, y2) sit a row above the nodes they enter."""
    row = levels(nodes)
    users = {("node", k): [] for k in range(len(nodes))}
    for k, node in enumerate(nodes):
        for i in node.inputs:
            users["node", i].append(k)
        for c in node.constants:
            users.setdefault(("const", c), []).append(k)
    row_of = {item: row[item[1]] if item[0] == "node" else min(row[k] for k in ks) - 1
              for item, ks in users.items()}
    x = {}
    for r in range(max(row_of.values()), min(row_of.values()) - 1, -1):  # from L's row up to the leaves'
        here = [item for item in users if row_of[item] == r]
        want = {item: sum(x["node", u] for u in users[item]) / len(users[item]) if users[item] else 0.0
                for item in here}
        ranked = sorted(here, key=lambda item: (want[item], item[0] == "const", str(item[1])))
        placed = []
        for item in ranked:  # left to right, a column apart at least
            placed.append(max(want[item], placed[-1] + 1) if placed else want[item])
        shift = sum(want[item] - p for item, p in zip(ranked, placed)) / len(ranked)
        x.update({item: p + shift for item, p in zip(ranked, placed)})
    return {item: (x[item], row_of[item]) for item in users}


COLUMN, ROW = 1.45, 0.8  # inches from one column to the next, one row to the next
FONT = 8  # points, in every box
TITLE = 0.55  # inches above the graph for its title


def _half_height(text: str) -> float:
    """Half a box's height in inches: its lines at 1.2 line spacing, the pad of 0.3 font sizes round them."""
    return ((text.count("\n") + 1) * 1.2 * FONT + 2 * 0.3 * FONT) / 72 / 2 + 0.01


def node_text(node) -> str:
    """A node's label: its operation, then what it computes; a leaf's .grad under its name."""
    if node.kind == "AccumulateGrad":
        grad = "None" if node.grad is None else signed(node.grad, False)
        return "\n".join(("AccumulateGrad", tr("leaf {name}", name=node.leaf), f".grad = {grad}"))
    return f"{node.kind}\n{node.label}"


@in_language
def draw_graph(L, weights, ax=None, highlight="w1"):
    """Autograd's graph of L: every node (31 for the exercise's loss) as a box with its grad_fn name and
    the quantity it computes, from the leaves w1...w8 at the top to L at the bottom; the numbers that
    need no gradient (x1, x2, y1, y2) dashed beside the nodes they enter; each leaf's .grad once
    L.backward() has run; the path by which ∂L/∂`highlight` is gathered in orange, its arrows pointing
    the way the gradient flows, from L back to the leaf.  Returns the Axes (1 data unit = 1 inch)."""
    nodes = graph(L, weights)
    place = layout(nodes)
    on = gathering_path(nodes, highlight) if highlight else set()
    xs, rows = [x for x, _ in place.values()], [r for _, r in place.values()]
    width = round((max(xs) - min(xs) + 1) * COLUMN, 1)  # whole tenths of an inch: whole pixels at dpi 100
    height = round((max(rows) - min(rows) + 1) * ROW, 1)
    if ax is None:
        fig = plt.figure(figsize=(width, height + TITLE))
        ax = fig.add_axes([0, 0, 1, height / (height + TITLE)])

    def at(item):
        x, r = place[item]
        return (x - min(xs) + 0.5) * COLUMN, -(r - min(rows) + 0.5) * ROW

    half = {item: _half_height(node_text(nodes[item[1]]) if item[0] == "node" else "2\nlines")
            for item in place}
    _edges(ax, nodes, at, half, on)
    _boxes(ax, nodes, place, at, on)
    ax.set_xlim(0, width)
    ax.set_ylim(-height, 0)
    ax.axis("off")
    if highlight:
        lines = (tr("Autograd's graph of L: {count} nodes, from the leaves (top) to L (bottom)",
                    count=len(nodes)),
                 tr("orange: the path along which ∂L/∂{leaf} is gathered, arrows the way it flows",
                    leaf=highlight))
        ax.set_title("\n".join(lines), fontsize=10, gid="graph-title")
    return ax


def _edges(ax, nodes, at, half, on):
    """Each node joined to its inputs, an arrow the way the gradient flows where it is on the path `on`;
    the numbers that are no node joined dashed."""
    for k, node in enumerate(nodes):
        (x0, y0) = at(("node", k))
        for i in node.inputs:  # from the node to its input: the way the gradient flows
            x1, y1 = at(("node", i))
            path = k in on and i in on
            ax.annotate("", xy=(x1, y1 - half["node", i]), xytext=(x0, y0 + half["node", k]),
                        zorder=3 if path else 1, gid=f"edge-{k}-{i}",
                        arrowprops=dict(arrowstyle="-|>" if path else "-", linewidth=2.6 if path else 1.0,
                                        color=HIGHLIGHT if path else "#999999", shrinkA=0, shrinkB=0))
        for c in node.constants:
            x1, y1 = at(("const", c))
            ax.plot([x0, x1], [y0 + half["node", k], y1 - half["const", c]], color="#bbbbbb",
                    linestyle=(0, (3, 2)), linewidth=1.0, zorder=1, gid=f"const-edge-{k}-{c}")


def _boxes(ax, nodes, place, at, on):
    """Each node's box, highlighted on the path `on`, a leaf's framed as a leaf; the numbers that are no
    node in dashed boxes."""
    for k, node in enumerate(nodes):
        path, leaf = k in on, node.kind == "AccumulateGrad"
        ax.text(*at(("node", k)), node_text(node), ha="center", va="center", fontsize=FONT, linespacing=1.2,
                zorder=4, gid=f"node-{k}", fontweight="bold" if path else "normal",
                color=HIGHLIGHT if path else "black",
                bbox=dict(boxstyle="round,pad=0.3", linewidth=2.0 if path else 0.8,
                          facecolor=HIGHLIGHT_FILL if path else LEAF_FILL if leaf else "white",
                          edgecolor=HIGHLIGHT if path else LEAF if leaf else "#666666"))
    for item in place:
        if item[0] == "const":
            # Translators: two lines of a small box beside the graph, for an input x1, x2, y1 or y2.
            said = tr("{name}: no grad,", name=item[1]) + "\n" + tr("so no node")
            ax.text(*at(item), said, ha="center", va="center",
                    fontsize=FONT - 0.5, zorder=4, color="#777777", gid=f"const-{item[1]}", linespacing=1.2,
                    bbox=dict(boxstyle="round,pad=0.3", facecolor="white", edgecolor="#bbbbbb",
                              linestyle=(0, (3, 2))))
