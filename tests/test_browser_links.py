"""A playground scenario in a link, in Voilà and headless Chromium (bpcore.links, widgets.scenario_link).

`voila notebooks/07_playground.ipynb` (the classroom command, tests/conftest.py's `voila`) opened at
/?lr=5.01&y2=-0.07&output=tanh shows those settings in the sliders and switches, bpcore's readout of them
and the picture bpcore draws for them; a link with a wrong value shows its message above the worked
example.  Every wait is for a state of the page (a readout, a picture, a message), never a pause.
"""

import os

import pytest

import browser_support as B
from bpcore import scenario
from bpcore.plots.style import PROJECTOR_DPI
from bpcore.widgets import playground

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(B.CHROMIUM), reason=B.CHROMIUM_MISSING),
]

PROJECTOR = {"width": 1280, "height": 720}


def open_page(page, voila, query):
    page.set_viewport_size(PROJECTOR)
    page.goto(f"{voila.url}/?{query}", timeout=90_000)
    page.wait_for_selector(".bp-readout code", timeout=90_000)
    B.wait_for_picture(page, ".bp-plot")


def test_a_link_opens_the_playground_at_its_settings(page, voila):
    open_page(page, voila, "lr=5.01&y2=-0.07&output=tanh")
    expected = scenario.compute(scenario.Settings(lr=5.01, y2=-0.07, output="tanh"))
    assert B.wait_for_readout(page, scenario.readout(expected)) == B.clean(scenario.readout(expected))
    assert B.playground_settings(page) == expected.settings  # the sliders' readouts and the switches
    assert B.painted_differing(page, ".bp-plot", playground.Picture(PROJECTOR_DPI).render(expected)) < 0.001
    assert page.locator(".bp-link-error").count() == 0
    assert B.error_outputs(page) == []
    page.screenshot(path=str(B.SCREENSHOTS / "voila-scenario-link.png"))
    # The link only starts the board: the reset button still goes back to the worked example.
    page.click(".bp-reset")
    worked = scenario.compute(scenario.WORKED_EXAMPLE)
    assert B.wait_for_readout(page, scenario.readout(worked)) == B.clean(scenario.readout(worked))


def test_a_wrong_link_says_why_and_shows_the_worked_example(page, voila):
    open_page(page, voila, "lr=5.01&output=relu")
    message = page.wait_for_selector(".bp-link-error", timeout=30_000)
    assert B.clean(message.inner_text()) == (
        "This link's settings cannot be shown: output=relu in the link: output takes one of sigmoid, tanh, "
        "identity. The playground shows the worked example instead.")
    assert message.bounding_box()["y"] < page.locator(".bp-lr").first.bounding_box()["y"]  # above the board
    worked = scenario.compute(scenario.WORKED_EXAMPLE)
    assert B.wait_for_readout(page, scenario.readout(worked)) == B.clean(scenario.readout(worked))
    assert B.playground_settings(page) == scenario.WORKED_EXAMPLE
    assert B.error_outputs(page) == []
    page.screenshot(path=str(B.SCREENSHOTS / "voila-scenario-link-refused.png"))
