"""Content Security Policy violations that Chromium reports, gathered to fail browser tests.

Chromium logs every blocked script, style, connection or frame as a console error ("Refused to
... because it violates the following Content Security Policy directive"); the page also fires
`securitypolicyviolation`, which the init script turns into a console error as well, so
violations that Chromium reports only as a warning are caught too.
"""

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
  console.error("Content Security Policy violation: " + event.violatedDirective + " blocked "
                + (event.blockedURI || "inline code") + " at " + event.sourceFile + ":"
                + event.lineNumber);
});
"""


class CspWatch:
    """Collect CSP violations from pages or whole browser contexts."""

    def __init__(self):
        self.violations: list[str] = []

    def attach(self, target):
        """Listen on a Page or a BrowserContext (every page it opens); return target."""
        target.add_init_script(REPORT_VIOLATIONS)
        target.on("console", self._console)
        return target

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            where = (message.location or {}).get("url", "")
            self.violations.append(f"{where}: {message.text}")

    def check(self) -> None:
        """Fail when any page broke the Content Security Policy."""
        assert not self.violations, "CSP violations:\n" + "\n".join(self.violations)
