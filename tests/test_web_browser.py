"""Headless Chromium drives the dashboard: dyad view, click an event, see the evidence; hostile text stays text."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn
from test_analytics_corpus import build_store

from sorot.api.app import create_app
from sorot.store.duck import Store

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory):
    db = build_store(tmp_path_factory.mktemp("browser") / "b.duckdb")
    store = Store(db, read_only=True)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(5)
    store.close()


@pytest.fixture(scope="module")
def page(base_url: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.dialogs = []  # type: ignore[attr-defined]
        page.errors = []  # type: ignore[attr-defined]
        page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
        page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
        yield page
        browser.close()


def test_dyad_view_click_event_shows_highlighted_evidence(page, base_url: str) -> None:
    from playwright.sync_api import expect

    page.goto(f"{base_url}/dyad?actor=RUS&recipient=PRK")
    expect(page.locator("h1")).to_have_text("Dyad RUS–PRK")
    assert page.locator("#dyad-chart rect.bar.cooperation").count() == 1
    assert page.locator("#dyad-chart rect.bar.conflict").count() == 1
    first = page.locator("table.events a.event-link").first
    expect(first).to_have_text("ACCUSE")  # newest first: PRK accuses RUS
    first.click()
    page.wait_for_url("**/doc/prk-rus-3?event=0#evidence")
    trigger = page.locator("#article-text mark.trigger")
    expect(trigger).to_have_text("menuduh")
    evidence_text = "".join(page.locator("#article-text mark.evidence").all_inner_texts())
    assert evidence_text.startswith("Korea Utara menuduh Rusia")
    colour = trigger.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")  # the stylesheet loaded under the CSP
    assert page.errors == []


def test_script_in_an_article_shows_as_text(page, base_url: str) -> None:
    page.goto(f"{base_url}/doc/hostile?event=0")
    text = page.locator("#article-text").inner_text()
    assert '<script>alert("xss")</script>' in text
    assert page.locator("#article-text script").count() == 0
    assert page.locator("h1").inner_text() == "<b>Judul</b> & komentar"
    assert page.dialogs == []
    page.goto(f"{base_url}/search?q=%3Cscript%3E")
    assert "<script>" in page.locator("ol.hits mark.hit").first.inner_text()
    assert page.dialogs == []
