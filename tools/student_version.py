"""Write the student version of the chapters: exercises kept, solutions removed.

Usage: python tools/student_version.py BOOK_DIR OUT_DIR

For every chapter listed in _toc.yml this writes OUT_DIR/<chapter>.md and
OUT_DIR/<chapter>.ipynb (no outputs) in which

- every ``{solution}`` directive block is removed, and so is every gated solution
  (``{solution-start}`` ... ``{solution-end}``) except the code cells inside it, and
- in code cells, the lines between ``# BEGIN SOLUTION`` and ``# END SOLUTION``
  are replaced by a ``# YOUR CODE HERE`` placeholder.

A hands-on practice (a page with ``## Question N: ... (P points)`` headings) is written by
``tools/assignments.py`` instead: its placeholders keep the answer variables (``p = ...``) and
its check cells, so the student notebook runs from top to bottom.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import jupytext
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import assignments  # noqa: E402  (tools/assignments.py: the practices' student version)

FENCE = re.compile(r"^(?P<ticks>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}")
PLACEHOLDER = "# YOUR CODE HERE\nraise NotImplementedError\n"


def _closing(lines: list[str], i: int, ticks: str) -> int:
    """Index of the line that closes the fence opened at line ``i``."""
    j = i + 1
    while j < len(lines) and lines[j].rstrip() != ticks:
        j += 1
    return j


def strip_solution_blocks(text: str) -> str:
    """Remove solutions: ``{solution}`` blocks, and gated ``{solution-start}``/``{solution-end}``.

    A gated solution holds its code cells between the two fences (so that the book shows them
    inside the dropdown); the student version keeps those code cells, without the fences and
    the solution's prose, for ``strip_solution_code`` to empty.
    """
    out, lines, i = [], text.splitlines(keepends=True), 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if m and m.group("name") == "solution":
            i = _closing(lines, i, m.group("ticks")) + 1
            # drop one blank line left behind
            if i < len(lines) and not lines[i].strip() and out and not out[-1].strip():
                i += 1
            continue
        if m and m.group("name") == "solution-start":
            i = _closing(lines, i, m.group("ticks")) + 1
            while i < len(lines):
                inner = FENCE.match(lines[i])
                if inner and inner.group("name") == "solution-end":
                    i = _closing(lines, i, inner.group("ticks")) + 1
                    break
                if inner and inner.group("name") == "code-cell":
                    end = _closing(lines, i, inner.group("ticks"))
                    out.extend(lines[i : end + 1])
                    out.append("\n")
                    i = end + 1
                    continue
                i += 1
            continue
        out.append(lines[i])
        i += 1
    return "".join(out)


def strip_solution_code(text: str) -> str:
    """Replace the lines between BEGIN/END SOLUTION markers by a placeholder."""
    pattern = re.compile(
        r"^([ \t]*)# BEGIN SOLUTION\n.*?^[ \t]*# END SOLUTION[ \t]*\n", re.S | re.M
    )
    return pattern.sub(
        lambda m: "".join(m.group(1) + line for line in PLACEHOLDER.splitlines(True)), text
    )


def student_text(text: str) -> str:
    """The student version of one chapter's MyST source."""
    return strip_solution_code(strip_solution_blocks(text))


def chapters(toc_path: Path) -> list[str]:
    """Chapter names (paths relative to book/, without suffix) in _toc.yml order."""
    toc = yaml.safe_load(toc_path.read_text())
    names = [toc["root"]]
    for part in toc.get("parts", []):
        for ch in part.get("chapters", []):
            names.append(ch["file"])
            names.extend(s["file"] for s in ch.get("sections", []))
    return names


def main(book: Path, out: Path) -> int:
    toc = book.parent / "_toc.yml"
    written = 0
    for name in chapters(toc):
        src = book / f"{name}.md"
        if not src.is_file():
            continue
        text = src.read_text()
        # a hands-on practice keeps its answer variables (``p = ...``) so that it still runs
        practice = assignments.is_practice(text)
        text = assignments.student_text(text) if practice else student_text(text)
        dest = out / f"{name}.md"
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text)
        jupytext.write(jupytext.reads(text, fmt="md:myst"), out / f"{name}.ipynb")
        written += 1
    print(f"wrote {written} student chapters to {out}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
