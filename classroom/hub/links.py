"""nbgitpuller links for the class hub: each pulls the series (both editions, the whole repository) into
~/backprop-series of the student who clicks it, or updates that copy (keeping the student's own changes), and
opens a notebook there, in JupyterLab or in Voilà.

    python classroom/hub/links.py --hub https://hub.example.edu --repo https://github.com/ORG/REPO
        every lesson's link, English and Chinese, in JupyterLab, and the playground in Voilà
    python classroom/hub/links.py --hub ... --repo ... notebooks/zh/03_backprop_derivation.ipynb
        the link to one notebook (any path in the repository)
    python classroom/hub/links.py --hub ... --repo ... --voila --settings "lr=5.01&y2=-0.07&output=tanh" \
        notebooks/07_playground.ipynb
        the playground in Voilà, opened at those settings (the query Voilà's page reads; bpcore.links
        checks it here first, as the page would: a learning rate is one of the slider's stops, such as 5.01)

`targetpath` is always given: without it nbgitpuller names the folder after the repository (`.git`
included). A link works for anyone with a login; one who is not logged in logs in first.
"""

from __future__ import annotations

import argparse
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
TARGET = "backprop-series"  # not "backprop": nbgrader fetches assignment 1 into ~/backprop


def pull_link(hub: str, repo: str, path: str, branch: str = "main", app: str = "lab", settings: str = "",
              target: str = TARGET) -> str:
    """The link, on the hub at `hub` (e.g. https://hub.example.edu; "" for a path on the hub's own
    address), that pulls `repo` at `branch` into ~/`target` and opens `path` (a path in the repository)
    in JupyterLab (app="lab") or Voilà (app="voila"), with `settings` as the page's query (Voilà)."""
    if app not in ("lab", "voila"):
        raise ValueError(f"app must be 'lab' or 'voila', not {app!r}")
    opened = f"{'lab/tree' if app == 'lab' else 'voila/render'}/{target}/{path.lstrip('/')}"
    if settings:
        opened += "?" + settings.lstrip("?")
    query = urllib.parse.urlencode({"repo": repo, "branch": branch, "urlpath": opened, "targetpath": target})
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def lessons() -> list[str]:
    """Every notebook of the series, English then Chinese, as paths in the repository."""
    english = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    return [f"notebooks/{name}" for name in english] + [f"notebooks/zh/{name}" for name in english]


def main(argv=None):
    parser = argparse.ArgumentParser(description="nbgitpuller links to the series on a class hub")
    parser.add_argument("--hub", required=True, help="the hub's address, e.g. https://hub.example.edu")
    parser.add_argument("--repo", required=True,
                        help="the series' git repository, e.g. https://github.com/ORG/REPO")
    parser.add_argument("--branch", default="main")
    parser.add_argument("--voila", action="store_true", help="open in Voilà, not JupyterLab")
    parser.add_argument("--settings", default="", help="a playground scenario, e.g. 'lr=5.01&y2=0.07'")
    parser.add_argument("paths", nargs="*", help="notebooks (paths in the repository); none: every lesson")
    args = parser.parse_args(argv)
    app = "voila" if args.voila else "lab"
    if args.settings:
        import sys  # noqa: PLC0415 (bpcore only when a scenario is to be checked)

        sys.path.insert(0, str(ROOT))
        from bpcore import links  # noqa: PLC0415
        from bpcore.widgets import scenario_link  # noqa: PLC0415
        from bpcore.widgets.explorers import lr_slider  # noqa: PLC0415

        try:  # the playground's learning-rate slider moves in tenths of a decade (widgets.playground)
            links.parse(args.settings, scenario_link.LIMITS, scenario_link.lr_stops(lr_slider(step=0.1)))
        except links.LinkError as error:
            parser.error(str(error))
    if args.paths:
        for path in args.paths:
            print(pull_link(args.hub, args.repo, path, args.branch, app, args.settings))
        return
    for path in lessons():
        print(f"{path}\n  {pull_link(args.hub, args.repo, path, args.branch, app, args.settings)}")
    for path in ("notebooks/07_playground.ipynb", "notebooks/zh/07_playground.ipynb"):
        print(f"{path} in Voilà (projector)\n  {pull_link(args.hub, args.repo, path, args.branch, 'voila')}")


if __name__ == "__main__":
    main()
