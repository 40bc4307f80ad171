"""axe-core finds no violations on any page, at phone and desktop width, in light and dark mode."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from supportbook import siteserver

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture(scope="module")
def axe_results(book_html: Path) -> dict[tuple[str, str, str], list[dict]]:
    """Violations per (page, viewport, colour scheme), every page of the built site."""
    assert AXE.exists(), "axe-core is missing: run `npm ci` (make test does)"
    sync_api = pytest.importorskip("playwright.sync_api")
    if siteserver.chromium_path() is None:
        pytest.fail("Chromium is missing: sudo apt-get install -y chromium")
    results: dict[tuple[str, str, str], list[dict]] = {}
    pages = siteserver.site_pages(book_html)
    with siteserver.serve(book_html) as base, sync_api.sync_playwright() as pw:
        browser = siteserver.launch(pw)
        for scheme in ("light", "dark"):
            for name, viewport in VIEWPORTS.items():
                context = browser.new_context(viewport=viewport, color_scheme=scheme, bypass_csp=True)
                page = context.new_page()
                for path in pages:
                    rel = path.relative_to(book_html).as_posix()
                    page.goto(base + rel, wait_until="load")
                    page.add_script_tag(path=str(AXE))
                    found = page.evaluate(
                        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                    )
                    results[(rel, name, scheme)] = found
                context.close()
        browser.close()
    return results


def test_axe_core_is_a_current_4x_release() -> None:
    version = json.loads((AXE.parents[0] / "package.json").read_text())["version"]
    assert version.startswith("4.") and int(version.split(".")[1]) >= 10, version


def test_every_page_has_no_axe_violations_at_phone_and_desktop_width_in_light_and_dark_mode(
    axe_results: dict[tuple[str, str, str], list[dict]],
) -> None:
    assert len(axe_results) >= 4 * 10, "expected every page in 4 configurations"
    problems = [
        f"{page} [{width}, {scheme}] {v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['target']}"
        for (page, width, scheme), violations in sorted(axe_results.items())
        for v in violations
    ]
    assert not problems, "\n".join(problems)
