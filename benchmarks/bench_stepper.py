"""The stepper's redraw per step (notebook 03): one click of ◀ or ▶, the diagram drawn to a PNG, as the
widget does.

    python benchmarks/bench_stepper.py

Prints the median and the worst redraw over every step of both derivations, ten rounds (goal: median
under 50 ms), where a redraw's time goes, and the same step drawn the plain way (a fresh Figure with
everything on it, then savefig) for the ratio.  Figures only, never asserted.

The widget (bpcore.widgets.stepper.Stepper, its bpcore.plots.stepper.StepperFigure on a LayeredCanvas)
keeps a picture of what every step shares (units, their names and forward values, the weights, the
targets) and draws only the step's own artists over it.  It
also keeps each step's PNG once drawn, so a step seen before costs nothing; the medians here are of
first visits (nothing kept).
"""

import io
import statistics
import time

import matplotlib

matplotlib.use("Agg")

from bpcore import SEED_WEIGHTS, SEED_X, SEED_Y, stepper  # noqa: E402
from bpcore.plots import stepper as stepper_plots  # noqa: E402
from bpcore.widgets import stepper as stepper_widget  # noqa: E402
from redraw_parts import PARTS, ms, print_parts, timed_parts  # noqa: E402


def plain(all_steps, i):
    """A fresh Figure, the whole step drawn on it, savefig: the obvious way."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=stepper_plots.StepperFigure.SIZE, dpi=80)
    FigureCanvasAgg(fig)
    stepper_plots.draw_step(all_steps, i, ax=fig.add_axes([0, 0, 1, 1]),
                            fontsize=stepper_plots.StepperFigure.FONT)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def main(rounds=10):
    t0 = time.perf_counter()
    widget = stepper_widget.Stepper()  # draws step 1, and with it the static layer, once
    setup = time.perf_counter() - t0
    picture, layered = widget.picture, widget.canvas
    visits = [(g, i) for g in ("correct", "published") for i in range(7)]
    widget.png(0)  # warm-up: fonts, caches
    total, per_step = [], {v: [] for v in visits}
    for _ in range(rounds):
        for g, i in visits:
            t0 = time.perf_counter()
            widget.png(i, g)
            per_step[g, i].append(time.perf_counter() - t0)
            total.append(per_step[g, i][-1])
    parts = {part: [] for part in ("step's artists made", *PARTS)}
    for g, i in visits:
        t0 = time.perf_counter()
        picture.draw(i, g)
        parts["step's artists made"].append(time.perf_counter() - t0)
        for part, seconds in timed_parts(layered.canvas, layered.still[None], picture.moving).items():
            parts[part].append(seconds)
    all_steps = {g: stepper.steps(SEED_WEIGHTS, SEED_X, SEED_Y, g) for g in ("correct", "published")}
    plain_total = []
    for g, i in visits:
        t0 = time.perf_counter()
        plain(all_steps[g], i)
        plain_total.append(time.perf_counter() - t0)
    median = statistics.median(total)
    print(f"stepper, one redraw per step ({len(visits)} steps x {rounds} rounds, first visits):")
    print(f"  redraw to PNG   median {ms(median)}   worst {ms(max(total))}   (goal: median < 50 ms)")
    print(f"  the picture's setup (static layer drawn once): {ms(setup)}")
    print("  median per step:")
    for (g, i), seconds in per_step.items():
        print(f"    {g:9} step {i + 1}   {ms(statistics.median(seconds))}")
    print_parts("  where a redraw goes (medians):", parts)
    print(f"  plain fresh-figure draw + savefig: median {ms(statistics.median(plain_total))}"
          f"  -> the kept static layer is {statistics.median(plain_total) / median:.1f}x faster")


if __name__ == "__main__":
    main()
