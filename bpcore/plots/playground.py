"""The playground's plots (notebook 07): the loss per epoch, the outputs' trajectory and the trained network,
side by side, drawn in place as the sliders move.

    show(result, panels)                    # a bpcore.scenario.Result drawn on PlaygroundPanels, in place
    figure(Settings(lr=5.0))                # the same plots in a pyplot figure: the dashboard's static twin

The numbers are bpcore.scenario's; the dashboard that redraws these panels is bpcore.widgets.playground's.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator

from ..formatting import fixed, weight
from ..language import N_, tr
from ..network import OUTPUT_RANGES, SEED_WEIGHTS, WEIGHT_NAMES, WIRING, Weights
from ..scenario import WORKED_EXAMPLE, Result, Settings, compute, range_label, title
from .geometry import rim
from .network import draw_network, edge_width
from .stepper import chinese_font
from .style import (
    NODE_RADIUS,
    OUTPUT_COLOURS,
    POSITIONS,
    RANGE_COLOUR,
    REFERENCE_COLOUR,
    Y_RANGE,
    sign_colour,
)

# The outputs panel's title for each output unit.
OUTPUTS_TITLE = {"sigmoid": N_("sigmoid outputs per epoch, targets dashed"),
                 "tanh": N_("tanh outputs per epoch, targets dashed"),
                 "identity": N_("identity outputs per epoch, targets dashed")}


class PlaygroundPanels:
    """The playground's three panels side by side: loss curve, outputs' trajectory, trained network.

    Drawn once; `show` then moves the data of the existing artists (set_data, set_text) instead of
    drawing new ones.  What a slider move can change is in two layers, for the dashboard's layered canvas
    (bpcore.widgets.view.LayeredCanvas) to redraw over kept pictures of the rest:
      - still: frames, axis labels, titles, legend, the band of reachable outputs, the network's units;
        one picture for each `still_key`, the title and output unit that a switch shows;
      - `axes`: the axes' ticks and grid lines, which change with their limits (`axes_key`), and these
        end on ticks;
      - `moving`: the curves, the targets, the weights, the outputs' values (about 10 ms a frame).
    The layout is fixed (no tight_layout per redraw) and sized for the width a notebook shows
    (about 940 px at dpi 80), with text of 10-11 pt: 11-12 px on screen; its margins are kept in inches,
    so that a shorter figure (the projector's) keeps room for the ticks, labels and legend.
    fig: a matplotlib Figure to draw on (the dashboard passes one outside pyplot); None makes one.
    y_range: the targets' slider range; the outputs' y-axis shows it whole, and stays put.
    """

    SIZE = (11.75, 4.1)  # inches; at dpi 80: 940 x 328 px
    PROJECTOR_SIZE = (11.75, 3.45)  # at PROJECTOR_DPI: 1233 x 362 px, room for 20 px controls above it
    FONT = 10  # points, ticks and legend; titles and axis labels one point larger
    # The margins in inches, whatever the figure's height: the ticks, the axis labels and the legend
    # under the axes keep their room.
    BOTTOM, TOP = 1.23, 0.369  # below the axes (ticks, "epoch", the legend), above them (the titles)
    XLABEL, LEGEND = 0.375, 0.55  # how far under the axes "epoch" and the legend start

    def __init__(self, fig=None, y_range=Y_RANGE):
        self._draw(fig, y_range)
        chinese_font(self.fig)  # Chinese text in Noto Sans SC; English as it was

    def _draw(self, fig, y_range):
        self.fig = fig if fig is not None else plt.figure(figsize=self.SIZE)
        self.ax_loss, self.ax_outputs, self.ax_network = self.fig.subplots(1, 3, width_ratios=[1, 1, 1.25])
        height = self.fig.get_figheight()
        top = 1 - self.TOP / height
        self.fig.subplots_adjust(left=0.07, right=0.995, bottom=self.BOTTOM / height, top=top, wspace=0.25)
        box = self.ax_network.get_position()  # the network takes the full height: its labels need the room
        self.ax_network.set_position([box.x0 - 0.01, 0.0, box.width + 0.01, top])
        axes_height = height - self.BOTTOM - self.TOP
        self.xlabel_y, self.legend_y = -self.XLABEL / axes_height, -self.LEGEND / axes_height
        self._curves(y_range)
        self._network()
        self.axes = [self.ax_loss.xaxis, self.ax_loss.yaxis, self.ax_outputs.xaxis]
        # What one slider move can change, drawn over the kept rest, each panel's in zorder as a full draw
        # would (the spines go over the grid lines, so they are redrawn too).  (ax.lines keeps the order of
        # plotting, as a full draw does: where an output lies on its target, the pixels come out the same.)
        moving = [[*self.ax_loss.lines, *self.ax_loss.spines.values()],
                  [*self.ax_outputs.lines, *self.ax_outputs.spines.values()],
                  [*self.edges.values(), *self.edge_labels.values(), *self.unit_values.values()]]
        self.moving = [a for panel in moving for a in sorted(panel, key=lambda a: a.get_zorder())]
        self.still_key = self.axes_key = None  # what the panels show: (title, output unit); the axes' ticks
        self.show_unit("sigmoid")

    def _curves(self, y_range):
        """The loss's and the outputs' panels: their lines, empty until `show`, their axes and labels."""
        (self.loss_line,) = self.ax_loss.plot([], [], color=REFERENCE_COLOUR, markersize=4)
        ax = self.ax_outputs
        self.band = ax.axhspan(0, 1, color=RANGE_COLOUR, alpha=0.10)
        self.output_lines, self.target_lines = [], []
        for k, colour in enumerate(OUTPUT_COLOURS):
            self.output_lines.append(ax.plot([], [], color=colour, linewidth=1.8, label=f"out_o{k + 1}")[0])
            self.target_lines.append(ax.axhline(0, color=colour, linestyle="--", linewidth=1.3,
                                                label=tr("target {name}", name=("y1", "y2")[k])))
        ax.set_ylim(y_range[0] - 0.08, y_range[1] + 0.08)  # fixed: targets at the slider's ends stay in view
        ax.set_yticks([-0.5, 0, 0.5, 1, 1.5])
        # Where `show` puts the ticks: about 6 whole epochs, about 5 losses.
        self.epoch_ticks = MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10], integer=True)
        self.loss_ticks = MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10])
        labels = ((self.ax_loss, tr("loss L (before the update)")), (self.ax_outputs, tr("output")))
        for a, ylabel in labels:
            a.grid(alpha=0.3)
            a.tick_params(labelsize=self.FONT)
            # The axis labels as texts of the axes, where set_xlabel / set_ylabel would put them: they
            # never change, and so are drawn once, apart from the ticks that do.
            a.text(0.5, self.xlabel_y, tr("epoch"), transform=a.transAxes, fontsize=self.FONT + 1,
                   ha="center", va="top")
            a.text(-0.19, 0.5, ylabel, transform=a.transAxes, fontsize=self.FONT + 1, ha="center",
                   va="bottom", rotation=90, rotation_mode="anchor")
        for a in (self.ax_loss, self.ax_outputs):  # fixed places: matplotlib need not measure the ticks
            a.xaxis.set_label_coords(0.5, self.xlabel_y)  # per redraw to place the (empty) axis labels
            a.yaxis.set_label_coords(-0.19, 0.5)

    def _network(self):
        """The trained network's panel: draw_network's, its edges from rim to rim (drawn over the units'
        picture, never across a unit), and the outputs' values, empty until `show`."""
        draw_network(SEED_WEIGHTS, ax=self.ax_network)
        self.edges = {a.get_gid(): a for a in self.ax_network.lines}
        for name, (a, b) in WIRING.items():
            (xa, ya), (xb, yb) = rim(POSITIONS[a], POSITIONS[b])
            self.edges[name].set_data([xa, xb], [ya, yb])
            self.edges[name].set_solid_capstyle("butt")
        self.edge_labels = {a.get_gid()[len("label-"):]: a for a in self.ax_network.texts
                            if (a.get_gid() or "").startswith("label-")}
        for text in self.edge_labels.values():
            text.set_fontsize(self.FONT - 1)
        # Flush with the units' right rim, growing leftwards: a minus sign or an identity's large
        # output never runs off the figure.
        self.unit_values = {unit: self.ax_network.text(x + NODE_RADIUS, y + (0.16 if y > 0.5 else -0.16), "",
                                                       ha="right", va="bottom" if y > 0.5 else "top",
                                                       fontsize=self.FONT)
                            for unit, (x, y) in POSITIONS.items() if unit in ("o1", "o2")}
        self.ax_network.set_xlim(-0.2, 2.3)
        self.ax_network.set_ylim(-0.38, 1.38)
        self.ax_network.set_anchor("N")
        # y=1 fixes the titles' height: no layout pass per redraw.
        self.ax_network.set_title(tr("trained weights (red > 0, blue < 0)"), fontsize=self.FONT + 1, y=1.0)

    def show_unit(self, output: str):
        """The outputs panel for an `output` unit: its title, the band of outputs the unit can reach
        (a sigmoid's (0, 1), tanh's (−1, 1); none for the identity) and the legend."""
        ax = self.ax_outputs
        reach = OUTPUT_RANGES[output]
        self.band.set_visible(reach is not None)
        if reach is not None:
            self.band.set_y(reach[0])
            self.band.set_height(reach[1] - reach[0])
        self.band.set_label(range_label(output))
        ax.set_title(tr(OUTPUTS_TITLE[output]), fontsize=self.FONT + 1, y=1.0)
        # Below the axes, outside the data: it never hides a line.  Columns fill first, so the
        # rows read "out_o1, out_o2", "target y1, target y2", then the band's meaning.
        handles = [self.output_lines[0], self.target_lines[0], *([self.band] if reach else []),
                   self.output_lines[1], self.target_lines[1]]
        self.legend = ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, self.legend_y),
                                ncol=2, fontsize=self.FONT, frameon=False, handlelength=2.2,
                                columnspacing=1.5, borderaxespad=0)

    def show(self, history, y, w, outputs, title="", output="sigmoid"):
        """Draw a training run: its losses and outputs per epoch, the trained weights `w` and
        the `outputs` (out_o1, out_o2) they give; `title` over the loss, the band of the `output` unit."""
        if (title, output) != self.still_key:
            self.still_key = (title, output)
            self.ax_loss.set_title(title, fontsize=self.FONT + 1, y=1.0)
            self.show_unit(output)
            chinese_font(self.fig)  # the titles' new words, the legend's texts made anew
        n = len(history.losses)
        self._axes_for(n, history.losses)
        epochs = range(n)
        self.loss_line.set_data(epochs, history.losses)
        self.loss_line.set_marker("o" if n <= 30 else "")
        for k in (0, 1):
            self.output_lines[k].set_data(epochs, [o[k] for o in history.outputs])
            self.target_lines[k].set_ydata([y[k], y[k]])
        w = Weights.of(w)
        biggest = max(abs(v) for v in w)
        for name, value in zip(WEIGHT_NAMES, w):
            colour = sign_colour(value)
            self.edges[name].set_color(colour)
            self.edges[name].set_linewidth(edge_width(value, biggest, scale=4.0))
            self.edge_labels[name].set_text(f"{name} = {weight(value)}")
            self.edge_labels[name].get_bbox_patch().set_edgecolor(colour)
        for k, unit in enumerate(("o1", "o2")):
            self.unit_values[unit].set_text(f"out = {fixed(outputs[k], 5)}")
        return self

    def _axes_for(self, n, losses):
        """The axes end on ticks: the epochs' at the first tick at or after the last epoch, the loss's
        around its lowest and highest values (a flat curve, one epoch or lr 0, still gets a range).  So
        while a drag moves the curves a little, or lengthens them, the axes stay put: they are not drawn
        again, and the eye sees the curves move."""
        epoch_ticks = self.epoch_ticks.tick_values(0, max(n - 1, 1))
        loss_ticks = self.loss_ticks.tick_values(*self.loss_ticks.nonsingular(min(losses), max(losses)))
        if (list(epoch_ticks), list(loss_ticks)) != self.axes_key:
            self.axes_key = (list(epoch_ticks), list(loss_ticks))
            for ax in (self.ax_loss, self.ax_outputs):
                ax.set_xticks(epoch_ticks)
                ax.set_xlim(-0.5, epoch_ticks[-1] + 0.5)
            self.ax_loss.set_yticks(loss_ticks)
            self.ax_loss.set_ylim(loss_ticks[0], loss_ticks[-1])


def show(result: Result, panels: PlaygroundPanels) -> PlaygroundPanels:
    """Draw `result` on `panels` in place."""
    s = result.settings
    return panels.show(result.history, (s.y1, s.y2), result.weights, result.outputs, title=title(result),
                       output=s.output)


def figure(settings: Settings = WORKED_EXAMPLE) -> PlaygroundPanels:
    """The dashboard's plots for `settings` as a pyplot figure: the static twin of the dashboard."""
    return show(compute(settings), PlaygroundPanels())
