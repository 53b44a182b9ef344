"""Sliders for the notebooks: each function builds one interactive figure with ipywidgets.

Plumbing, not lesson.  Each slider view has a static twin in bpcore.draw that the notebook
shows unmarked beside it, because nbval cannot compare a widget's output.
"""

from __future__ import annotations


# --- widgets for notebooks 01-03 ---


def update_targets(y1, y2, w=None, x=None, ax=None):
    """Redraw the targets figure for (y1, y2) and return what it shows.

    Returns {"loss": L at w, "lowest": the lowest loss within reach, "closest": the nearest
    reachable outputs, "ax": the Axes}.  The slider view calls this on every move.
    """
    from . import draw
    from .network import SEED_WEIGHTS, SEED_X, loss

    w = SEED_WEIGHTS if w is None else w
    x = SEED_X if x is None else x
    ax = draw.draw_targets((y1, y2), w=w, x=x, ax=ax)
    return {"loss": loss(w, x, (y1, y2)), "lowest": draw.lowest_loss_within_reach((y1, y2)),
            "closest": draw.closest_reachable((y1, y2)), "ax": ax}


def targets_explorer(y=(0.23, -0.07), w=None, x=None, limits=(-0.5, 1.5)):
    """Sliders for the targets y1, y2 (notebook 02): the loss now and the lowest loss within reach.

    The sliders run beyond the sigmoid's range (0, 1) on purpose.  Static twin: bpcore.draw.draw_targets.
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    def slider(name, value):
        return widgets.FloatSlider(value=value, min=limits[0], max=limits[1], step=0.01, description=name,
                                   readout_format="+.2f", continuous_update=True,
                                   layout=widgets.Layout(width="320px"))

    s1, s2 = slider("y1", y[0]), slider("y2", y[1])

    def show(y1, y2):
        fig, ax = plt.subplots(figsize=(5.6, 5.0))
        update_targets(y1, y2, w=w, x=x, ax=ax)
        plt.show()

    out = widgets.interactive_output(show, {"y1": s1, "y2": s2})
    return widgets.VBox([widgets.HBox([s1, s2]), out])


# --- widgets for notebooks 04-06 ---
