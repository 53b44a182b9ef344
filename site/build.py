"""Build the course website into _build/site/ (run it as `scripts/site`): both editions, no execution.

    scripts/site                 # _build/site/{en,zh}/..., _build/site/index.html
    scripts/site --out DIR       # elsewhere

Steps: draw the stepper's 14 pictures and the playground's gallery with bpcore (site/_ext/figures.py),
write their HTML for each language; gather each language's sources in _build/site-src/LANG (the pages
of site/LANG/, the notebooks of notebooks/ or notebooks/zh/, docs/images/, the exercise's text); copy
MathJax's es5 build from site/node_modules (`npm ci --prefix site`) into the site; run Sphinx once per
language (both at once), with every warning an error.  Prints the time taken and the site's size.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

SITE = Path(__file__).resolve().parent
ROOT = SITE.parent
sys.path.insert(0, str(SITE / "_ext"))

import figures  # noqa: E402  (site/_ext: every bpcore import of the site is there)

MATHJAX = SITE / "node_modules" / "mathjax" / "es5"
MATHJAX_PARTS = ["tex-mml-chtml.js", "input", "output/chtml.js", "output/chtml", "ui", "a11y", "adaptors"]
LANGS = ("en", "zh")
README = {"en": ("README.md", "## The notebooks"), "zh": ("README.zh.md", "## 笔记本")}

WORDS = {
    "en": {
        "back": "previous step", "forth": "next step", "correct": "chain rule",
        "published": "published (flawed)", "step": "step {n} of {count}",
        "stepper_intro": "The stepper, in the page: ◀ ▶ walk through the backward pass, the switch shows "
                         "the exercise's published derivation. The pictures and numbers are bpcore's, "
                         "drawn when the site was built.",
        "alt": "Step {n} of {count} of the backward pass ({g})",
        "tap": "Tap the picture to see it full size.",
        "gallery_intro": "The dashboard needs a live kernel (the button at the top of the page). Here, "
                         "drawn by bpcore when the site was built, are the settings most worth trying: "
                         "each picture is what the dashboard shows for them. Tap a picture to see it full "
                         "size.",
    },
    "zh": {
        "back": "上一步", "forth": "下一步", "correct": "链式法则",
        "published": "练习给出的（有错）", "step": "第 {n} 步，共 {count} 步",
        "stepper_intro": "页面中的步进器：用 ◀ ▶ 逐步走完反向传播，开关切换到练习给出的推导。"
                         "图和数都由 bpcore 在生成网站时画出；图中文字和每步的说明是英文，"
                         "与英文版笔记本相同。",
        "alt": "反向传播第 {n} 步，共 {count} 步（{g}）",
        "tap": "点图可看原尺寸。",
        "gallery_intro": "仪表盘需要一个运行中的内核（页面顶部的按钮）。下面是最值得一试的几组设置，"
                         "每张图都是仪表盘在这组设置下显示的内容，由 bpcore 在生成网站时画出；"
                         "图中文字为英文。点图可看原尺寸。",
    },
}

# The gallery: sections of settings, each a caption per language; 100 epochs unless said.
E = 100
GALLERY = [
    ({"en": "Learning rate η", "zh": "学习率 η"},
     {"en": "100 epochs from the exercise's start, targets (0.23, −0.07). A timid η hardly moves; "
            "η = 100 races to the lowest loss a sigmoid can reach.",
      "zh": "从练习的起点训练 100 个回合，目标值 (0.23, −0.07)。η 太小几乎不动；η = 100 飞快地到达 sigmoid "
            "所能达到的最低损失。"},
     [dict(lr=lr, epochs=E) for lr in (0.1, 1.0, 10.0, 100.0)]),
    ({"en": "Targets", "zh": "目标值"},
     {"en": "The exercise's y2 = −0.07 is out of a sigmoid's reach; y2 = +0.07 is reached.",
      "zh": "练习的 y2 = −0.07 超出了 sigmoid 的值域；y2 = +0.07 则可以达到。"},
     [dict(epochs=E, y2=-0.07), dict(epochs=E, y2=0.07)]),
    ({"en": "Output unit", "zh": "输出神经元"},
     {"en": "A tanh or identity output reaches −0.07 (notebook 09).",
      "zh": "tanh 或恒等函数作输出，就能达到 −0.07（笔记本 09）。"},
     [dict(epochs=E, output=o) for o in ("sigmoid", "tanh", "identity")]),
    ({"en": "Cost", "zh": "损失函数"},
     {"en": "Squared error against cross-entropy, on targets (0.23, 0.07) inside (0, 1) as the "
            "cross-entropy needs.",
      "zh": "平方误差与交叉熵，目标值 (0.23, 0.07)，按交叉熵的要求落在 (0, 1) 之内。"},
     [dict(epochs=E, y2=0.07, cost=c) for c in ("squared", "cross_entropy")]),
    ({"en": "Gradients", "zh": "梯度"},
     {"en": "The chain rule against the exercise's published derivation, same settings.",
      "zh": "链式法则与练习给出的推导，设置相同。"},
     [dict(epochs=E, gradient=g) for g in ("correct", "published")]),
]


def slug(settings: dict) -> str:
    """A file name for a playground setting: lr1-y0.23_m0.07-e100-sigmoid-squared-correct."""
    def num(v):
        return f"{v:g}".replace("-", "m")
    s = settings
    return (f"lr{num(s['lr'])}-y{num(s['y1'])}_{num(s['y2'])}-e{s['epochs']}-{s['output']}-{s['cost']}-"
            f"{s['gradient']}")


def draw(work: Path) -> tuple[list, dict]:
    """bpcore's pictures into work/static/bp/: the stepper's frames and the gallery's settings."""
    out = work / "static" / "bp"
    (out / "stepper").mkdir(parents=True)
    (out / "playground").mkdir(parents=True)
    frames = figures.stepper_frames()
    for f in frames:
        (out / "stepper" / f"{f.gradients}-{f.number}.png").write_bytes(f.png)
    drawn = {}
    for _, _, settings_list in GALLERY:
        for partial in settings_list:
            name = slug(complete(partial))
            if name not in drawn:
                drawn[name] = figures.playground_frame(**partial)
                (out / "playground" / f"{name}.png").write_bytes(drawn[name].png)
    return frames, drawn


def complete(partial: dict) -> dict:
    """A gallery setting with the worked example's values for what it leaves out."""
    return {**figures.worked_example(), **partial}


def stepper_html(frames, lang: str) -> str:
    """The stepper in plain HTML: the buttons, the switch, one picture, and each step's readout and formula
    (all typeset by MathJax when the page loads, all but the current one hidden); site/_static/stepper.js
    makes the buttons work."""
    w = WORDS[lang]
    first = frames[0]
    count = first.count
    parts = [f'<div class="bp-stepper" data-count="{count}">',
             f'<p class="bp-intro">{html.escape(w["stepper_intro"])}</p>',
             '<div class="bp-controls">',
             f'<button type="button" class="bp-back" aria-label="{w["back"]}" title="{w["back"]}" disabled>'
             '&#9664;&#xFE0E;</button>',
             f'<span class="bp-stepno" data-template="{html.escape(w["step"])}">'
             f'{html.escape(w["step"].format(n=1, count=count))}</span>',
             f'<button type="button" class="bp-forth" aria-label="{w["forth"]}" title="{w["forth"]}">'
             '&#9654;&#xFE0E;</button>',
             '<span class="bp-switch" role="radiogroup">']
    for g in figures.GRADIENTS:
        checked = " checked" if g == "correct" else ""
        parts.append(f'<label><input type="radio" name="bp-gradients" value="{g}"{checked}> {w[g]}</label>')
    parts += ["</span>", "</div>",
              '<a class="bp-step-link" href="_static/bp/stepper/correct-1.png">'
              f'<img class="bp-step-plot" src="_static/bp/stepper/correct-1.png" width="940" height="432" '
              f'alt="{html.escape(w["alt"].format(n=1, count=count, g=w["correct"]))}" '
              f'data-alt="{html.escape(w["alt"])}" data-g-correct="{w["correct"]}" '
              f'data-g-published="{w["published"]}"></a>',
              f'<p class="bp-tap">{html.escape(w["tap"])}</p>',
              '<div class="bp-frames">']
    for f in frames:
        hidden = "" if (f.gradients, f.number) == ("correct", 1) else " hidden"
        parts.append(f'<div class="bp-frame{" bp-wrong" if f.wrong else ""}" data-gradients="{f.gradients}" '
                     f'data-step="{f.number}"{hidden}>{f.readout_html}'
                     f'<div class="math notranslate nohighlight bp-step-formula">'
                     f'\\[{html.escape(f.latex, quote=False)}\\]</div></div>')
    parts += ["</div>", "</div>"]
    return "\n".join(parts)


def playground_html(drawn: dict, lang: str) -> str:
    """The gallery: for each section, its caption, then each setting's picture and readout."""
    w = WORDS[lang]
    parts = ['<div class="bp-gallery">', f'<p class="bp-intro">{html.escape(w["gallery_intro"])}</p>']
    for title, caption, settings_list in GALLERY:
        parts += [f'<h3 class="bp-gallery-title">{html.escape(title[lang])}</h3>',
                  f'<p>{html.escape(caption[lang])}</p>', '<div class="bp-gallery-row">']
        for partial in settings_list:
            name = slug(complete(partial))
            readout = html.escape(drawn[name].readout)
            src = f"_static/bp/playground/{name}.png"
            parts.append(f'<figure class="bp-gallery-item"><a href="{src}"><img src="{src}" width="940" '
                         f'height="328" alt="{readout.splitlines()[0]}" loading="lazy"></a>'
                         f'<figcaption>{readout.replace(chr(10), "<br>")}</figcaption></figure>')
        parts.append("</div>")
    parts.append("</div>")
    return "\n".join(parts)


def lesson_table(lang: str) -> str:
    """The README's table of the notebooks, its links pointing at the site's lesson pages."""
    name, heading = README[lang]
    text = (ROOT / name).read_text(encoding="utf-8")
    section = text.split(heading + "\n", 1)[1]
    rows = []
    for line in section.splitlines():
        if line.startswith("|"):
            rows.append(re.sub(r"\]\(notebooks/(?:zh/)?(\d\d_[a-z0-9_]+)\.ipynb\)", r"](\1.ipynb)", line))
        elif rows:
            break
    if len(rows) < 3:
        raise SystemExit(f"{name}: no table of the notebooks under {heading!r}")
    return "\n".join(rows)


def gather(work: Path, lang: str, frames, drawn) -> Path:
    """Each language's Sphinx sources in work/LANG: pages, notebooks, pictures, the exercise's text; its
    interactive HTML in work/snippets/LANG."""
    src = work / lang
    src.mkdir(parents=True)
    for page in (SITE / lang).glob("*.md"):
        text = page.read_text(encoding="utf-8").replace("{{lesson_table}}", lesson_table(lang))
        (src / page.name).write_text(text, encoding="utf-8")
    notebooks = ROOT / "notebooks" / ("zh" if lang == "zh" else "")
    for nb in sorted(notebooks.glob("[0-9][0-9]_*.ipynb")):
        shutil.copy2(nb, src / nb.name)
    shutil.copytree(ROOT / "docs" / "images", src / "images")
    shutil.copy2(SITE / "exercise.txt", src / "exercise.txt")
    snippets = work / "snippets" / lang
    snippets.mkdir(parents=True)
    (snippets / "stepper.html").write_text(stepper_html(frames, lang), encoding="utf-8")
    (snippets / "playground.html").write_text(playground_html(drawn, lang), encoding="utf-8")
    return src


def copy_mathjax(out: Path):
    if not (MATHJAX / "tex-mml-chtml.js").exists():
        raise SystemExit(f"{MATHJAX} is missing: install it with `npm ci --prefix site`")
    for part in MATHJAX_PARTS:
        source, target = MATHJAX / part, out / "_mathjax" / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)


def size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "site", help="the site's folder")
    args = parser.parse_args(argv)
    start = time.monotonic()
    out, work = args.out.resolve(), args.out.resolve().parent / (args.out.name + "-src")
    for folder in (out, work):
        shutil.rmtree(folder, ignore_errors=True)
    out.mkdir(parents=True)
    frames, drawn = draw(work)
    sources = {lang: gather(work, lang, frames, drawn) for lang in LANGS}
    copy_mathjax(out)
    shutil.copy2(SITE / "root.html", out / "index.html")
    builds = {}
    for lang in LANGS:
        env = dict(os.environ, BP_SITE_LANG=lang, BP_SITE_WORK=str(work), MPLBACKEND="Agg")
        log = open(work / f"sphinx-{lang}.log", "w")
        command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "--keep-going", "-c", str(SITE),
                   str(sources[lang]), str(work / "html" / lang)]
        builds[lang] = (subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT), log)
    failed = []
    for lang, (process, log) in builds.items():
        process.wait()
        log.close()
        report = (work / f"sphinx-{lang}.log").read_text()
        if report.strip():
            print(f"--- Sphinx ({lang}):\n{report}", file=sys.stderr)
        if process.returncode:
            failed.append(lang)
    if failed:
        print(f"scripts/site: the {' and '.join(failed)} build failed (every Sphinx warning is an error)",
              file=sys.stderr)
        return 1
    for lang in LANGS:  # Sphinx's folder only: myst-nb leaves its jupyter_execute/ beside it, in work
        shutil.move(work / "html" / lang, out / lang)
    pages = sum(1 for lang in LANGS for _ in (out / lang).glob("*.html"))
    print(f"scripts/site: {pages} pages in {out} ({size(out) / 1e6:.1f} MB) "
          f"in {time.monotonic() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
