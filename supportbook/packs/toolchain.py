"""What the print and e-reader editions need on the machine, and the one command that installs it.

Standard library only: `make pdf` runs `python3 -m supportbook.packs.toolchain tex` before the virtual
environment exists, and it prints the Debian/Ubuntu command and exits 1 when TeX is missing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Sequence

TEX_COMMANDS = ("xelatex", "latexmk")
# Font files the book's `latex_elements.fontpkg` names (TeX Gyre from tex-gyre, FreeMono from fonts-freefont-otf).
TEX_FONTS = ("texgyrepagella-regular.otf", "texgyreheros-regular.otf", "FreeMono.otf")
TEX_PACKAGES = (
    "texlive-xetex",
    "latexmk",
    "texlive-latex-extra",
    "texlive-latex-recommended",
    "texlive-fonts-recommended",
    "fonts-freefont-otf",
    "tex-gyre",
    "lmodern",
)
TEX_INSTALL = "sudo apt-get install -y " + " ".join(TEX_PACKAGES)
JAVA_INSTALL = "sudo apt-get install -y default-jre-headless"


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


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    what = args[0] if args else "tex"
    if what == "tex":
        missing = missing_tex()
        if missing:
            print(tex_message(missing), file=sys.stderr)
            return 1
        return 0
    if what == "java":
        if missing_java():
            print(f"Java is missing; EPUBCheck needs it. Install it with:\n\n    {JAVA_INSTALL}\n", file=sys.stderr)
            return 1
        return 0
    print("usage: python -m supportbook.packs.toolchain [tex|java]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
