"""Clean for every checker (issue 12), not one: the Nu HTML Checker (vnu-jar, system Java) on every HTML
file of the built site, including the root redirect page; HTML_CodeSniffer at WCAG 2 AA (pa11y, in
Debian's Chromium) on every page; and colour contrast of the bars that stay fixed over the text, at
several scroll positions. axe runs in test_accessibility.py. Each checker is first shown a page it
must fail, so a checker that silently checks nothing cannot pass."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from supportbook import siteserver

ROOT = Path(__file__).resolve().parents[1]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PA11Y_SCRIPT = ROOT / "tests" / "checkers" / "pa11y-pages.cjs"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BAD_PAGE = (  # no doctype, no title, no language, a form nobody can submit without Enter
    '<meta http-equiv="Refresh" content="0; url=x.html" />\n'
    '<form action="x.html"><input name="q" aria-label="Search"></form>\n'
)


def html_files(book_html: Path) -> list[Path]:
    files = sorted(p for p in book_html.rglob("*.html") if "_static" not in p.relative_to(book_html).parts)
    assert book_html / "index.html" in files and len(files) > 30, len(files)
    return files


def vnu_errors(files: list[Path]) -> list[str]:
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is missing: sudo apt-get install -y default-jre-headless")
    assert VNU.exists(), "vnu-jar is missing: run `npm ci` (make test does)"
    proc = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True, text=True, timeout=900, check=False,
    )
    report = json.loads(proc.stderr.strip() or proc.stdout)  # vnu writes its report to stderr
    return [
        f"{m.get('url', '?').removeprefix('file:')}:{m.get('lastLine', '?')}: {m['message']}"
        for m in report["messages"]
        if m["type"] in ("error", "non-document-error")
    ]


def test_the_nu_checker_fails_a_bad_page(tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text(BAD_PAGE, encoding="utf-8")
    errors = vnu_errors([bad])
    assert any("title" in e for e in errors) and any("DOCTYPE" in e or "doctype" in e for e in errors), errors


def test_the_nu_html_checker_finds_no_error_in_any_html_file(book_html: Path) -> None:
    errors = vnu_errors(html_files(book_html))
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(errors[:40])


def pa11y(root: Path, urls: list[str]) -> dict[str, list[dict]]:
    node = shutil.which("node")
    chromium = siteserver.chromium_path()
    if node is None or chromium is None:
        pytest.fail("Node.js or Chromium is missing: sudo apt-get install -y nodejs chromium")
    assert (ROOT / "node_modules" / "pa11y").exists(), "pa11y is missing: run `npm ci` (make test does)"
    env = {**os.environ, "CHROMIUM": chromium, "CHROMIUM_ARGS": " ".join(siteserver.CHROMIUM_ARGS)}
    with siteserver.serve(root) as base:
        proc = subprocess.run(
            [node, str(PA11Y_SCRIPT)], input=json.dumps([base + u for u in urls]),
            capture_output=True, text=True, env=env, cwd=ROOT, timeout=1200, check=False,
        )
    assert proc.returncode == 0, f"pa11y did not run: {proc.stderr.strip()[:500]}"
    return {key.replace(base, ""): issues for key, issues in json.loads(proc.stdout).items()}


def test_html_codesniffer_fails_a_bad_page(tmp_path: Path) -> None:
    bad = "<!DOCTYPE html><html><head><title>Bad</title></head><body><main>" + BAD_PAGE.split("\n", 1)[1]
    (tmp_path / "bad.html").write_text(bad + '<img src="x.png"></main></body></html>', encoding="utf-8")
    found = pa11y(tmp_path, ["bad.html"])
    assert found and all(issues for issues in found.values()), found


def test_html_codesniffer_finds_no_wcag2aa_error_on_any_page(book_html: Path) -> None:
    urls = [p.relative_to(book_html).as_posix() for p in html_files(book_html)]
    found = pa11y(book_html, urls)
    assert len(found) >= 2 * len(urls)
    problems = [
        f"{where}: {issue['code']} — {issue['message'][:120]} — {issue['context'][:80]}"
        for where, issues in sorted(found.items())
        for issue in issues
    ]
    assert not problems, f"{len(problems)} errors:\n" + "\n".join(problems[:40])


# Elements that stay put (fixed or sticky) over the column of text as it scrolls: not the sidebars, which
# keep a column of their own.
FIXED_BARS = """() => {
 const main = document.querySelector('[role=main]').getBoundingClientRect();
 return Array.from(document.querySelectorAll('body *')).filter((el) => {
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return (style.position === 'fixed' || style.position === 'sticky') && style.visibility !== 'hidden'
    && style.display !== 'none' && box.width > 0 && box.height > 0 && box.bottom > 0
    && box.top < window.innerHeight && el.innerText.trim() !== '' && !el.closest('[role=main]')
    && box.left < main.right && box.right > main.left;
 }).map((el) => {
  let bg = 'rgba(0, 0, 0, 0)';
  for (let node = el; node && node !== document.documentElement; node = node.parentElement) {
    const colour = getComputedStyle(node).backgroundColor;
    if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') { bg = colour; break; }
    if (node !== el && ['fixed', 'sticky'].indexOf(getComputedStyle(node).position) === -1) break;
  }
  const css = typeof el.className === 'string' && el.className ? '.' + el.className.split(' ')[0] : '';
  // axe checks the bar's text that is on screen now (a sticky bar may be partly scrolled away)
  [el, ...el.querySelectorAll('*')].forEach((part) => {
    const r = part.getBoundingClientRect();
    const ownText = Array.from(part.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    if (ownText && r.top >= 0 && r.bottom <= window.innerHeight && r.width > 0) part.setAttribute('data-sb-fixed', '1');
  });
  return {name: el.tagName.toLowerCase() + css, bg};
 });
}"""


CONTRAST = """(selector) => {
  const el = document.querySelector(selector);
  if (!el) return null;
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const lum = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  let bg = null;
  for (let node = el; node; node = node.parentElement) {
    const c = rgb(getComputedStyle(node).backgroundColor);
    if (c.length >= 3 && (c.length === 3 || c[3] === 1)) { bg = c; break; }
    if (c.length === 4 && c[3] > 0) return null;  // a see-through layer: not worked out here
  }
  if (!bg) return null;
  const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(bg)].sort((x, y) => y - x);
  return Math.round(((a + 0.05) / (b + 0.05)) * 100) / 100;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
def test_bars_fixed_over_the_text_are_opaque_and_legible_at_every_scroll_position(
    book_html: Path, scheme: str, width: int
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    assert AXE.exists(), "axe-core is missing: run `npm ci` (make test does)"
    problems: list[str] = []
    checked = 0
    with siteserver.serve(book_html) as base, sync_api.sync_playwright() as pw:
        browser = siteserver.launch(pw)
        context = browser.new_context(viewport={"width": width, "height": 812}, color_scheme=scheme, bypass_csp=True)
        page = context.new_page()
        for rel in ("book/professionals/therapists.html", "book/back/safety-resources.html", "book/start.html"):
            page.goto(base + rel, wait_until="load")
            page.add_script_tag(path=str(AXE))
            height = page.evaluate("document.documentElement.scrollHeight - window.innerHeight")
            for fraction in (0.0, 0.25, 0.5, 0.75, 1.0):
                page.evaluate("document.querySelectorAll('[data-sb-fixed]').forEach(e => delete e.dataset.sbFixed)")
                page.evaluate(f"window.scrollTo(0, {int(height * fraction)})")
                page.wait_for_timeout(50)
                bars = page.evaluate(FIXED_BARS)
                for bar in bars:
                    checked += 1
                    alpha = bar["bg"].split(",")[3].strip(" )") if bar["bg"].startswith("rgba") else "1"
                    if float(alpha) < 1:
                        problems.append(f"{rel} at {fraction:.0%}: {bar['name']} shows the text through ({bar['bg']})")
                if page.locator("[data-sb-fixed]").count():
                    result = page.evaluate(
                        """async () => { const r = await axe.run({include: [['[data-sb-fixed]']]},
                             {runOnly: ['color-contrast']}); return [r.violations, r.incomplete]; }"""
                    )
                    problems += [
                        f"{rel} at {fraction:.0%}: contrast fails: {node['target']} ({node['failureSummary'][:120]})"
                        for rule in result[0]
                        for node in rule["nodes"]
                    ]
                    # Where axe cannot tell (text next to other boxes in the bar), the ratio is worked out
                    # here against the bar's own opaque background, which the bar is checked to have above.
                    for rule in result[1]:
                        for node in rule["nodes"]:
                            ratio = page.evaluate(CONTRAST, node["target"][0])
                            if ratio is None or ratio < 4.5:
                                problems.append(f"{rel} at {fraction:.0%}: contrast {ratio} < 4.5: {node['target']}")
        browser.close()
    assert checked, "no fixed bar found to check"
    assert not problems, "\n".join(sorted(set(problems))[:30])
