"""axe-core, vendored (tests/browser/vendor), run in the page under test: the accessibility
violations a page has, by rule, at the impacts that block people."""

from __future__ import annotations

from pathlib import Path

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
BLOCKING_IMPACTS = ("serious", "critical")


def blocking_violations(page) -> list[str]:
    """Rule, impact and the first offending elements of every serious or critical violation.

    The script is added by evaluation, not a <script> tag: the site's CSP allows only its own
    scripts, and the test must not loosen it.
    """
    page.evaluate(AXE_SOURCE)
    results = page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            return results.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
            }));
        }"""
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — {violation['targets']}"
        for violation in results
        if violation["impact"] in BLOCKING_IMPACTS
    ]
