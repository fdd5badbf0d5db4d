"""One source, three outputs: the practice pages become student notebooks and otter-grader
assignments; the reference grades 100 %, the untouched student notebook runs and grades 0,
and the assignments are the same bytes when built twice.

The pipeline tests run otter-grader offline (``otter assign`` and ``otter run``, no Docker).
"""

import csv
import importlib.util
import re
import shutil
import zipfile
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("assignments", ROOT / "tools" / "assignments.py")
asg = importlib.util.module_from_spec(spec)
spec.loader.exec_module(asg)

PAGES = sorted((ROOT / "book" / "practices").glob("*.md"))
PRACTICES = [p for p in PAGES if asg.is_practice(p.read_text())]


def test_at_least_two_practices():
    assert len(PRACTICES) >= 2


# ------------------------------------------------------------------ the converter, piece by piece


def test_question_headings():
    text = "## Question 1: A (2 points)\n\nx\n\n## Question 2: B (1 point)\n## Other (3 points)\n"
    assert [(q["name"], q["points"]) for q in asg.questions(text)] == [("q1", 2.0), ("q2", 1.0)]
    assert asg.is_practice(text) and not asg.is_practice("## Summary\n")


def test_placeholders_keep_only_the_answers_later_cells_use():
    body = "counts = np.bincount(x)\np = counts / counts.sum()\ndef f(t):\n    return t\n"
    later = 'check("q1", p, x=x)\ncheck("q2", f)'
    assert asg.defined_names(body) == ["counts", "p", "f"]
    assert asg.placeholder_lines(body, later) == "# YOUR CODE HERE\np = ...\nf = ...\n"
    src = "y = 1\n    # BEGIN SOLUTION\n    p = 2\n    # END SOLUTION\nz = 3"
    assert asg.student_code(src, "check('q1', p)") == (
        "y = 1\n    # YOUR CODE HERE\n    p = ...\nz = 3"
    )


def test_solution_admonitions_are_removed():
    text = "a\n\n```{admonition} Solution\n:class: dropdown\nsecret\n```\n\nb\n"
    out = asg.strip_solution_admonitions(text)
    assert "secret" not in out and out.startswith("a") and out.rstrip().endswith("b")
    assert "keep" in asg.strip_solution_admonitions("```{admonition} Note\nkeep\n```\n")


def test_tests_are_built_from_the_check_call_and_do_not_trust_the_notebook():
    public, hidden = asg.tests_for('check("q2", h, pixels=pixels)', "entropy")
    assert "_Checker('entropy')('q2', h, pixels=pixels)" in public
    assert hidden.startswith("# HIDDEN") and ".strict('q2', h, pixels=pixels)" in hidden
    assert "check(" not in public.replace("_Checker", "")  # a redefined `check` is not used


def test_normalised_zip_ignores_timestamps(tmp_path):
    for i, date in enumerate([(2020, 1, 1, 0, 0, 0), (2024, 5, 6, 7, 8, 10)]):
        with zipfile.ZipFile(tmp_path / f"raw{i}.zip", "w") as z:
            for name in ["b.txt", "a.txt"] if i else ["a.txt", "b.txt"]:
                z.writestr(zipfile.ZipInfo(name, date_time=date), name * 3)
        asg.normalise_zip(tmp_path / f"raw{i}.zip", tmp_path / f"norm{i}.zip")
    assert (tmp_path / "norm0.zip").read_bytes() == (tmp_path / "norm1.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "norm0.zip") as z:
        assert z.namelist() == ["a.txt", "b.txt"] and z.read("b.txt") == b"b.txtb.txtb.txt"


# ------------------------------------------------------------------ every practice page


@pytest.mark.parametrize("page", PRACTICES, ids=lambda p: p.stem)
def test_page_structure(page):
    text = page.read_text()
    qs = asg.questions(text)
    assert 3 <= len(qs) <= 6
    assert [q["name"] for q in qs] == [f"q{i}" for i in range(1, len(qs) + 1)]
    total = sum(q["points"] for q in qs)
    intro = re.search(r"(\w+) questions,\s+(\d+) points", text)
    assert intro and int(intro.group(2)) == total, "the intro states the total points"
    assert f'Checker("{page.stem}")' in text
    nb = jupytext.reads(text, fmt="md:myst")
    for q in qs:
        checks = [
            c for c in nb.cells if c.cell_type == "code" and f'check("{q["name"]}"' in c.source
        ]
        assert len(checks) == 1, q
    # every solution cell is collapsed in the book
    for cell in nb.cells:
        if "# BEGIN SOLUTION" in cell.source:
            assert "hide-cell" in cell.metadata.get("tags", []), cell.source[:80]


@pytest.mark.parametrize("page", PRACTICES, ids=lambda p: p.stem)
def test_student_version_has_no_solutions(page):
    text = page.read_text()
    student = asg.student_text(text)
    assert "BEGIN SOLUTION" not in student and "{admonition} Solution" not in student
    for block in re.findall(r"# BEGIN SOLUTION\n(.*?)# END SOLUTION", text, re.S):
        for line in block.strip().splitlines():
            if "=" in line and text.count(line) == 1:
                assert line not in student
    assert student.count("# YOUR CODE HERE") == text.count("# BEGIN SOLUTION")
    assert student.count('check("q') == text.count('check("q')
    master = asg.otter_master(text, page.stem)
    raw = [c.source.splitlines()[0] for c in master.cells if c.cell_type == "raw"]
    n = len(asg.questions(text))
    assert raw.count("# BEGIN QUESTION") == raw.count("# END QUESTION") == n
    assert raw.count("# BEGIN TESTS") == n


# ------------------------------------------------------------------ the pipeline, end to end


@pytest.mark.parametrize("page", PRACTICES, ids=lambda p: p.stem)
def test_assignment_is_deterministic_and_grades_reference_full_student_zero(page, tmp_path):
    """``make assignments`` twice gives the same bytes; the reference grades 100 %; the
    untouched student notebook runs without an error and grades 0 on every question."""
    name = page.stem
    out, again = tmp_path / "a", tmp_path / "b"
    assert asg.build(ROOT / "book", out, [name]) == [name]
    assert asg.build(ROOT / "book", again, [name]) == [name]
    files = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert len(files) == 5
    for rel in files:
        assert (out / rel).read_bytes() == (again / rel).read_bytes(), rel

    subs = tmp_path / "submissions"  # one folder per student, as an LMS export gives them
    for who, src in [("reference", "autograder"), ("untouched", "student")]:
        (subs / who).mkdir(parents=True)
        shutil.copy(out / name / src / f"{name}.ipynb", subs / who / f"{name}.ipynb")
    # debug=True: any error in a cell of either notebook fails the grading
    asg.grade(out, subs, tmp_path / "grades.csv", debug=True)
    rows = list(csv.DictReader((tmp_path / "grades.csv").open()))
    qs = asg.questions(page.read_text())
    for who, expected in [("reference", "full"), ("untouched", "zero")]:
        who = f"{who}/{name}.ipynb"
        mine = {r["question"]: r for r in rows if r["submission"] == who}
        assert sorted(mine) == sorted(q["name"] for q in qs)
        for q in qs:
            r = mine[q["name"]]
            assert r["practice"] == name and float(r["max_score"]) == q["points"]
            want = q["points"] if expected == "full" else 0.0
            assert float(r["score"]) == want, (who, r)


def test_make_student_writes_runnable_practices(tmp_path):
    """tools/student_version.py (``make student``) treats a practice page as a practice."""
    spec = importlib.util.spec_from_file_location("sv", ROOT / "tools" / "student_version.py")
    sv = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sv)
    book = tmp_path / "book"
    (book / "practices").mkdir(parents=True)
    shutil.copy(PRACTICES[0], book / "practices" / "p.md")
    (book / "intro.md").write_text("# Intro\n")
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nparts:\n  - chapters:\n      - file: practices/p\n"
    )
    sv.main(book, tmp_path / "out")
    text = (tmp_path / "out" / "practices" / "p.md").read_text()
    assert text == asg.student_text(PRACTICES[0].read_text())
    assert "raise NotImplementedError" not in text and " = ...\n" in text
    assert (tmp_path / "out" / "practices" / "p.ipynb").is_file()


def test_submissions_are_matched_to_their_practice(tmp_path):
    known = ["entropy", "mutual_information"]
    meta = tmp_path / "alice" / "homework.ipynb"
    meta.parent.mkdir()
    meta.write_text('{"metadata": {"otter": {"assignment_name": "mutual_information"}}}')
    assert asg.practice_of(meta, known) == "mutual_information"
    by_name = tmp_path / "entropy-bob.ipynb"
    by_name.write_text("{}")
    assert asg.practice_of(by_name, known) == "entropy"
    with pytest.raises(ValueError, match="which practice"):
        asg.practice_of(tmp_path / "alice" / "homework.ipynb", ["fano"])
    with pytest.raises(ValueError, match="make assignments"):
        asg.grade(tmp_path, tmp_path / "alice", tmp_path / "g.csv")
