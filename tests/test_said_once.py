"""Said once: the built book does not repeat itself. A sentence of 12 words or more typed on three or more
pages fails (text rendered from one source by a directive or data is the same everywhere on purpose, and
is left out); the hopeful "most stop" finding, the "asking puts the idea in their head" myth and every
other myth appear once in the whole book."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from supportbook import saidonce

MOST_STOP = re.compile(r"\bmost (?:young )?people who self-harm[^.]{0,80}\bstop|\bstop self-harming as they grow", re.I)
DONT_WAIT = re.compile(r"\b(?:don't|do not|don’t) wait\b", re.I)
ASKING_MYTH = re.compile(r"\b(?:put|puts|putting|give|gives|plant|plants)\b[^.]{0,20}\bthe idea\b", re.I)


def _page_text(page: Path) -> str:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article[role=main]") or soup
    return " ".join(article.get_text(" ", strip=True).replace("’", "'").split())


def _texts(book_html: Path) -> dict[str, str]:
    return {page.relative_to(book_html).as_posix(): _page_text(page) for page in saidonce.pages(book_html)}


def test_no_typed_sentence_of_twelve_words_or_more_appears_on_three_or_more_pages(book_html: Path) -> None:
    found = saidonce.repeats(book_html)
    report = "\n".join(f"{len(where)} pages: {sentence}\n    {', '.join(where)}" for sentence, where in found.items())
    assert not found, f"{len(found)} sentence(s) repeated on 3+ pages (say it once and link to it):\n{report}"


def test_the_repeat_finder_counts_typed_text_and_skips_text_rendered_from_data(tmp_path: Path) -> None:
    refrain = "Most young people find that the hardest part is the first talk with someone they trust"
    generated = "Call the emergency number now if anyone is in danger or has taken anything at all tonight"
    (tmp_path / "index.html").write_text("<article role='main'><p>Hello.</p></article>", encoding="utf-8")
    for name in ("a", "b", "c"):
        body = f"<p>{refrain}. Short one.</p><div class='supportbook-ladder'><p>{generated}.</p></div>"
        (tmp_path / f"{name}.html").write_text(f"<article role='main'>{body}</article>", encoding="utf-8")
    found = saidonce.repeats(tmp_path)
    assert list(found.values()) == [["a.html", "b.html", "c.html"]]
    assert next(iter(found)).startswith("most young people find")


def test_the_most_stop_finding_is_said_once_with_dont_wait(book_html: Path) -> None:
    pages = [name for name, text in _texts(book_html).items() if MOST_STOP.search(text)]
    assert len(pages) == 1, f"the 'most stop' finding is on {len(pages)} pages: {pages}"
    text = _texts(book_html)[pages[0]]
    sentence_at = MOST_STOP.search(text).start()
    assert DONT_WAIT.search(text[max(0, sentence_at - 400) : sentence_at + 600]), pages[0]


def test_the_asking_puts_the_idea_in_their_head_myth_is_answered_once(book_html: Path) -> None:
    pages = [name for name, text in _texts(book_html).items() if ASKING_MYTH.search(text)]
    assert len(pages) == 1, f"the myth is answered on {len(pages)} pages: {pages}"


def test_every_myth_appears_once_in_the_book(book_html: Path) -> None:
    seen: dict[str, str] = {}
    for page in saidonce.pages(book_html):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for strong in soup.select("article[role=main] strong"):
            if strong.get_text(strip=True).rstrip(":").lower() != "myth":
                continue
            block = strong.find_parent(["p", "li", "dt", "dd"]) or strong.parent
            text = " ".join(block.get_text(" ", strip=True).split()).lower()
            myth = re.split(r"\bfact\b", text)[0].strip()
            name = page.relative_to(book_html).as_posix()
            assert myth not in seen, f"'{myth}' is on {seen[myth]} and {name}"
            seen[myth] = name
