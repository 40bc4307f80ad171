"""HTML-only behaviour: the safety bar, quick exit, print control and a strict Content-Security-Policy.

Privacy by construction: after the build, every HTML page gets a CSP `<meta>` that allows only the
site's own files (inline scripts are allowed by their SHA-256 hash only), and the theme's scripts are
made unable to write to browser storage (furo remembers the colour theme in localStorage; here the
choice lasts for the page only). Nothing here runs for LaTeX or EPUB, which get the same content from
builder-neutral nodes.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

APPENDIX_DOC = "book/back/safety-resources"
NEUTRAL_SITE = "https://www.google.com/"
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S)
_HEAD_OPEN = re.compile(r"<head(?:\s[^>]*)?>", re.I)
_CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?')
_REFERRER_META = re.compile(r'<meta name="referrer" content="no-referrer">\n?')
# Calls that would store something in the reader's browser, and the no-op that replaces them (the
# arguments are still evaluated, so the surrounding script keeps working).
_STORAGE_WRITE = re.compile(r"\b(?:window\.)?(?:localStorage|sessionStorage)\.setItem\(")
_NO_OP_CALL = "(function(){})("


def csp_for(html: str) -> str:
    """The policy for one page: own files only, plus the exact inline scripts the page carries."""
    hashes = sorted(
        {
            "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"
            for body in _INLINE_SCRIPT.findall(html)
        }
    )
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


def add_csp(html: str) -> str:
    """Put the policy first in <head> (or first in the file, for a bare redirect page)."""
    html = _CSP_META.sub("", html)
    html = _REFERRER_META.sub("", html)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{csp_for(html)}">\n'
    meta += '<meta name="referrer" content="no-referrer">\n'
    if not _HEAD_OPEN.search(html):
        return meta + html
    return _HEAD_OPEN.sub(lambda m: m.group(0) + "\n" + meta, html, count=1)


def disable_storage_writes(script: str) -> str:
    """Turn `localStorage.setItem(...)` / `sessionStorage.setItem(...)` into calls that do nothing."""
    return _STORAGE_WRITE.sub(_NO_OP_CALL, script)


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    context["supportbook_appendix"] = APPENDIX_DOC
    context["supportbook_neutral_site"] = NEUTRAL_SITE


def _finish(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or app.builder.name != "html":
        return
    outdir = Path(app.outdir)
    for page in outdir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        page.write_text(add_csp(text), encoding="utf-8")
    for script in (outdir / "_static").rglob("*.js"):
        text = script.read_text(encoding="utf-8")
        patched = disable_storage_writes(text)
        if patched != text:
            script.write_text(patched, encoding="utf-8")


def setup(app: Sphinx) -> None:
    static = Path(__file__).parent / "static"
    app.connect("builder-inited", lambda a: a.config.html_static_path.append(str(static)))
    app.add_css_file("supportbook.css")
    app.add_css_file("safety.css")
    app.add_js_file("quick-exit.js", loading_method="defer")
    app.connect("html-page-context", _page_context)
    # Late, so that every other handler that writes HTML (or a redirect page) has run first.
    app.connect("build-finished", _finish, priority=900)
