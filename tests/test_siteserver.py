"""The test and bench web server: a client that hangs up is not an error, anything else still is."""

from __future__ import annotations

import pytest

from supportbook.siteserver import QuietServer


def _report(server: QuietServer, error: Exception) -> None:
    try:
        raise error
    except Exception:
        server.handle_error(None, ("127.0.0.1", 1))


def test_a_client_hanging_up_prints_nothing_but_other_errors_are_reported(capsys: pytest.CaptureFixture[str]) -> None:
    server = QuietServer(("127.0.0.1", 0), bind_and_activate=False, RequestHandlerClass=object)  # type: ignore[arg-type]
    try:
        _report(server, BrokenPipeError(32, "Broken pipe"))
        _report(server, ConnectionResetError(104, "Connection reset by peer"))
        assert capsys.readouterr().err == ""
        _report(server, ValueError("a real bug"))
        assert "ValueError: a real bug" in capsys.readouterr().err
    finally:
        server.server_close()
