"""What the print and e-reader editions need on the machine, and the one command that installs it.

Standard library only: `make pdf` runs `python3 -m supportbook toolchain tex` before the virtual
environment exists, and it prints the Debian/Ubuntu command and exits 1 when TeX is missing. The packages
are those of group `tex` in `system-packages.txt`, the one list of system packages (see `systempackages`).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from collections.abc import Sequence

from supportbook import systempackages

TEX_COMMANDS = ("xelatex", "latexmk")
# Font files the book's `latex_elements.fontpkg` names (TeX Gyre from tex-gyre, FreeMono from fonts-freefont-otf).
TEX_FONTS = ("texgyrepagella-regular.otf", "texgyreheros-regular.otf", "FreeMono.otf")
TEX_PACKAGES = systempackages.packages("tex")
TEX_INSTALL = "sudo apt-get install -y " + " ".join(TEX_PACKAGES)
JAVA_INSTALL = "sudo apt-get install -y " + " ".join(systempackages.packages("java"))


def missing_tex() -> list[str]:
    """The TeX commands and font files that are not installed (empty when the PDF can be built)."""
    missing = [command for command in TEX_COMMANDS if shutil.which(command) is None]
    kpsewhich = shutil.which("kpsewhich")
    if kpsewhich and not missing:
        for font in TEX_FONTS:
            found = subprocess.run([kpsewhich, font], capture_output=True, text=True, check=False)
            if found.returncode != 0 or not found.stdout.strip():
                missing.append(font)
    return missing


def missing_java() -> bool:
    return shutil.which("java") is None


def tex_message(missing: Sequence[str]) -> str:
    return (
        f"TeX is missing ({', '.join(missing)}); the PDF editions need it. On Debian or Ubuntu, install it "
        f"with:\n\n    {TEX_INSTALL}\n"
    )


def run(args: argparse.Namespace) -> int:
    if args.what == "tex":
        missing = missing_tex()
        if missing:
            print(tex_message(missing), file=sys.stderr)
            return 1
        return 0
    if missing_java():
        print(f"Java is missing; EPUBCheck needs it. Install it with:\n\n    {JAVA_INSTALL}\n", file=sys.stderr)
        return 1
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "toolchain", help="check that TeX (for the PDFs) or Java (for EPUBCheck) is installed; say how if not"
    )
    parser.add_argument("what", nargs="?", choices=("tex", "java"), default="tex", help="what to check (default: tex)")
    parser.set_defaults(func=run)
