"""The built book as a reader sees it, in a real browser (Debian's Chromium via Playwright).

Run after the strict build (``make browser``; ``make test`` does both). Set ``ITLAB_HTML`` to
test another build. Without Chromium, or without a built book, every test here is skipped with
the reason; CI installs Chromium (``.ci/run``) so there they run.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import socketserver
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
HTML = Path(os.environ.get("ITLAB_HTML", ROOT / "build" / "strict" / "_build" / "html"))
SHOTS = ROOT / "build" / "screenshots"
CHROMIUM = os.environ.get("ITLAB_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
if not Path(CHROMIUM).exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
if not (HTML / "index.html").exists():
    pytest.skip(f"no built book at {HTML} (run make strict-book)", allow_module_level=True)


def _pages():
    skip = {"search.html", "genindex.html", "py-modindex.html"}
    return sorted(
        str(p.relative_to(HTML))
        for p in HTML.rglob("*.html")
        if p.name not in skip
        and not p.relative_to(HTML).parts[0].startswith("_")
        and 'http-equiv="Refresh"' not in p.read_text(encoding="utf-8")[:2000]
    )


PAGES = _pages()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    handler = functools.partial(_Quiet, directory=str(HTML))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
        httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


class Visit:
    """A page opened in a fresh context, with its console errors and outside requests."""

    def __init__(self, browser, server, width=1280, height=900):
        self.server = server
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        self.context.route("**/*", self._route)

    def _console(self, msg):
        if msg.type == "error":
            self.errors.append(f"console: {msg.text}")

    def _route(self, route):
        url = route.request.url
        host = urlparse(url).hostname
        if url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def open(self, path):
        self.page.goto(f"{self.server}/{path}", wait_until="load")
        # MathJax 3 typesets asynchronously; wait for it when the page loaded it.
        self.page.wait_for_function(
            "() => !window.MathJax || !MathJax.startup || MathJax.startup.promise.then(() => true)",
            timeout=30_000,
        )
        self.page.evaluate("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
        return self.page

    def close(self):
        self.context.close()


# TeX that MathJax did not typeset: a control word (\frac, \text, ...), \( \) \[ \] or $$.
RAW_TEX = re.compile(r"\\(?:[A-Za-z]{2,}|[()\[\]])|\$\$")


@pytest.mark.parametrize("path", PAGES)
def test_page_reads_cleanly(browser, server, path):
    visit = Visit(browser, server)
    try:
        page = visit.open(path)
        images = page.evaluate(
            "() => Array.from(document.querySelectorAll('article img')).map(i => "
            "({src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0,"
            "  alt: i.getAttribute('alt') || '', natural: i.naturalWidth, shown: i.clientWidth}))"
        )
        prose = page.evaluate(
            "() => { const a = document.querySelector('article') || document.body;"
            " const c = a.cloneNode(true);"
            " c.querySelectorAll('pre, code, script, style, mjx-container, .MathJax')"
            "  .forEach(e => e.remove());"
            " return c.innerText; }"
        )
        glued = page.evaluate(
            "() => Array.from(document.querySelectorAll('.pasted-text, .pasted-inline'))"
            ".map(e => e.textContent.trim())"
        )
        typeset = page.evaluate("() => document.querySelectorAll('mjx-container').length")
    finally:
        visit.close()
    assert visit.errors == [], f"{path}: console errors {visit.errors}"
    assert visit.outside == [], f"{path}: requests left the local server: {visit.outside}"
    broken = [i["src"] for i in images if not i["ok"]]
    assert broken == [], f"{path}: images that did not load: {broken}"
    pathlike = [i["src"] for i in images if not i["alt"].strip() or i["alt"] == i["src"]]
    assert pathlike == [], f"{path}: images without a real text alternative: {pathlike}"
    # A figure drawn much wider than the page is shrunk until its labels are unreadable
    # (figures in closed dropdowns have no width yet and are skipped).
    shrunk = [
        (i["src"], i["natural"], i["shown"])
        for i in images
        if i["shown"] and i["natural"] > 1.3 * i["shown"]
    ]
    assert shrunk == [], f"{path}: figures shrunk by more than 1.3x to fit the page: {shrunk}"
    assert all(glued), f"{path}: an empty glued value"
    assert "{glue" not in prose, f"{path}: an unrendered glue role"
    raw = RAW_TEX.search(prose)
    assert raw is None, (
        f"{path}: raw TeX left in the page: ...{prose[max(0, raw.start() - 60) : raw.end() + 60]}..."
    )
    if "\\(" in Path(HTML, path).read_text(encoding="utf-8"):
        assert typeset > 0, f"{path}: MathJax typeset nothing"


def _first_chapter():
    chapters = [p for p in PAGES if p.startswith("principles/")]
    return "principles/entropy.html" if "principles/entropy.html" in chapters else chapters[0]


def test_phone_sidebar_search_and_notebook(browser, server, tmp_path):
    import nbformat

    chapter = _first_chapter()
    visit = Visit(browser, server, width=390, height=844)
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        page = visit.open(chapter)
        modal = page.locator("#pst-primary-sidebar-modal")
        assert not modal.is_visible(), "at 390 px the chapter list should start closed"
        toggles = page.locator(".primary-toggle")
        visible = [i for i in range(toggles.count()) if toggles.nth(i).is_visible()]
        assert len(visible) == 1, "exactly one visible sidebar toggle"
        toggles.nth(visible[0]).click()
        page.wait_for_timeout(500)
        # On a narrow screen the theme moves the sidebar into a modal dialog.
        assert modal.is_visible(), "the ☰ toggle did not open the chapter list"
        links = modal.locator("a.reference.internal")
        chapters = len([p for p in PAGES if "/" in p])
        assert links.count() >= min(10, chapters), "the opened sidebar lists the chapters"
        page.screenshot(path=str(SHOTS / "phone-sidebar.png"))

        page.goto(f"{server}/search.html?q=entropy", wait_until="load")
        page.wait_for_selector("#search-results li", timeout=30_000)
        assert page.locator("#search-results li").count() > 0

        page = visit.open(chapter)
        link = page.locator("a[href$='.ipynb']")
        assert link.count() >= 1, "no .ipynb download link in the page"
        href = link.first.get_attribute("href")
        response = visit.context.request.get(f"{server}/{Path(chapter).parent}/{href}")
        assert response.ok
        nb = nbformat.reads(response.text(), as_version=4)
        nbformat.validate(nb)
        assert any(c.cell_type == "code" for c in nb.cells)
        assert any("import itlab" in c.source for c in nb.cells if c.cell_type == "code")
    finally:
        visit.close()
    assert visit.errors == [], visit.errors
    assert visit.outside == [], visit.outside


@pytest.mark.parametrize("path", ["intro.html", "principles/entropy.html"])
def test_screenshots(browser, server, path):
    if not Path(HTML, path).exists():
        pytest.skip(f"{path} is not in this build")
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, width in [("desktop", 1280), ("phone", 390)]:
        visit = Visit(browser, server, width=width, height=900)
        try:
            page = visit.open(path)
            page.screenshot(path=str(SHOTS / f"{name}-{path.replace('/', '-')}.png"))
        finally:
            visit.close()
    assert (SHOTS / f"desktop-{path.replace('/', '-')}.png").stat().st_size > 10_000
