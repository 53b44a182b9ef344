"""The playground opened by a link (bpcore.links): in Voilà, the page's query sets the dashboard.

Voilà starts each page's kernel with the page's query in the kernel's environment, as a CGI server does:
QUERY_STRING="lr=5.01&y2=-0.07&output=tanh" for …/voila/render/notebooks/07_playground.ipynb?lr=5.01&…
(voila/handler.py, 0.5.13, for a kernel that is not preheated; the series does not preheat).

    open_link(board, os.environ.get("QUERY_STRING", ""))    # bpcore.widgets.playground.dashboard() does it

A link that is refused leaves the worked example on the board and says why above it, in the reader's
language.
"""

from __future__ import annotations

import html

import ipywidgets

from .. import links
from ..language import tr
from ..links import LinkError, parse
from ..plots.style import EPOCHS_RANGE, LR_RANGE, Y_RANGE
from ..scenario import Settings

LIMITS = {"lr": LR_RANGE, "y1": Y_RANGE, "y2": Y_RANGE, "epochs": EPOCHS_RANGE}  # the sliders' ends

STYLE = ("border-left: 4px solid #c0392b; background: #fdecea; padding: 6px 10px; margin: 4px 0 8px 0; "
         "line-height: 1.4")


def lr_stops(slider) -> tuple[float, ...]:
    """The learning rates a FloatLogSlider can show, as its readout shows them (3 significant digits):
    10 ** (min + k * step).  The page moves any other value to its nearest stop as it draws the slider."""
    count = round((slider.max - slider.min) / slider.step)
    return tuple(links.shown("lr", slider.base ** (slider.min + k * slider.step)) for k in range(count + 1))


def refusal(error: LinkError) -> ipywidgets.HTML:
    """The message a refused link puts above the board."""
    text = tr("This link's settings cannot be shown: {why}. The playground shows the worked example instead.",
              why=error)
    message = ipywidgets.HTML(f'<div style="{STYLE}">{html.escape(text)}</div>')
    message.add_class("bp-link-error")
    return message


def open_link(board, query: str) -> Settings | None:
    """Set `board` (a bpcore.widgets.playground.Dashboard) to the settings of the link's `query`, with one
    redraw; the Settings, or None when the query is empty or refused (then the board keeps the worked
    example and shows why above it)."""
    if not query:
        return None
    try:
        settings = parse(query, LIMITS, lr_stops(board.lr))
    except LinkError as error:
        board.box.children = (refusal(error), *board.box.children)
        return None
    board.show(settings)
    return settings
