"""axe-core finds no violations on any page, at phone and desktop width, in light and dark mode."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from supportbook import siteserver

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 900}}


def axe_results(book_html: Path, width: str, scheme: str) -> dict[str, list[dict]]:
    """Violations per page of the built site, at one width in one colour scheme."""
    assert AXE.exists(), "axe-core is missing: run `npm ci` (make test does)"
    sync_api = pytest.importorskip("playwright.sync_api")
    if siteserver.chromium_path() is None:
        pytest.fail("Chromium is missing: sudo apt-get install -y chromium")
    results: dict[str, list[dict]] = {}
    pages = siteserver.site_pages(book_html)
    with siteserver.serve(book_html) as base, sync_api.sync_playwright() as pw:
        browser = siteserver.launch(pw)
        context = browser.new_context(viewport=VIEWPORTS[width], color_scheme=scheme, bypass_csp=True)
        page = context.new_page()
        for path in pages:
            rel = path.relative_to(book_html).as_posix()
            page.goto(base + rel, wait_until="load")
            page.add_script_tag(path=str(AXE))
            found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
            results[rel] = found
        context.close()
        browser.close()
    return results


def test_axe_core_is_a_current_4x_release() -> None:
    version = json.loads((AXE.parents[0] / "package.json").read_text())["version"]
    assert version.startswith("4.") and int(version.split(".")[1]) >= 10, version


class _Sweep:
    """One sweep of every page at one width in one colour scheme. Each configuration is its own class, so
    `pytest -n` (`--dist loadscope`, as `make test` runs it) gives each its own worker."""

    width = scheme = ""

    def test_every_page_has_no_axe_violations_at_phone_and_desktop_width_in_light_and_dark_mode(
        self, book_html: Path
    ) -> None:
        width, scheme = self.width, self.scheme
        results = axe_results(book_html, width, scheme)
        assert len(results) >= 10, "expected every page"
        problems = [
            f"{page} [{width}, {scheme}] {v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['target']}"
            for page, violations in sorted(results.items())
            for v in violations
        ]
        assert not problems, "\n".join(problems)


class TestPhoneLight(_Sweep):
    width, scheme = "phone", "light"


class TestDesktopLight(_Sweep):
    width, scheme = "desktop", "light"


class TestPhoneDark(_Sweep):
    width, scheme = "phone", "dark"


class TestDesktopDark(_Sweep):
    width, scheme = "desktop", "dark"
