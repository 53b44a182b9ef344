"""The playground's update time for one slider move: bpcore.train + redraw to a PNG, as the dashboard does.

    python benchmarks/bench_playground.py

Prints the median and the worst of 50 moves (goal: median under 50 ms), split into compute and
redraw, where the redraw's time goes, and the same redraw done the naive way (clear the axes, draw
new figures, savefig) for the ratio.  Figures only, never asserted.

The redraw (bpcore.playground.PlaygroundPanels.png) draws only what a move changes (ticks, curves, edges,
their labels) over a cached picture of the rest, with a fixed layout, and writes the PNG unfiltered
at zlib level 1.  What remains is mostly text: about 0.06 ms per glyph drawn.
"""

import io
import random
import statistics
import time

import matplotlib

matplotlib.use("Agg")

from bpcore import draw, playground  # noqa: E402
from redraw_parts import PARTS, ms, print_parts, timed_parts  # noqa: E402


def moves(n=50, seed=0):
    """n slider positions across the sliders' ranges, as a student might try them."""
    rng = random.Random(seed)
    lo, hi = playground.LR_RANGE
    return [playground.Settings(lr=round(lo * (hi / lo) ** rng.random(), 3),
                                y1=round(rng.uniform(*playground.Y_RANGE), 2),
                                y2=round(rng.uniform(*playground.Y_RANGE), 2),
                                epochs=rng.randint(*playground.EPOCHS_RANGE),
                                gradient=rng.choice(sorted(playground.GRADIENTS)))
            for _ in range(n)]


def naive(result, fig, axes):
    """Clear and draw anew with the notebooks' plot functions, then savefig: the obvious way."""
    for ax in axes:
        ax.clear()
    s = result.settings
    draw.plot_losses({s.gradient: result.history.losses}, ax=axes[0])
    draw.plot_outputs(result.history, (s.y1, s.y2), ax=axes[1])
    draw.draw_network(result.weights, ax=axes[2])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def main():
    settings = moves()
    panels = playground.new_panels()
    playground.render(playground.compute(settings[0]), panels)  # warm-up: fonts, caches
    compute, total = [], []
    for s in settings:
        t0 = time.perf_counter()
        result = playground.compute(s)
        t1 = time.perf_counter()
        playground.render(result, panels)
        t2 = time.perf_counter()
        compute.append(t1 - t0)
        total.append(t2 - t0)
    # where a redraw's time goes, on the last move's result
    from PIL import Image

    canvas = panels.fig.canvas
    parts = {part: [] for part in (*PARTS, "PNG by PIL at its default level", "full canvas.draw instead")}
    for _ in range(20):
        for part, seconds in timed_parts(canvas, panels._background, panels.moving).items():
            parts[part].append(seconds)
        t0 = time.perf_counter()
        Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba()).save(io.BytesIO(), "png")
        t1 = time.perf_counter()
        for artist in panels.moving:
            artist.set_animated(False)
        canvas.draw()
        for artist in panels.moving:
            artist.set_animated(True)
        t2 = time.perf_counter()
        parts["PNG by PIL at its default level"].append(t1 - t0)
        parts["full canvas.draw instead"].append(t2 - t1)
    fig = playground.new_panels().fig
    fig.clear()
    axes = fig.subplots(1, 3)
    naive_total = []
    for s in settings[:20]:
        t0 = time.perf_counter()
        naive(playground.compute(s), fig, axes)
        naive_total.append(time.perf_counter() - t0)
    print(f"playground, one slider move over {len(settings)} moves (epochs 1-300, lr 0.01-100):")
    print(f"  recompute (bpcore.train)   median {ms(statistics.median(compute))}   worst {ms(max(compute))}")
    print(f"  recompute + redraw to PNG  median {ms(statistics.median(total))}   worst {ms(max(total))}"
          f"   (goal: median < 50 ms)")
    print_parts("  where a redraw goes (medians of 20):", parts)
    print(f"  naive clear-and-draw + savefig, 20 moves: median {ms(statistics.median(naive_total))}"
          f"  -> in-place redraw is {statistics.median(naive_total) / statistics.median(total):.1f}x faster")


if __name__ == "__main__":
    main()
