"""Regenerate docs/kg-viewer.png, the README's picture of the viewer:

    kg build && python -m tests.viewer.screenshot

The seed graph's page, whole, with the Istanbul meeting selected and its panel open.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from kg.store import open_store
from tests.viewer.browser import CHROMIUM_ARGS, chromium_path, open_viewer
from tests.viewer.conftest import export_viewer

ROOT = Path(__file__).resolve().parents[2]
MEETING = "meeting:2023-09-17-istanbul-talks"


def main(out: Path = ROOT / "docs" / "kg-viewer.png") -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        page_path = export_viewer(open_store(), Path(tmp) / "kg.html")
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        opened = open_viewer(browser, page_path)
        opened.js("""id => { const net = window.kgViewer.network;
                             net.body.emitter.emit('hoverNode', {node: id});
                             net.selectNodes([id]); }""", MEETING)
        opened.page.wait_for_timeout(300)
        out.parent.mkdir(parents=True, exist_ok=True)
        opened.page.screenshot(path=str(out))
        browser.close()
    print(f"wrote {out}")


if __name__ == "__main__":
    main(*(Path(a) for a in sys.argv[1:]))
