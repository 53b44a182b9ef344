"""What bpcore.plots.graph draws of autograd's graph: every node counted, their labels, the highlighted
path."""

from collections import Counter

import pytest
import torch
from matplotlib.colors import to_hex

import bpcore
from bpcore import SEED_WEIGHTS, SEED_X, SEED_Y
from bpcore.autograd import forward_loss, graph_nodes
from bpcore.plots import graph

# The quantities of notebook 03's formulas, one per node of L = ½(out_o1 − y1)² + ½(out_o2 − y2)²
HAND = {"L", "½(out_o1 − y1)²", "½(out_o2 − y2)²", "(out_o1 − y1)²", "(out_o2 − y2)²", "out_o1 − y1",
        "out_o2 − y2", "out_o1", "out_o2", "in_o1", "in_o2", "w5·out_h1", "w7·out_h2", "w6·out_h1",
        "w8·out_h2",
        "out_h1", "out_h2", "in_h1", "in_h2", "w1·x1", "w3·x2", "w2·x1", "w4·x2",
        "w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8"}
# ∂L/∂w1, over both outputs: L ← ½(…)² ← (…)² ← out_o − y ← out_o ← in_o ← w5·out_h1 or w6·out_h1,
# both ← out_h1 ← in_h1 ← w1·x1 ← w1
PATH_W1 = {"L", "½(out_o1 − y1)²", "½(out_o2 − y2)²", "(out_o1 − y1)²", "(out_o2 − y2)²", "out_o1 − y1",
           "out_o2 − y2", "out_o1", "out_o2", "in_o1", "in_o2", "w5·out_h1", "w6·out_h1", "out_h1", "in_h1",
           "w1·x1", "w1"}


def _loss(backward=True, shape=(1,)):
    """The exercise's loss on leaf tensors shaped like notebook 05's (one element each)."""
    w = [torch.tensor(v, dtype=torch.float64).reshape(shape).requires_grad_() for v in SEED_WEIGHTS]
    inputs = [torch.tensor(v, dtype=torch.float64).reshape(shape) for v in (*SEED_X, *SEED_Y)]
    L, _ = forward_loss(w, *inputs)
    if backward:
        L.backward()
    return L, w


def _boxes(ax):
    return {t.get_gid(): t for t in ax.texts if (t.get_gid() or "").startswith("node-")}


def test_the_nodes_are_those_graph_nodes_counts_in_its_order():
    L, w = _loss(backward=False)
    nodes = graph.graph(L, w)
    assert [n.kind for n in nodes] == graph_nodes(L) and len(nodes) == 31
    assert {n.label for n in nodes} == HAND and len({n.label for n in nodes}) == 31


def test_a_loss_written_as_notebook_05_writes_it_gets_the_same_names():
    """Notebook 05 builds L with its own forward_propagate and loss_function, not bpcore's: the names are
    read onto its graph node for node."""
    w = [torch.tensor([v], dtype=torch.float64, requires_grad=True) for v in SEED_WEIGHTS]
    x1, x2, y1, y2 = (torch.tensor([v], dtype=torch.float64) for v in (*SEED_X, *SEED_Y))
    w1, w2, w3, w4, w5, w6, w7, w8 = w
    out_h1, out_h2 = torch.sigmoid(w1 * x1 + w3 * x2), torch.sigmoid(w2 * x1 + w4 * x2)
    out_o1, out_o2 = torch.sigmoid(w5 * out_h1 + w7 * out_h2), torch.sigmoid(w6 * out_h1 + w8 * out_h2)
    L = 0.5 * (out_o1 - y1) ** 2 + 0.5 * (out_o2 - y2) ** 2
    mine, theirs = graph.graph(L, w), graph.graph(*_loss(backward=False))
    assert [(n.kind, n.label, n.inputs, n.constants) for n in mine] == \
        [(n.kind, n.label, n.inputs, n.constants) for n in theirs]
    assert {n.label for n in mine} == HAND


def test_every_node_is_drawn_labelled_with_its_operation_and_quantity():
    L, w = _loss()
    ax = graph.draw_graph(L, w)
    boxes = _boxes(ax)
    assert len(boxes) == len(graph_nodes(L)) == 31
    lines = [t.get_text().split("\n") for t in boxes.values()]
    assert Counter(line[0] for line in lines) == Counter(graph_nodes(L))  # the grad_fn names
    names = {line[1].removeprefix("leaf ") for line in lines}
    assert names == HAND
    assert "Autograd's graph of L: 31 nodes" in ax.get_title()


def test_after_backward_each_leaf_shows_its_grad():
    L, w = _loss()
    truth = bpcore.backprop(SEED_WEIGHTS, SEED_X, SEED_Y)
    leaves = {t.get_text().split("\n")[1]: t.get_text().split("\n")[2]
              for t in _boxes(graph.draw_graph(L, w)).values() if t.get_text().startswith("AccumulateGrad")}
    assert sorted(leaves) == [f"leaf w{i}" for i in range(1, 9)]
    for i in range(8):
        assert leaves[f"leaf w{i + 1}"] == f".grad = {truth[i]:+.6f}"  # w1: -0.008421
    L, w = _loss(backward=False)
    before = [t.get_text() for t in _boxes(graph.draw_graph(L, w)).values()
              if t.get_text().startswith("Accumulate")]
    assert all(text.endswith(".grad = None") for text in before) and len(before) == 8


def test_the_path_of_dL_dw1_is_highlighted_with_arrows_towards_w1():
    L, w = _loss()
    nodes = graph.graph(L, w)
    ax = graph.draw_graph(L, w)
    lit = {nodes[int(gid.removeprefix("node-"))].label for gid, t in _boxes(ax).items()
           if to_hex(t.get_color()) == graph.HIGHLIGHT}
    assert lit == PATH_W1
    edges = [c for c in ax.get_children() if (c.get_gid() or "").startswith("edge-")]
    assert len(edges) == 32  # a tree of 31 nodes would have 30; out_h1 and out_h2 each feed two products
    lit_edges = [e for e in edges if to_hex(e.arrow_patch.get_edgecolor()) == graph.HIGHLIGHT]
    assert len(lit_edges) == 17  # two edges come into out_h1 on the path: ∂L/∂out_h1 = δ_o1·w5 + δ_o2·w6
    for e in lit_edges:  # each arrow points from a node to its input, towards the leaves
        k, i = map(int, e.get_gid().split("-")[1:])
        assert i in nodes[k].inputs
        assert e.xy[1] > e.xyann[1]  # the head is higher up, nearer the leaves
    w8_path = {"L", "½(out_o2 − y2)²", "(out_o2 − y2)²", "out_o2 − y2", "out_o2", "in_o2", "w8·out_h2", "w8"}
    assert graph.gathering_path(nodes, "w8") == {k for k, n in enumerate(nodes) if n.label in w8_path}


def test_leaves_on_top_loss_at_the_bottom_constants_beside_their_nodes():
    L, w = _loss()
    nodes = graph.graph(L, w)
    ax = graph.draw_graph(L, w)
    y = {nodes[int(g.removeprefix("node-"))].label: t.get_position()[1] for g, t in _boxes(ax).items()}
    assert y["L"] == min(y.values())
    for k, node in enumerate(nodes):
        for i in node.inputs:
            assert y[nodes[i].label] > y[node.label]  # every input above its node
    consts = {t.get_gid(): t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("const-")}
    assert consts == {f"const-{c}": f"{c}: no grad,\nso no node" for c in ("x1", "x2", "y1", "y2")}
    dashed = sorted(line.get_gid() for line in ax.lines)
    label = {k: n.label for k, n in enumerate(nodes)}
    assert sorted((label[int(g.split("-")[2])], g.split("-")[3]) for g in dashed) == [
        ("out_o1 − y1", "y1"), ("out_o2 − y2", "y2"), ("w1·x1", "x1"), ("w2·x1", "x1"), ("w3·x2", "x2"),
        ("w4·x2", "x2")]


def test_no_two_boxes_overlap():
    L, w = _loss()
    ax = graph.draw_graph(L, w)
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    texts = [t for t in ax.texts if t.get_gid().startswith(("node-", "const-"))]
    boxes = [t.get_bbox_patch().get_window_extent(renderer) for t in texts]
    assert len(boxes) == 35  # 31 nodes, 4 numbers that are no node
    for a in range(len(boxes)):
        for b in range(a + 1, len(boxes)):
            assert not boxes[a].overlaps(boxes[b]), (texts[a].get_text(), texts[b].get_text())
    figure_box = ax.figure.bbox
    assert all(figure_box.x0 <= b.x0 and b.x1 <= figure_box.x1 and figure_box.y0 <= b.y0 for b in boxes)


def test_graph_refuses_what_it_cannot_draw():
    L, w = _loss(backward=False)
    with pytest.raises(ValueError, match="L must be a tensor"):
        graph.graph(torch.tensor(1.0), w)
    with pytest.raises(ValueError, match="weights must be the 8 leaf tensors"):
        graph.graph(L, w[:7])
    with pytest.raises(ValueError, match="leaf must be one of"):
        graph.draw_graph(L, w, highlight="w9")
    with pytest.raises(ValueError, match="L must be the exercise's loss"):  # its names would be guesses
        graph.graph(w[0] * w[1], w)
