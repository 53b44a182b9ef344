"""The course website (scripts/site): built once per session, then checked as files and in Chromium.

test_build: the build passes with every Sphinx warning an error; each notebook of both editions has its
page, linking its twin and its launch address; no page names a server beyond the site but the launch
button; the stepper's 14 pictures and formulas are in lesson 03; Chinese search finds 反向 in 反向传播.

test_every_page_in_chromium (marker `browser`): the site served on 127.0.0.1, every page of both languages
loaded at 390 x 844, then widened to 1280 x 800: no request leaves the site, no console error, every image
loads, every formula typeset, every internal and twin link resolves, no horizontal scroll at either width;
the stepper's ▶ and its switch change the picture and the formula; search.html finds 反向 in Chinese.
Phone screenshots of a lesson, the stepper and the Chinese home page land in tests/screenshots/.
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import re
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import tomllib

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
LANGS = ("en", "zh")
SCREENSHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SIZES = {"phone": (390, 844), "desktop": (1280, 800)}


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The site, built once for the session by scripts/site (which fails on any Sphinx warning)."""
    out = tmp_path_factory.mktemp("site") / "site"
    run = subprocess.run([str(ROOT / "scripts" / "site"), "--out", str(out)], cwd=ROOT, capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, f"scripts/site failed:\n{run.stdout}\n{run.stderr}"
    return out


def launch_template() -> str:
    return tomllib.loads((ROOT / "site" / "launch.toml").read_text())["launch"]


def pages(site: Path) -> list[Path]:
    return [site / "index.html"] + sorted(p for lang in LANGS for p in (site / lang).glob("*.html"))


# --- the files ---


def test_build(site):
    launch = launch_template()
    for lang in LANGS:
        names = {p.stem for p in (site / lang).glob("*.html")}
        assert set(NOTEBOOKS) | {"index", "pictures", "exercise", "glossary", "search"} <= names, lang
        other = "zh" if lang == "en" else "en"
        for name in names:
            text = (site / lang / f"{name}.html").read_text(encoding="utf-8")
            assert f'href="../{other}/{name}.html"' in text, f"{lang}/{name}.html: no link to its twin"
            assert f'lang="{"zh-CN" if lang == "zh" else "en"}"' in text.split(">", 2)[1], \
                f"{lang}/{name}.html: its <html lang> is not the page's language"
            targets = re.findall(r'(?:src|href)="(https?://[^"]*)"', text)
            if name in NOTEBOOKS:
                notebook = f"notebooks/{'zh/' if lang == 'zh' else ''}{name}.ipynb"
                expected = html.escape(launch.replace("{notebook}", notebook))
                assert f'href="{expected}"' in text, f"{lang}/{name}.html: no launch button"
                targets = [t for t in targets if t != expected]
            assert not targets, f"{lang}/{name}.html names servers beyond the site: {targets}"
        lesson = (site / lang / "03_backprop_derivation.html").read_text(encoding="utf-8")
        frames = re.findall(r'class="bp-frame[^"]*" data-gradients="(\w+)" data-step="(\d)"', lesson)
        assert sorted(frames) == sorted((g, str(n)) for g in ("correct", "published") for n in range(1, 8))
        assert lesson.count('class="math notranslate nohighlight bp-step-formula"') == 14
        playground = (site / lang / "07_playground.html").read_text(encoding="utf-8")
        assert playground.count('class="bp-gallery-item"') == 13
    for g in ("correct", "published"):
        for n in range(1, 8):
            assert (site / "en" / "_static" / "bp" / "stepper" / f"{g}-{n}.png").stat().st_size > 10_000
    assert (site / "_mathjax" / "tex-mml-chtml.js").is_file()
    index = search_index(site / "zh")

    def found(word):  # the pages whose text or titles hold `word`, as Sphinx's search looks them up
        hits = [*always_list(index["terms"].get(word, [])), *always_list(index["titleterms"].get(word, []))]
        return {index["docnames"][i] for i in hits}

    assert {"03_backprop_derivation", "index", "glossary"} <= found("反向传播") <= found("反向")


def search_index(folder: Path) -> dict:
    text = (folder / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1:text.rindex(")")])


def always_list(v):
    return v if isinstance(v, list) else [v]


# --- in Chromium ---


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def served(site):
    """The site on 127.0.0.1, a free port, Python's http.server in a thread."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


TYPESET = """async () => {
  if (!document.querySelector('script[src*="tex-mml-chtml"]')) return "no math";
  const deadline = Date.now() + 30000;
  while (!(window.MathJax && window.MathJax.startup && window.MathJax.startup.promise)) {
    if (Date.now() > deadline) return "MathJax never started";
    await new Promise((r) => setTimeout(r, 50));
  }
  await window.MathJax.startup.promise;
  return "typeset";
}"""

RAW_MATH = r"""() => {
  const skip = new Set(["SCRIPT", "STYLE", "PRE", "CODE", "TEXTAREA", "MJX-CONTAINER"]);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      for (let e = node.parentElement; e; e = e.parentElement) {
        if (skip.has(e.tagName)) return NodeFilter.FILTER_REJECT;
      }
      return NodeFilter.FILTER_ACCEPT;
    }});
  const raw = [];
  while (walker.nextNode()) {
    const t = walker.currentNode.textContent;
    if (t.includes("\\(") || t.includes("\\[") || t.includes("$$")) raw.push(t.trim().slice(0, 80));
  }
  return raw;
}"""

IMAGES = """async () => {
  const images = [...document.images];
  for (const img of images) img.loading = "eager";
  await Promise.all(images.map((img) => img.complete ? null :
    new Promise((r) => { img.addEventListener("load", r); img.addEventListener("error", r); })));
  return images.filter((img) => !(img.complete && img.naturalWidth > 0)).map((img) => img.src);
}"""

LINKS = """() => {
  const hrefs = [...document.querySelectorAll("a[href]")].map((a) => a.href);
  const missing = [...document.querySelectorAll('a[href^="#"]')].map((a) => a.getAttribute("href"))
    .filter((h) => h.length > 1 && !document.getElementById(decodeURIComponent(h.slice(1))));
  return {hrefs, missing};
}"""

STEPPER = """() => {
  const box = document.querySelector(".bp-stepper");
  const frame = [...box.querySelectorAll(".bp-frame")].find((f) => !f.hidden);
  const formula = frame.querySelector(".bp-step-formula mjx-container");
  return {src: box.querySelector(".bp-step-plot").getAttribute("src"), step: frame.dataset.step,
          gradients: frame.dataset.gradients, formula: formula ? formula.getAttribute("aria-label") ||
          formula.textContent || formula.innerHTML.length : null, typeset: !!formula,
          loaded: box.querySelector(".bp-step-plot").naturalWidth > 0};
}"""


@pytest.mark.browser
def test_every_page_in_chromium(site, served):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's Chromium with `apt-get install chromium`")
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(exist_ok=True)
    status = {}  # each internal address checked once: its HTTP status

    def resolves(url: str) -> bool:
        url = urllib.parse.urldefrag(url)[0]
        if url not in status:
            try:
                with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=10) as r:
                    status[url] = r.status
            except urllib.error.HTTPError as e:
                status[url] = e.code
        return status[url] == 200

    launch_prefix = launch_template().split("{notebook}")[0]
    problems = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            context = browser.new_context(viewport=viewport("phone"))
            outside, errors = [], []

            def route(r):
                if urllib.parse.urlsplit(r.request.url).hostname == "127.0.0.1":
                    r.continue_()
                else:
                    outside.append(r.request.url)
                    r.abort()

            context.route("**/*", route)
            # bounds, not waits: a loaded 2-core machine has taken over 30 s (Playwright's default) to
            # load a lesson page of 14 pictures while the other worker started a hub
            context.set_default_timeout(120_000)
            page = context.new_page()
            page.on("console", lambda m: m.type == "error" and errors.append(m.text))
            page.on("pageerror", lambda e: errors.append(str(e)))
            for path in pages(site):
                # Each page is loaded once, on a phone, and checked there; then the window is widened to
                # a desktop's and what the width changes is checked again: the layout, the images
                # (loaded eagerly), the formulas.  (Loading each page a second time at 1280 px checked
                # nothing more, and took half the test's time.)
                name = path.relative_to(site).as_posix()
                del outside[:], errors[:]
                page.set_viewport_size(viewport("phone"))
                problems += page_problems(page, served, name, resolves, launch_prefix)
                page.set_viewport_size(viewport("desktop"))
                problems += layout_problems(page, f"desktop {name}")
                problems += [f"{name}: request beyond the site {u}" for u in outside]
                problems += [f"{name}: console error {e}" for e in errors]
            del outside[:], errors[:]
            problems += search_problems(page, served)
            problems += [f"search: request beyond the site {u}" for u in outside]
            problems += [f"search: console error {e}" for e in errors]
            context.close()
        finally:
            browser.close()
    assert not problems, "\n".join(problems)


def page_problems(page, served, name, resolves, launch_prefix) -> list[str]:
    """Open the site's page `name` and check it: formulas, images, links, width; lesson 03's stepper.
    Phone screenshots of lesson 01, the stepper and the Chinese home page."""
    where = f"phone {name}"
    problems = []
    page.goto(f"{served}/{name}", wait_until="load")
    if page.evaluate(TYPESET) == "MathJax never started":
        problems.append(f"{where}: MathJax never started")
    problems += layout_problems(page, where)
    links = page.evaluate(LINKS)
    for url in links["hrefs"]:
        if url.startswith(served) and not resolves(url):
            problems.append(f"{where}: link {url} does not resolve")
        elif not url.startswith(served) and not url.startswith(launch_prefix):
            problems.append(f"{where}: link beyond the site {url}")
    problems += [f"{where}: no element #{h}" for h in links["missing"]]
    if name == "en/01_forward_pass.html":
        page.screenshot(path=SCREENSHOTS / "site-lesson-phone.png")
    if name == "zh/index.html":
        page.screenshot(path=SCREENSHOTS / "site-zh-home-phone.png")
    if name.endswith("03_backprop_derivation.html"):
        problems += stepper_problems(page, where)
        if name.startswith("en/"):
            page.locator(".bp-stepper").screenshot(path=SCREENSHOTS / "site-stepper-phone.png")
    return problems


def viewport(size: str) -> dict:
    width, height = SIZES[size]
    return {"width": width, "height": height}


def layout_problems(page, where) -> list[str]:
    """What the window's width can change: every image loaded, every formula typeset, no horizontal
    scroll."""
    problems = [f"{where}: image did not load {src}" for src in page.evaluate(IMAGES)]
    problems += [f"{where}: raw math {t!r}" for t in page.evaluate(RAW_MATH)]
    wide = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    if wide[0] > wide[1]:
        problems.append(f"{where}: {wide[0]} px wide in a {wide[1]} px window")
    return problems


def stepper_problems(page, where) -> list[str]:
    """▶ moves to step 2 (another picture and formula), the switch to the published derivation."""
    problems = []
    first = page.evaluate(STEPPER)
    if first["step"] != "1" or not first["typeset"] or not first["loaded"]:
        problems.append(f"{where}: the stepper does not start at a typeset step 1: {first}")
    page.locator(".bp-stepper .bp-forth").click()
    page.wait_for_function("() => document.querySelector('.bp-step-plot').naturalWidth > 0 && "
                           "document.querySelector('.bp-step-plot').complete")
    second = page.evaluate(STEPPER)
    if second["step"] != "2" or second["src"] == first["src"] or second["formula"] == first["formula"] \
            or not second["typeset"] or not second["loaded"]:
        problems.append(f"{where}: ▶ did not change the picture and the formula: {first} → {second}")
    for _ in range(4):
        page.locator(".bp-stepper .bp-forth").click()
    page.locator('.bp-stepper input[value="published"]').check()
    page.wait_for_function("() => document.querySelector('.bp-step-plot').complete")
    published = page.evaluate(STEPPER)
    if published["src"] != "_static/bp/stepper/published-6.png" or published["gradients"] != "published" \
            or not published["loaded"] or not published["typeset"]:
        problems.append(f"{where}: the switch did not show the published step 6: {published}")
    page.locator('.bp-stepper input[value="correct"]').check()
    page.locator(".bp-stepper .bp-back").click()
    if page.evaluate(STEPPER)["src"] != "_static/bp/stepper/correct-5.png":
        problems.append(f"{where}: ◀ and the switch back did not show the chain rule's step 5")
    return problems


def search_problems(page, served) -> list[str]:
    """Chinese search: 反向 and 反向传播 each find lesson 03."""
    problems = []
    for query in ("反向", "反向传播"):
        page.goto(f"{served}/zh/search.html?q={urllib.parse.quote(query)}", wait_until="load")
        try:
            page.wait_for_function("() => document.querySelectorAll('#search-results li').length > 0",
                                   timeout=120_000)
        except Exception:  # noqa: BLE001  (the message below says what failed)
            problems.append(f"zh search for {query}: no result")
            continue
        found = page.evaluate("() => [...document.querySelectorAll('#search-results li a')]"
                              ".map((a) => a.href)")
        if not any("03_backprop_derivation.html" in u for u in found):
            problems.append(f"zh search for {query}: lesson 03 not among {found}")
    return problems
