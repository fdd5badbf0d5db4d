"""The student version keeps every exercise and removes every solution."""

import importlib.util
import re
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location(
    "student_version", ROOT / "tools" / "student_version.py"
)
sv = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sv)

CHAPTERS = [ROOT / "book" / f"{name}.md" for name in sv.chapters(ROOT / "_toc.yml")]
CHAPTERS = [c for c in CHAPTERS if c.is_file() and "{exercise}" in c.read_text()]


def test_some_chapters_have_exercises():
    assert len(CHAPTERS) >= 2


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_student_version_of_chapter(path):
    text = path.read_text()
    student = sv.student_text(text)
    n_ex = len(re.findall(r"^```\{exercise\}", text, re.M))
    assert n_ex >= 1
    assert len(re.findall(r"^```\{exercise\}", student, re.M)) == n_ex
    assert "{solution}" not in student
    assert "{solution-start}" not in student and "{solution-end}" not in student
    assert "BEGIN SOLUTION" not in student and "END SOLUTION" not in student
    # every solution code block became a placeholder, and the rest of the page is intact
    n_code = text.count("# BEGIN SOLUTION")
    assert student.count("# YOUR CODE HERE") == n_code
    assert student.count("```{code-cell}") == text.count("```{code-cell}")
    # what was between the markers is gone
    for block in re.findall(r"# BEGIN SOLUTION\n(.*?)# END SOLUTION", text, re.S):
        for line in block.strip().splitlines():
            if len(line.strip()) > 25 and text.count(line) == 1:
                assert line not in student
    nb = jupytext.reads(student, fmt="md:myst")
    assert len(nb.cells) > 0


def test_strip_handles_colon_fences_and_indentation():
    src = (
        "intro\n\n:::{solution} ex-1\n:class: dropdown\nsecret\n:::\n\n"
        "```{code-cell} ipython3\nx = 1\n    # BEGIN SOLUTION\n    y = 2\n    # END SOLUTION\n```\n"
    )
    out = sv.student_text(src)
    assert "secret" not in out and "y = 2" not in out
    assert "    # YOUR CODE HERE\n    raise NotImplementedError\n" in out
    assert out.startswith("intro") and "x = 1" in out


def test_gated_solution_keeps_only_emptied_code():
    src = (
        "```{exercise}\n:label: ex-1\nDo it.\n```\n\n"
        "````{solution-start} ex-1\n:class: dropdown\n````\n\nThe idea is secret.\n\n"
        "```{code-cell} ipython3\n# BEGIN SOLUTION\nanswer = 42\n# END SOLUTION\n```\n\n"
        "````{solution-end}\n````\n\nAfter.\n"
    )
    out = sv.student_text(src)
    assert "secret" not in out and "answer = 42" not in out
    assert "solution-start" not in out and "solution-end" not in out
    assert "```{code-cell} ipython3\n# YOUR CODE HERE\nraise NotImplementedError\n```" in out
    assert out.count("```{exercise}") == 1 and out.rstrip().endswith("After.")


def _gated_spans(text):
    """Character spans of gated solutions (solution-start to solution-end)."""
    starts = [m.start() for m in re.finditer(r"^`{3,}\{solution-start\}", text, re.M)]
    ends = [m.end() for m in re.finditer(r"^`{3,}\{solution-end\}", text, re.M)]
    assert len(starts) == len(ends)
    return list(zip(starts, ends, strict=True))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_solution_code_is_hidden_in_the_book(path):
    """A solution's code cell sits inside its (collapsed) solution, or is collapsed itself."""
    text = path.read_text()
    spans = _gated_spans(text)
    for m in re.finditer(r"^```\{code-cell\}[^\n]*\n(.*?)^```", text, re.S | re.M):
        cell = m.group(1)
        if "# BEGIN SOLUTION" in cell:
            inside = any(a < m.start() < b for a, b in spans)
            header = cell.split("# BEGIN SOLUTION")[0]
            assert inside or "hide-cell" in header or "remove-cell" in header, cell[:200]
