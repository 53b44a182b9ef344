"""Where a redraw over a kept picture spends its time: bench_playground.py and bench_stepper.py.

The stepper redraws through bpcore.widgets.view.LayeredCanvas: the kept picture restored, the artists a
move changes drawn over it, the PNG written by view.canvas_png.  `timed_parts` does the same three steps, each
timed; `print_parts` prints their medians.
"""

import statistics
import time

from bpcore.widgets.view import canvas_png

PARTS = ("kept picture restored", "moving artists drawn", "PNG by view.canvas_png")


def timed_parts(canvas, background, artists) -> dict[str, float]:
    """Seconds each step of LayeredCanvas.png's redraw of `artists` over `background` takes,
    by the names in PARTS."""
    t0 = time.perf_counter()
    canvas.restore_region(background)
    t1 = time.perf_counter()
    renderer = canvas.get_renderer()
    for artist in artists:
        artist.draw(renderer)
    t2 = time.perf_counter()
    canvas_png(canvas)
    t3 = time.perf_counter()
    return dict(zip(PARTS, (t1 - t0, t2 - t1, t3 - t2)))


def ms(seconds: float) -> str:
    return f"{1000 * seconds:6.1f} ms"


def print_parts(heading: str, parts: dict[str, list[float]]):
    """`heading`, then the median of each part's times, one line each."""
    print(heading)
    width = max(map(len, parts)) + 2
    for part, seconds in parts.items():
        print(f"    {part:{width}} {ms(statistics.median(seconds))}")
