"""Regenerate the README's pictures in docs/images/.

    python scripts/make_readme_images.py                 # all of them
    python scripts/make_readme_images.py playground.png  # that one only

- network.png     the exercise's 2-2-2 network with its starting weights (bpcore.plots.network.draw_network)
- comparison.png  the loss per epoch with the correct and with the published gradients (bpcore.train)
- output_units.png  the exercise's 100 epochs with a sigmoid, a tanh and an identity output, side by side
                  (bpcore.plots.beyond.plot_output_units, notebook 09)
- playground.png  notebook 07's dashboard cell in JupyterLab, photographed in headless Chromium
                  (needs /usr/bin/chromium; skipped with a message when it is missing)
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import bpcore  # noqa: E402
from bpcore.plots import beyond, network as network_plots, training  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
sys.path.insert(0, str(ROOT / "tests"))


def network(path):
    f = bpcore.forward(bpcore.SEED_WEIGHTS, bpcore.SEED_X)
    ax = network_plots.draw_network(bpcore.SEED_WEIGHTS, values={"o1": f.out_o1, "o2": f.out_o2},
                           title="The exercise's network: x = (0.5, 0.3), targets y = (0.23, −0.07)")
    ax.figure.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(ax.figure)


def comparison(path, epochs=100):
    curves = {"correct gradients (chain rule, = autograd)": ("correct", bpcore.backprop),
              "published gradients (out_h1 where w5, w6 belong)": ("published", bpcore.backprop_original)}
    losses = {label: bpcore.train(bpcore.SEED_WEIGHTS, bpcore.SEED_X, bpcore.SEED_Y, lr=1.0, epochs=epochs,
                                  grad=grad).losses
              for label, (_, grad) in curves.items()}
    ax = training.plot_losses(losses, keys={label: key for label, (key, _) in curves.items()},
                          title=f"The published derivation learns more slowly (lr = 1, {epochs} epochs)")
    ax.figure.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(ax.figure)


def output_units(path, epochs=100):
    args = (bpcore.SEED_WEIGHTS, bpcore.SEED_X, bpcore.SEED_Y)
    runs = {unit: bpcore.train(*args, lr=1.0, epochs=epochs + 1, output=unit)  # + 1: the loss after `epochs`
            for unit in bpcore.OUTPUTS}
    axes = beyond.plot_output_units(runs, bpcore.SEED_Y)
    axes[0].figure.suptitle(f"The exercise's targets (0.23, −0.07), lr = 1, {epochs} epochs: "
                            "a sigmoid output cannot reach −0.07, tanh and identity outputs can")
    axes[0].figure.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(axes[0].figure)


def playground(path):
    from playwright.sync_api import sync_playwright

    import browser_support as B

    if not os.path.exists(B.CHROMIUM):
        print(f"playground.png not made: {B.CHROMIUM_MISSING}")
        return
    tmp = Path(tempfile.mkdtemp(prefix="readme-images-"))
    lab = B.start_lab(tmp)
    try:
        with sync_playwright() as p:
            context = B.launch_chromium(p, tmp, width=1400, height=1000)
            page = context.new_page()
            B.open_notebook(page, lab, "07_playground.ipynb")
            B.run_all(page)
            page.wait_for_selector(".bp-readout code")
            B.press(page, "bp-lr", "ArrowRight", 5)  # lr 3.16: a livelier picture than the worked example
            page.wait_for_timeout(1500)
            cell = page.locator(".jp-Cell:has(.bp-plot)").first
            cell.evaluate("e => e.scrollIntoView()")
            page.wait_for_timeout(300)
            # Cropped to the dashboard's cell (its code and its output): the plots at the size the
            # notebook shows them (940 px wide, no scaling), legible in a README.
            box = cell.bounding_box()
            page.screenshot(path=str(path), clip={"x": box["x"], "y": box["y"], "width": box["width"],
                                                  "height": box["height"] + 8})
            context.close()
    finally:
        B.shutdown_kernels(lab)
        lab.stop()


if __name__ == "__main__":
    pictures = (("network.png", network), ("comparison.png", comparison), ("output_units.png", output_units),
                ("playground.png", playground))
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("only", nargs="*", metavar="NAME", help="make these pictures only (default: all)")
    only = set(parser.parse_args().only)
    if only - {name for name, _ in pictures}:
        parser.error(f"no picture {', '.join(sorted(only - {name for name, _ in pictures}))}; the pictures: "
                     f"{', '.join(name for name, _ in pictures)}")
    IMAGES.mkdir(parents=True, exist_ok=True)
    for name, make in pictures:
        if only and name not in only:
            continue
        make(IMAGES / name)
        print(IMAGES / name)
