"""Run by test_cors_browser in its own process: open a page on one origin in headless
Chromium and fetch() the endpoint from it, printing what the page got as JSON.

A process of its own, because Playwright's sync API allows one instance per thread and
the viewer tests keep theirs open for the whole session.

    python -m tests.server.cors_fetch PAGE_ORIGIN ENDPOINT QUERY
"""

from __future__ import annotations

import json
import sys

from playwright.sync_api import sync_playwright

from tests.viewer.browser import CHROMIUM_ARGS, chromium_path

# Runs in the page: a GET and a POST, each with the headers that need a preflight.
FETCH = """async ({endpoint, query}) => {
    const headers = {"Authorization": "Bearer not-a-secret",
                     "X-Requested-With": "XMLHttpRequest",
                     "Accept": "application/sparql-results+json"};
    try {
        const got = await fetch(endpoint + "?query=" + encodeURIComponent(query), {headers});
        const posted = await fetch(endpoint, {method: "POST", body: query,
            headers: {...headers, "Content-Type": "application/sparql-query"}});
        return {get: (await got.json()).boolean, post: (await posted.json()).boolean,
                origin: location.origin};
    } catch (error) {
        return {error: String(error), origin: location.origin};
    }
}"""


def main(origin: str, endpoint: str, query: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(),
                                             args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{origin}/")
            print(json.dumps(page.evaluate(FETCH, {"endpoint": endpoint, "query": query})))
        finally:
            browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:4])
