"""Print and e-reader editions: the book PDF, chapter handouts, course packs and the EPUB.

`editions` builds the book PDF, the handouts and the EPUB (`make pdf`, `make handouts`, `make epub`);
`pack` builds a course pack of chosen chapters (`python -m supportbook pack`, see `command`). A pack or a
handout is built from a small Jupyter Book project generated next to the book (`project`), so it is set
exactly like the book. `toolchain` says what the machine lacks, `texlog` finds dropped glyphs.

This package imports nothing at load time: `python3 -m supportbook toolchain tex` works without the
virtual environment (`make pdf` checks for TeX before anything else).
"""
