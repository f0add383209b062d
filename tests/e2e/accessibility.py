import json

from axe_playwright_python.base import AXE_SCRIPT

BLOCKING_IMPACTS = {"serious", "critical"}


def inject_axe(page) -> None:
    """Loads axe-core (shipped with axe-playwright-python) into the page; it stays until the next navigation."""
    page.evaluate(AXE_SCRIPT)


def serious_violations(page) -> list[dict]:
    """axe-core's violations of impact serious or critical on the page as it is now (axe injected)."""
    results = page.evaluate(f"axe.run(document, {json.dumps({'resultTypes': ['violations']})})")
    return [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]


def assert_no_serious_violations(page) -> None:
    violations = serious_violations(page)
    width = page.viewport_size["width"]
    assert not violations, f"axe on {page.url} ({width} px wide):\n" + "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(", ".join(node["target"]) + " " + node["html"][:120] for node in v["nodes"][:5])
        for v in violations
    )
