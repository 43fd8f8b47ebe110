"""The Content Security Policy holds in Chromium, and the browser tests notice a violation."""

import pytest

from tests.console import CspWatch

pytestmark = pytest.mark.browser


def test_injected_inline_code_is_blocked_and_reported(live_server, browser):
    context = browser.new_context()
    watch = CspWatch()
    watch.attach(context)
    page = context.new_page()
    page.goto(live_server.url + "/display/")
    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate("""() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.appendChild(script);
        }""")
    assert page.evaluate("() => window.injected") is None, "the inline script ran"
    context.close()
    assert any("script-src" in line for line in watch.violations), watch.violations
    with pytest.raises(AssertionError, match="CSP violations"):
        watch.check()
