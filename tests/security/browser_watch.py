"""What a browser test watches for on every page: anything hostile input could make happen.

A script that ran (`window.__xss`, a dialog), markup that got in (`#injected`, `.injected`),
inline code the Content-Security-Policy had to block (a `securitypolicyviolation` event or a
console message), and scripts that failed (page errors).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import Page

# Runs before any page script in every document (Playwright injects it past the CSP).
_RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ` +
    `${event.sourceFile}:${event.lineNumber}`
  );
});
"""

_PAGE_STATE = """() => ({
  xss: window.__xss === undefined ? null : String(window.__xss),
  violations: window.__cspViolations || [],
  injected: document.querySelectorAll("#injected, .injected").length,
})"""

# The visible text of the page's main content, without its scripts, whitespace removed (the
# templates indent, and `linebreaksbr` turns line breaks into <br>).
_MAIN_TEXT = """() => {
  const main = (document.querySelector("main") || document.body).cloneNode(true);
  main.querySelectorAll("script, style, template").forEach((element) => element.remove());
  return main.textContent;
}"""


def squeezed(text: str) -> str:
    """Text without any whitespace, for comparing what a page shows with what was stored."""
    return "".join(text.replace("\r\n", "\n").replace("\r", "\n").split())


@dataclass
class BrowserWatch:
    page: Page
    problems: list[str] = field(default_factory=list)
    _events: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.add_init_script(_RECORD_VIOLATIONS)
        self.page.on("dialog", self._on_dialog)
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self._events.append(f"script error: {error}"))

    def _on_dialog(self, dialog) -> None:
        self._events.append(f"a {dialog.type} dialog opened: {dialog.message!r}")
        dialog.dismiss()

    def _on_console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self._events.append(f"console {message.type}: {message.text}")

    def visit(self, path: str, *, expect_status: int = 200) -> None:
        """Open `path`, let its scripts run, and note anything hostile input made happen."""
        response = self.page.goto(path)
        if response is None or response.status != expect_status:
            got = response.status if response else "no response"
            self.problems.append(f"{path}: HTTP {got}, expected {expect_status}")
        self.note(path)

    def note(self, where: str) -> None:
        """Record what the current page shows of script or markup injection, CSP blocks and
        script errors since the last note."""
        state = self.page.evaluate(_PAGE_STATE)
        if state["xss"] is not None:
            self.problems.append(f"{where}: a payload ran (window.__xss = {state['xss']})")
        if state["injected"]:
            self.problems.append(f"{where}: {state['injected']} injected elements")
        self.problems.extend(f"{where}: CSP violation: {text}" for text in state["violations"])
        self.problems.extend(f"{where}: {event}" for event in self._events)
        self._events.clear()

    def main_text(self) -> str:
        return squeezed(self.page.evaluate(_MAIN_TEXT))

    def assert_clean(self) -> None:
        assert not self.problems, "\n".join(self.problems)
