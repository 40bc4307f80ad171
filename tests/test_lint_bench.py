"""`supportbook.lint.bench()` times the whole book (the figure is printed, not asserted)."""

from __future__ import annotations

from supportbook.lint import bench


def test_bench_reports_the_book() -> None:
    result = bench(repeat=1)
    print(f"\nlint bench: {result}")
    assert result["files"] > 0
    assert result["lines"] > 0
    assert result["seconds"] >= 0
