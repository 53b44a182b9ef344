"""A playground scenario in a link: the query of a link to notebook 07 that opens its playground at given
settings, as TF Playground keeps its state in its address.

    …/voila/render/notebooks/07_playground.ipynb?lr=5.01&y2=-0.07&output=tanh

    settings = parse("lr=5.01&y2=-0.07&output=tanh", limits)  # a scenario.Settings, or a LinkError
    query(settings)                          # "lr=5.01&output=tanh": what differs from the example
    link(settings, ".../voila/render/notebooks/07_playground.ipynb")  # the address with that query

The names are Settings' fields, in this order: lr, y1, y2, epochs, output, cost, gradient (the published
switch: gradient=published).  Each may be given once; what is not given is the worked example's.  A value
is refused, with a LinkError (a ValueError) that names it and says what was expected, when it is not what
its control can show: a learning rate to 3 significant digits and a target to 2 decimals (their
readouts), a whole number of epochs, within `limits` (the sliders' ends: bpcore.widgets.scenario_link
passes bpcore.plots.style's), a learning rate between the slider's stops (its log scale moves in steps,
and the page moves a value to its nearest stop: lr=5 would show 5.01), or a switch's choice that the other
settings rule out (bpcore.scenario.unavailable).  Voilà reads `template` and `theme` itself: they are let
through.
"""

from __future__ import annotations

import math
from urllib.parse import parse_qsl, urlencode

from . import validate
from .language import N_, tr
from .network import COSTS, OUTPUTS
from .scenario import GRADIENTS, WORKED_EXAMPLE, Settings, unavailable

NAMES = ("lr", "y1", "y2", "epochs", "output", "cost", "gradient")  # the order query() writes them in
CHOICES = {"output": tuple(OUTPUTS), "cost": tuple(COSTS), "gradient": tuple(sorted(GRADIENTS))}
VOILA = ("template", "theme")  # Voilà's own query arguments
LR_DIGITS, Y_DECIMALS = 3, 2  # what the learning rate's and the targets' readouts show

EXPECTED = {
    "lr": N_("a learning rate from {low:g} to {high:g}, to at most 3 significant digits, such as lr=5 or "
             "lr=0.25"),
    "y": N_("a target from {low:+g} to {high:+g}, to at most 2 decimals, such as {name}=0.23 or "
            "{name}=-0.07"),
    "epochs": N_("a whole number of epochs from {low} to {high}, such as epochs=100"),
    "choice": N_("one of {options}"),
}


class LinkError(ValueError):
    """A link's query that does not give the playground's settings; `name` is the argument at fault."""

    def __init__(self, message: str, name: str):
        super().__init__(message)
        self.name = name


def expected(name: str, limits: dict) -> str:
    """What `name` takes, in words, with the sliders' ends from `limits`."""
    if name in CHOICES:
        return tr(EXPECTED["choice"], options=", ".join(CHOICES[name]))
    low, high = limits[name]
    return tr(EXPECTED["y" if name in ("y1", "y2") else name], low=low, high=high, name=name)


def value_of(name: str, text: str, limits: dict, lr_stops=()):
    """The value `text` gives `name`, or a LinkError that says what `name` takes."""
    refused = LinkError(tr("{name}={value} in the link: {name} takes {expected}", name=name, value=text,
                           expected=expected(name, limits)), name)
    if name in CHOICES:
        if text not in CHOICES[name]:
            raise refused
        return text
    try:
        value = int(text) if name == "epochs" else float(text)
    except ValueError:
        raise refused from None
    low, high = limits[name]
    if not (math.isfinite(value) and low <= value <= high) or shown(name, value) != value:
        raise refused
    if name == "lr" and lr_stops and value not in lr_stops:
        below, above = max(s for s in lr_stops if s < value), min(s for s in lr_stops if s > value)
        raise LinkError(tr("lr={value} in the link: the learning-rate slider stops at {below:g} and "
                           "{above:g} near it; give one of them", value=text, below=below, above=above), name)
    return value


def shown(name: str, value: float) -> float:
    """`value` as its control's readout shows it: lr to 3 significant digits, a target to 2 decimals."""
    if name == "lr" and value:
        return round(value, LR_DIGITS - 1 - math.floor(math.log10(value)))
    return round(value, Y_DECIMALS) if name in ("y1", "y2") else value


def parse(text: str, limits: dict, lr_stops=()) -> Settings:
    """The Settings a link's query gives: `text` is the query (with or without its "?") or a whole address
    (starting with "/" or "http"), whose query is read.

    limits: {"lr": (low, high), "y1": ..., "y2": ..., "epochs": ...}, the sliders' ends; lr_stops: the
    learning rates the slider can show, as its readout shows them (none: any in its range)."""
    if "?" in text or text.startswith(("/", "http:", "https:")):
        text = text.split("?", 1)[1] if "?" in text else ""
    given = {}
    for name, value in parse_qsl(text, keep_blank_values=True):
        if name in VOILA:
            continue
        if name not in NAMES:
            raise LinkError(tr("{name}={value} in the link: the playground has no setting {name!r}; its "
                               "settings are {names}", name=name, value=value, names=", ".join(NAMES)), name)
        if name in given:
            raise LinkError(tr("the link gives {name} twice: give each setting once", name=name), name)
        given[name] = value_of(name, value, limits, lr_stops)
    values = {name: given.get(name, getattr(WORKED_EXAMPLE, name)) for name in NAMES}
    why = unavailable(values["y1"], values["y2"], values["output"], values["cost"])
    for name, choice in (("cost", "cross_entropy"), ("gradient", "published")):
        if values[name] == choice and name in why:
            raise LinkError(tr("{name}={value} in the link does not go with its other settings: {why}",
                               name=name, value=choice, why=why[name]), name)
    return Settings(**values)


def written(name: str, value) -> str:
    """`value` as a link writes it, as its control shows it: 5 not 5.0, 0.25, -0.07, 100, tanh."""
    if name in CHOICES or name == "epochs":
        return str(value)
    return f"{shown(name, validate.number(value, name)):g}"


def query(settings: Settings) -> str:
    """The query that opens the playground at `settings`: what differs from the worked example, in NAMES'
    order ("" for the worked example itself)."""
    if not isinstance(settings, Settings):
        raise TypeError(tr("settings must be a bpcore.scenario.Settings, got {settings!r}",
                           settings=settings))
    return urlencode([(name, written(name, getattr(settings, name))) for name in NAMES
                      if getattr(settings, name) != getattr(WORKED_EXAMPLE, name)])


def link(settings: Settings, address: str) -> str:
    """`address` (a Voilà or lesson link to notebook 07) with the query of `settings`."""
    q = query(settings)
    return f"{address}{'&' if '?' in address else '?'}{q}" if q else address
