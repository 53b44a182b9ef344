"""What bpcore.draw's shared figures draw, read back from the Axes (the network and loss curves)."""

import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import bpcore  # noqa: E402
from bpcore import draw  # noqa: E402


def test_zero_gradient_is_grey_and_signs_are_coloured():
    g = bpcore.backprop(bpcore.SEED_WEIGHTS, (1.0, 0.0), bpcore.SEED_Y)  # x2 = 0: ∂L/∂w3 = ∂L/∂w4 = 0
    assert g.w3 == 0.0 and g.w4 == 0.0
    ax = draw.draw_network(grads=g)
    colour = {line.get_gid(): matplotlib.colors.to_hex(line.get_color()) for line in ax.lines}
    assert colour["w3"] == colour["w4"] == draw.ZERO
    assert colour["w1"] == (draw.POSITIVE if g.w1 > 0 else draw.NEGATIVE)
    assert colour["w6"] == draw.POSITIVE  # ∂L/∂w6 > 0: o2 is too high
    plt.close("all")


def test_log_loss_curve_survives_a_zero_loss_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = draw.plot_losses({"run": [0.2, 0.01, 0.0]}, logy=True)
        ax.figure.canvas.draw()
    assert list(ax.lines[0].get_ydata()) == [0.2, 0.01, 1e-18]
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "epoch"
    plt.close("all")
