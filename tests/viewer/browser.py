"""Opening a viewer page in real headless Chromium (Debian's /usr/bin/chromium) through
Playwright, recording every request, console error, page error and dialog.

Playwright's own browsers are never downloaded (no `playwright install`). Without Chromium
the browser tests are skipped with a reason, except under CI=true, where they fail: CI
installs Chromium, so its absence there is a broken environment, not an optional extra.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]
VIEWPORT = {"width": 1500, "height": 900}


def chromium_path() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def unavailable(reason: str):
    """Fail under CI, skip elsewhere."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser tests cannot run under CI: {reason}")
    pytest.skip(reason)


@dataclass
class Opened:
    """A viewer page, loaded and drawn, with everything it did while loading."""

    page: object
    url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @property
    def foreign_requests(self) -> list[str]:
        """Every request other than the page itself: must be none, the page is offline."""
        return [r for r in self.requests if r != self.url]

    def js(self, function: str, arg=None):
        # Functions, not expressions: the page's CSP forbids eval, which Playwright uses
        # for bare expressions.
        return self.page.evaluate(function, arg)

    def drawn(self) -> dict:
        return self.js("() => window.kgViewer.drawn()")

    def drawn_ids(self) -> list[str]:
        return self.js("() => window.kgViewer.network.body.nodeIndices.slice()")

    def panel_text(self) -> str:
        return self.page.inner_text("#details")

    def click_node(self, node_id: str) -> None:
        """A real mouse click on the node, after bringing it to the middle of the canvas
        (so that no other node's label lies over it)."""
        point = self.js("""id => {
            const net = window.kgViewer.network;
            const at = net.getPositions([id])[id];
            net.moveTo({position: at, scale: 1.6});
            const dom = net.canvasToDOM(at);
            const box = document.getElementById('graph').getBoundingClientRect();
            return {x: box.left + dom.x, y: box.top + dom.y};
        }""", node_id)
        self.page.wait_for_timeout(100)
        self.page.mouse.click(point["x"], point["y"])


def open_viewer(browser, path: Path, timeout_ms: int = 60_000) -> Opened:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    opened = Opened(page, Path(path).resolve().as_uri())
    page.on("request", lambda request: opened.requests.append(request.url))
    page.on("console", lambda message: message.type == "error"
            and opened.errors.append(message.text))
    page.on("pageerror", lambda error: opened.errors.append(f"page error: {error}"))

    def on_dialog(dialog):
        opened.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(opened.url)
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=timeout_ms)
    return opened


def playwright_and_chromium():
    """(sync_playwright, Chromium's path), or a skip (a failure under CI=true) naming what
    is missing: the one check every browser fixture makes before it starts Chromium."""
    executable = chromium_path()
    if executable is None:
        unavailable("Chromium is not installed (Debian: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed (pip install -e '.[test]')")
    return sync_playwright, executable
