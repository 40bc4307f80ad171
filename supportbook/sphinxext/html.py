"""HTML-only behaviour: the safety bar, quick exit, print control and a strict Content-Security-Policy.

Privacy by construction: after the build, every HTML page gets a CSP `<meta>` that allows only the
site's own files and the project's own inline scripts (by the SHA-256 hash of the source below, never
of whatever a page happens to hold), and the theme's scripts are made unable to write to browser storage
(furo remembers the colour theme in localStorage; here the choice lasts for the page only). The build
fails if a page holds any other inline script, event-handler attribute or `javascript:` address: text
from a course-pack title or the resources file can then never run as a script. The search page shows
result titles as text, never as HTML. Nothing here runs for LaTeX or EPUB, which get the same content
from builder-neutral nodes.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from sphinx.application import Sphinx
from sphinx.errors import SphinxError

APPENDIX_DOC = "book/back/safety-resources"
START_DOC = "book/start"  # the first-night page, linked from the safety bar on every page
NEUTRAL_SITE = "https://www.google.com/"
# The only inline scripts the site ships (book/_templates/base.html writes them from these strings).
# First in <head>: the page knows at once that JavaScript runs, so the controls that need it show (and
# stay hidden, with class "no-js", when it does not).
JS_ON_SCRIPT = 'document.documentElement.classList.remove("no-js");document.documentElement.classList.add("js");'
# First in <body>: furo's colour theme, read (never written) before the page is drawn.
THEME_SCRIPT = 'document.body.dataset.theme = localStorage.getItem("theme") || "auto";'
# Sphinx's own search box script (the basic theme's, in the small projects the tests build with the
# extension and Sphinx's default theme); the book's pages never carry it.
SPHINX_SEARCHBOX_SCRIPT = "document.getElementById('searchbox').style.display = \"block\""
SHIPPED_INLINE_SCRIPTS = (JS_ON_SCRIPT, THEME_SCRIPT, SPHINX_SEARCHBOX_SCRIPT)
_HEAD_OPEN = re.compile(r"<head(?:\s[^>]*)?>", re.I)
_CSP_META = re.compile(r'\n?<meta http-equiv="Content-Security-Policy"[^>]*>\n?')  # with the line add_csp adds
_REFERRER_META = re.compile(r'<meta name="referrer" content="no-referrer">\n?')
# Calls that would store something in the reader's browser, and the no-op that replaces them (the
# arguments are still evaluated, so the surrounding script keeps working).
_STORAGE_WRITE = re.compile(r"\b(?:window\.)?(?:localStorage|sessionStorage)\.setItem\(")
_NO_OP_CALL = "(function(){})("
# Any way a script could still store something once the calls above are made no-ops (a property or index
# assignment, a spaced-out call, a cookie): the build fails on it, so a theme or Sphinx that changes how it
# stores a setting cannot slip past the pattern above.
_STORAGE_LEFT = re.compile(
    r"\b(?:localStorage|sessionStorage)\s*(?:\.\s*setItem\b|\[[^\]]*\]\s*=(?!=)"
    r"|\.\s*(?!getItem\b|removeItem\b|clear\b|key\b|length\b)[A-Za-z_$][\w$]*\s*=(?!=))"
    r"|\bdocument\s*\.\s*cookie\s*=(?!=)"
)


def script_hash(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"




class ForeignScriptError(SphinxError):
    category = "Unsafe page"


@dataclass
class _ScriptFinder(HTMLParser):
    """Inline scripts, event-handler attributes and `javascript:` addresses in one page."""

    found: list[str] = field(default_factory=list)
    shipped: set[str] = field(default_factory=set)
    _in_script: bool = False
    _body: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=False)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"an event-handler attribute <{tag} {name}=...>")
            elif (value or "") and re.sub(r"[\s\x00-\x1f]", "", value or "").lower().startswith("javascript:"):
                self.found.append(f"a javascript: address in <{tag} {name}>")
        if tag == "script" and not any(name == "src" for name, _ in attrs):
            self._in_script, self._body = True, []

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self._body.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_script:
            self._in_script = False
            body = "".join(self._body)
            if body in SHIPPED_INLINE_SCRIPTS:
                self.shipped.add(body)
            else:
                self.found.append(f"an inline script the project does not ship ({' '.join(body.split())[:60]!r})")


def _scan(html: str) -> _ScriptFinder:
    finder = _ScriptFinder()
    finder.feed(html)
    finder.close()
    if finder._in_script:  # an unclosed <script> runs to the end of the page
        finder.found.append("an unclosed inline <script>")
    return finder


def foreign_scripts(html: str) -> list[str]:
    """What on a page could run as script without being one of the site's own scripts."""
    return _scan(html).found


def csp_for(html: str) -> str:
    """The policy for one page: own files only, plus those of the project's own inline scripts that the
    page carries, by the hash of their known source (never the hash of anything else on the page)."""
    hashes = sorted(script_hash(body) for body in _scan(html).shipped)
    script_src = " ".join(["'self'", *hashes])
    return (
        "default-src 'self'; "
        f"script-src {script_src}; "
        "style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; "
        "font-src 'self'; "
        "connect-src 'self'; "
        "media-src 'self'; "
        "object-src 'none'; "
        "frame-src 'none'; "
        "worker-src 'none'; "
        "manifest-src 'self'; "
        "base-uri 'self'; "
        "form-action 'self'"
    )


class PolicyPlaceError(SphinxError):
    category = "No place for the security policy"


def add_csp(html: str, name: str = "page") -> str:
    """Put the policy first in <head> (or first in the file, for a bare redirect page without <html>).

    After the whole build, not in a template: the policy allows the shipped scripts the written page holds,
    and some pages are written by other extensions (the root redirect, the course pack's print page)."""
    html = _CSP_META.sub("", html)
    html = _REFERRER_META.sub("", html)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{csp_for(html)}">\n'
    meta += '<meta name="referrer" content="no-referrer">\n'
    if not _HEAD_OPEN.search(html):
        if re.search(r"<html[\s>]", html, re.I):
            raise PolicyPlaceError(
                f"{name}: a whole HTML page whose <head> the pattern does not find, so it would have no "
                "security policy: update _HEAD_OPEN in supportbook/sphinxext/html.py"
            )
        return meta + html
    return _HEAD_OPEN.sub(lambda m: m.group(0) + "\n" + meta, html, count=1)


def disable_storage_writes(script: str) -> str:
    """Turn `localStorage.setItem(...)` / `sessionStorage.setItem(...)` into calls that do nothing."""
    return _STORAGE_WRITE.sub(_NO_OP_CALL, script)


def storage_writes_left(script: str) -> list[str]:
    """The places a script (already through `disable_storage_writes`) could still store something."""
    return [" ".join(script[m.start() : m.end() + 20].split()) for m in _STORAGE_LEFT.finditer(script)]


class StorageWriteError(SphinxError):
    category = "Script stores data"


def check_scripts(static: Path) -> None:
    """Fail the build, naming the script and the place, if any script could still write to browser storage."""
    for script in sorted(static.rglob("*.js")):
        left = storage_writes_left(script.read_text(encoding="utf-8"))
        if left:
            raise StorageWriteError(
                f"{script.name}: could still store data in the browser ({left[0]!r}); the site stores nothing: "
                "make disable_storage_writes in supportbook/sphinxext/html.py turn it into a no-op"
            )


def escape_titles(context: dict[str, Any]) -> None:
    """The book's title (a course pack's comes from `--title`) is text: furo prints `docstitle` and
    `project` unescaped in places, so they become escaped Markup, which `|e` leaves as it is."""
    for key in ("docstitle", "project", "shorttitle"):
        value = context.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            context[key] = escape(value)


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    context["supportbook_appendix"] = APPENDIX_DOC
    context["supportbook_start"] = START_DOC
    context["supportbook_neutral_site"] = NEUTRAL_SITE
    context["supportbook_js_on_script"] = JS_ON_SCRIPT
    context["supportbook_theme_script"] = THEME_SCRIPT
    escape_titles(context)


# Sphinx's search page writes each result's title and description as HTML; here they are text.
_SEARCH_AS_TEXT = (
    ("linkEl.innerHTML = title;", "linkEl.textContent = title;"),
    (
        'listItem.appendChild(document.createElement("span")).innerHTML =',
        'listItem.appendChild(document.createElement("span")).textContent =',
    ),
)


def search_results_as_text(script: str, name: str = "searchtools.js") -> str:
    for before, after in _SEARCH_AS_TEXT:
        script = script.replace(before, after)
    if re.search(r"\.innerHTML\s*=|insertAdjacentHTML|\.outerHTML\s*=", script):
        raise ForeignScriptError(
            f"{name}: still writes search results as HTML (the Sphinx version changed?); update "
            "_SEARCH_AS_TEXT in supportbook/sphinxext/html.py so results are inserted as text"
        )
    return script


def check_pages(outdir: Path) -> None:
    """Fail the build, naming the page and what it holds, if any page could run a script not shipped."""
    problems = [
        f"{page.relative_to(outdir)}: {what}"
        for page in sorted(outdir.rglob("*.html"))
        for what in foreign_scripts(page.read_text(encoding="utf-8"))
    ]
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ForeignScriptError(
            f"{problems[0]}{more}; the site runs only its own scripts: remove it from the page or the title "
            "(or add a shipped script in supportbook/sphinxext/html.py)"
        )


def _finish(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or app.builder.name != "html":
        return
    outdir = Path(app.outdir)
    for page in outdir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        page.write_text(add_csp(text, str(page.relative_to(outdir))), encoding="utf-8")
    for script in (outdir / "_static").rglob("*.js"):
        text = script.read_text(encoding="utf-8")
        patched = disable_storage_writes(text)
        if script.name == "searchtools.js":
            patched = search_results_as_text(patched, str(script.relative_to(outdir)))
        if patched != text:
            script.write_text(patched, encoding="utf-8")
    check_scripts(outdir / "_static")
    check_pages(outdir)


def setup(app: Sphinx) -> None:
    static = Path(__file__).parent / "static"
    app.connect("builder-inited", lambda a: a.config.html_static_path.append(str(static)))
    app.add_css_file("supportbook.css")
    app.add_css_file("safety.css")
    app.add_js_file("quick-exit.js", loading_method="defer")
    app.connect("html-page-context", _page_context)
    # Late, so that every other handler that writes HTML (or a redirect page) has run first.
    app.connect("build-finished", _finish, priority=900)
