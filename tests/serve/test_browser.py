"""The web app in a real Chromium (Debian's package, driven by Playwright): a streamed chat
exchange, feedback, answering a question and the buffer showing it.

Screenshots of every page go to $POCKETTUNE_SCREENSHOTS when set (docs/screenshots/ was made
so: POCKETTUNE_SCREENSHOTS=docs/screenshots pytest tests/serve/test_browser.py), else to the
test's temporary folder; POCKETTUNE_SCREENSHOTS_REAL=1 has the real model answer.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="no chromium: apt-get install -y chromium (.ci/run does)"
)


@pytest.fixture
def web(tmp_path):
    from pockettune.serve import start

    from .conftest import TINY

    if os.environ.get("POCKETTUNE_SCREENSHOTS_REAL"):
        with start(tmp_path / "real", overrides=["serve.max_new_tokens=48"]) as srv:
            yield srv
    else:
        with start(tmp_path / "home", preset="tiny", overrides=TINY) as srv:
            yield srv


@pytest.fixture
def page(web):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pg = browser.new_page(viewport={"width": 390, "height": 844})  # a phone-sized screen
        pg.goto(web.url + "/")
        yield pg
        browser.close()


def test_chat_feedback_annotate_buffer(page, tmp_path):
    shots = Path(os.environ.get("POCKETTUNE_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    # count the reply's text updates: streamed replies arrive in several
    page.evaluate("""() => { window.updates = 0; new MutationObserver(() => window.updates++)
        .observe(document.getElementById('messages'), {subtree: true, childList: true,
                 characterData: true}); }""")
    page.keyboard.press("Tab")  # keyboard only from here on
    page.locator("#chat-input").focus()
    page.keyboard.type("How do I keep basil alive on a windowsill?")
    page.keyboard.press("Enter")
    reply = page.locator('li.assistant[data-done="1"]')
    reply.wait_for()
    assert page.evaluate("window.updates") >= 3
    reply.get_by_role("button", name="Good").focus()
    page.keyboard.press("Enter")
    page.get_by_text("good noted").wait_for()
    page.screenshot(path=str(shots / "chat.png"), full_page=True)

    page.goto(page.url.split("#")[0] + "#questions")
    page.locator("#q-question").get_by_text("basil").wait_for()
    page.locator("#q-answer").fill("A sunny sill, water when the soil is dry.")
    page.screenshot(path=str(shots / "questions.png"), full_page=True)
    page.locator("#q-save").focus()
    page.keyboard.press("Enter")
    page.locator("#q-empty").wait_for()

    page.goto(page.url.split("#")[0] + "#buffer")
    row = page.locator("#b-rows tr", has_text="basil")
    row.locator("td", has_text="yes").wait_for()
    assert "buffer has room" in row.inner_text()
    page.screenshot(path=str(shots / "buffer.png"), full_page=True)
    for name in ("profile", "adapters", "train", "plots"):
        page.goto(page.url.split("#")[0] + "#" + name)
        page.locator(f"section#{name}:not([hidden])").wait_for()
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
