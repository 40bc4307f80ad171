"""Packaging: one command tree, dependencies declared in pyproject.toml and locked in requirements.txt, and
one list of system packages that .ci/run, the TeX check, the README and the Pages workflow all use."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from supportbook import cli, systempackages
from supportbook.packs import toolchain

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
ROOT_NOTE = "supportbook (pyproject.toml)"


def _lock() -> dict[str, tuple[str, set[str]]]:
    """requirements.txt: package -> (pinned version, the packages it is there for, from its `# via` lines)."""
    pins: dict[str, tuple[str, set[str]]] = {}
    current = None
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        pin = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line)
        if pin:
            current = canonicalize_name(pin.group(1))
            pins[current] = (pin.group(2), set())
            continue
        via = re.match(r"^\s+#\s+(?:via\s+)?(\S.*)$", line)
        if current and via and via.group(1) != "via":
            pins[current][1].add(via.group(1) if via.group(1) == ROOT_NOTE else canonicalize_name(via.group(1)))
    return pins


def _declared() -> list[Requirement]:
    project = PYPROJECT["project"]
    extras = project["optional-dependencies"]
    return [Requirement(r) for r in [*project["dependencies"], *extras["test"], *extras["bench"]]]


# ---- one command tree ---------------------------------------------------------------------------------


def test_the_console_script_is_the_one_command_tree() -> None:
    assert PYPROJECT["project"]["scripts"] == {"supportbook": "supportbook.cli:main"}
    parser = cli.build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert set(commands) == set(cli.COMMANDS)


def test_no_module_has_an_entry_point_of_its_own() -> None:
    """Every command is a subcommand: no `main()` or `if __name__ == "__main__"` outside cli and __main__."""
    for path in sorted((ROOT / "supportbook").rglob("*.py")):
        if path.name == "__main__.py" or path == ROOT / "supportbook" / "cli.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
        assert "main" not in names, f"{path.relative_to(ROOT)}: make it a subcommand (register/run)"
        assert "__main__" not in path.read_text(encoding="utf-8"), path.relative_to(ROOT)


@pytest.mark.parametrize("command", sorted(cli.COMMANDS))
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main([command, "--help"]) == 0
    assert f"supportbook {command}" in capsys.readouterr().out


def test_an_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["nosuch"]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_a_command_whose_file_is_missing_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in (["readability", str(tmp_path / "x.html")], ["texlog", str(tmp_path / "x.log")]):
        assert cli.main(command) == 2
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and "cannot read" in err, err


# ---- Python dependencies and the lock -----------------------------------------------------------------


def test_every_declared_dependency_is_locked_at_a_version_it_allows() -> None:
    """Offline half of the lock check (`make lock-check` asks pip-compile, in `make test`)."""
    pins = _lock()
    for requirement in _declared():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is in pyproject.toml but not in requirements.txt: run make lock"
        assert requirement.specifier.contains(pins[name][0], prereleases=True), (
            f"requirements.txt pins {name}=={pins[name][0]}, which pyproject.toml's {requirement} does not allow"
        )


def test_the_lock_holds_what_pyproject_needs_and_nothing_else() -> None:
    """The packages the lock says it has for pyproject.toml are exactly the declared ones, and every other
    pin is there for one of them (so a dependency dropped from pyproject.toml is dropped from the lock)."""
    pins = _lock()
    declared = {canonicalize_name(r.name) for r in _declared()}
    direct = {name for name, (_, via) in pins.items() if ROOT_NOTE in via}
    assert direct == declared, "requirements.txt is out of date with pyproject.toml: run make lock"
    needed, todo = set(), list(declared)
    while todo:
        name = todo.pop()
        if name not in needed:
            needed.add(name)
            todo += [child for child, (_, via) in pins.items() if name in via]
    assert set(pins) == needed, f"locked but needed by nothing: {sorted(set(pins) - needed)}"


def test_the_lock_is_made_by_pip_tools_with_the_make_lock_command() -> None:
    head = (ROOT / "requirements.txt").read_text(encoding="utf-8")[:400]
    assert "autogenerated by pip-compile" in head and "make lock" in head
    assert "--index-url" not in head and "--find-links" not in head


# ---- one list of system packages ----------------------------------------------------------------------


def test_the_readme_quotes_the_one_list_of_system_packages() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"sudo apt-get install -y ((?:[^\n\\]|\\\n)+)", readme)
    assert len(commands) == 1, "the README has one apt-get command"
    assert commands[0].replace("\\\n", " ").split() == list(systempackages.packages())


def test_ci_the_tex_check_and_the_pages_workflow_read_the_list() -> None:
    assert "system-packages.txt" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "system-packages.txt" in (ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    assert toolchain.TEX_PACKAGES == systempackages.packages("tex") != ()
    assert toolchain.TEX_INSTALL.split()[4:] == list(systempackages.packages("tex"))
    assert toolchain.JAVA_INSTALL.endswith("default-jre-headless")
    for path in (ROOT / ".ci" / "run", ROOT / ".github" / "workflows" / "pages.yml", ROOT / "Makefile"):
        assert "texlive-xetex" not in path.read_text(encoding="utf-8"), f"{path.name} lists packages itself"


def test_every_line_of_the_list_is_a_package_and_a_known_group(tmp_path: Path) -> None:
    groups = {group for _, group in systempackages.read()}
    assert groups == {"browser", "fonts", "pdf", "java", "tex", "node"}
    bad = tmp_path / "list.txt"
    bad.write_text("chromium\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"list\.txt:1"):
        systempackages.read(bad)


# ---- the test loop ------------------------------------------------------------------------------------


def test_every_marker_the_tests_use_is_registered() -> None:
    registered = {line.split(":")[0] for line in PYPROJECT["tool"]["pytest"]["ini_options"]["markers"]}
    assert {"book", "browser", "tex", "build", "slow", "smoke"} <= registered


def test_make_test_reuses_the_book_make_book_built_and_runs_in_parallel() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    test_rule = re.search(r"^test: (.*)\n((?:\t.*\n)+)", makefile, re.M)
    assert test_rule and "book" in test_rule.group(1).split()
    assert "SUPPORTBOOK_HTML=" in test_rule.group(2) and "-n $(JOBS)" in test_rule.group(2)
    assert "lock-check" in test_rule.group(2)
