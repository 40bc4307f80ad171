"""The teacher's kit outside Sphinx: lesson plans and worksheets read from their MyST source, and the files
made from them (slides with python-pptx, Word documents with python-docx).

`source` reads a page into plain blocks, `plan` finds a lesson plan's parts in those blocks, `safety`
gives the safety-box text from the resources data, `slides` and `documents` write the files, and `command`
is `python -m supportbook slides` / `docs`. Nothing here imports Sphinx.
"""
