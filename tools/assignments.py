"""One source, three outputs: the hands-on practices as book pages, student notebooks and
otter-grader assignments.

Usage:
    python tools/assignments.py build BOOK_DIR OUT_DIR [NAME ...]
        For every practice page (book/practices/<name>.md with questions) write
        OUT_DIR/<name>/student/<name>.ipynb       the student notebook (otter format)
        OUT_DIR/<name>/autograder/<name>.ipynb    the reference solution
        OUT_DIR/<name>/autograder/<name>-autograder.zip   the autograder (hidden tests)
        OUT_DIR/<name>/source/<name>.ipynb        the otter master notebook it came from
        Output is byte-for-byte deterministic (cell ids, zip entry order and timestamps).
    python tools/assignments.py grade ASSIGNMENTS_DIR SUBMISSIONS_DIR OUT_CSV
        Grade every *.ipynb under SUBMISSIONS_DIR with `otter run` (locally, no Docker)
        against the autograder of its practice (from the notebook's otter metadata, else
        from the file name) and write one CSV row per submission and question.

A practice page is a jupytext MyST notebook in which

- each question starts with a heading ``## Question N: title (P points)``;
- the answer is computed in a code cell whose solution lies between ``# BEGIN SOLUTION``
  and ``# END SOLUTION`` (tagged ``hide-cell``, so the book shows it collapsed);
- a check cell ``check("qN", answer, **data)`` follows, with ``check = Checker("<name>")``
  created in the setup cell (see ``itlab.practice``);
- optional ``{admonition} Solution`` blocks with ``:class: dropdown`` explain the solution
  in the book only.

The student version replaces each solution by ``# YOUR CODE HERE`` and ``answer = ...``
for every name the solution defines that a later check cell uses, so the unmodified
student notebook runs from top to bottom and every check answers "not answered yet".
"""

from __future__ import annotations

import ast
import csv
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import textwrap
import zipfile
from pathlib import Path

import jupytext
import nbformat

QUESTION = re.compile(
    r"^##\s+Question\s+(?P<n>\d+)\b.*\((?P<points>\d+(?:\.\d+)?)\s+points?\)\s*$", re.M
)
SOLUTION_CODE = re.compile(
    r"^(?P<indent>[ \t]*)# BEGIN SOLUTION[ \t]*\n(?P<body>.*?)^[ \t]*# END SOLUTION[ \t]*\n?",
    re.S | re.M,
)
CHECK_CALL = re.compile(r"^check\(\s*[\"'](?P<q>q\d+)[\"']\s*,", re.M)
FENCE = re.compile(r"^(?P<ticks>`{3,}|:{3,})\{admonition\}\s+Solution\b")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


# ----------------------------------------------------------------------------- parsing


def is_practice(text: str) -> bool:
    """A page is a practice when it has at least one ``## Question N ... (P points)``."""
    return QUESTION.search(text) is not None


def strip_solution_admonitions(text: str) -> str:
    """Remove ``{admonition} Solution ...`` blocks (backtick or colon fences)."""
    out, lines, i = [], text.splitlines(keepends=True), 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if m:
            closing = m.group("ticks")
            i += 1
            while i < len(lines) and lines[i].rstrip() != closing:
                i += 1
            i += 1
            if i < len(lines) and not lines[i].strip() and out and not out[-1].strip():
                i += 1
            continue
        out.append(lines[i])
        i += 1
    return "".join(out)


def defined_names(code: str) -> list[str]:
    """Names bound at the top level of ``code``, in order of first binding."""
    names: list[str] = []
    for node in ast.parse(textwrap.dedent(code)).body:
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            targets = [node.target]
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.append(node.name)
        for t in targets:
            for sub in ast.walk(t):
                if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                    names.append(sub.id)
    return list(dict.fromkeys(names))


def used_names(code: str) -> set[str]:
    return {n.id for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Name)}


def placeholder_lines(solution_body: str, later_code: str, indent: str = "") -> str:
    """``# YOUR CODE HERE`` and ``name = ...`` for each answer a later cell uses."""
    used = used_names(later_code) if later_code.strip() else set()
    answers = [n for n in defined_names(solution_body) if n in used]
    lines = ["# YOUR CODE HERE"] + [f"{n} = ..." for n in answers]
    return "".join(f"{indent}{line}\n" for line in lines)


def student_code(source: str, later_code: str) -> str:
    """A code cell's source with each solution block replaced by placeholders."""
    return SOLUTION_CODE.sub(
        lambda m: placeholder_lines(m.group("body"), later_code, m.group("indent")), source
    ).rstrip("\n")


def _check_cells_code(nb) -> str:
    cells = [c for c in nb.cells if c.cell_type == "code" and CHECK_CALL.search(c.source)]
    return "\n".join(c.source for c in cells)


def student_notebook(text: str):
    """The student version (a notebook) of one practice page's MyST source."""
    nb = jupytext.reads(strip_solution_admonitions(text), fmt="md:myst")
    checks = _check_cells_code(nb)
    for cell in nb.cells:
        if cell.cell_type == "code" and "# BEGIN SOLUTION" in cell.source:
            cell.source = student_code(cell.source, checks)
            tags = [t for t in cell.metadata.get("tags", []) if t != "hide-cell"]
            if tags:
                cell.metadata["tags"] = tags
            else:
                cell.metadata.pop("tags", None)
    return nb


def student_text(text: str) -> str:
    """The student version of one practice page, as MyST Markdown."""
    return jupytext.writes(student_notebook(text), fmt="md:myst")


def questions(text: str) -> list[dict]:
    """``[{"name": "q1", "points": 2.0, "title": ...}, ...]`` in page order."""
    return [
        {"name": f"q{m.group('n')}", "points": float(m.group("points")), "title": m.group(0)[3:]}
        for m in QUESTION.finditer(text)
    ]


# ----------------------------------------------------------------------------- otter master


def _raw(text):
    return nbformat.v4.new_raw_cell(text)


def _code(text):
    return nbformat.v4.new_code_cell(text)


def _points(p):
    return int(p) if float(p).is_integer() else p


def tests_for(check_source: str, practice: str) -> tuple[str, str]:
    """Public and hidden otter tests from a check cell ``check("qN", answer, **data)``.

    Both build their own Checker, so redefining ``check`` in the notebook changes nothing.
    """
    call = ast.parse(check_source).body[0].value
    args = ", ".join(ast.unparse(a) for a in call.args)
    kwargs = "".join(f", {k.arg}={ast.unparse(k.value)}" for k in call.keywords)
    public = (
        "from itlab.practice import Checker as _Checker\n"
        f"_fb = _Checker({practice!r})({args}{kwargs})\n"
        "assert _fb, _fb.message"
    )
    hidden = (
        "# HIDDEN\n"
        "from itlab.practice import Checker as _Checker\n"
        f"_fb = _Checker({practice!r}).strict({args}{kwargs})\n"
        "assert _fb, _fb.message"
    )
    return public, hidden


def otter_master(text: str, name: str):
    """The otter-grader master notebook (raw-cell format) of one practice page."""
    nb = jupytext.reads(strip_solution_admonitions(text), fmt="md:myst")
    qs = {q["name"]: q for q in questions(text)}
    checks = _check_cells_code(nb)
    config = (
        "# ASSIGNMENT CONFIG\n"
        f"name: {name}\n"
        "init_cell: true\n"
        "check_all_cell: false\n"
        "export_cell: false\n"
        "run_tests: false\n"
        "generate: true\n"
    )
    cells = [_raw(config)]
    current = None
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        cell.metadata = {"tags": tags} if tags else {}
        heading = QUESTION.search(cell.source) if cell.cell_type == "markdown" else None
        if heading:
            if current:
                cells.append(_raw("# END QUESTION"))
            current = f"q{heading.group('n')}"
            cells.append(
                _raw(f"# BEGIN QUESTION\nname: {current}\npoints: {_points(qs[current]['points'])}")
            )
            cells.append(cell)
            continue
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith("## ") and current:
            cells.append(_raw("# END QUESTION"))
            current = None
        if cell.cell_type == "code" and "# BEGIN SOLUTION" in cell.source:
            if current is None:
                raise ValueError(f"{name}: a solution cell lies outside every question")
            src = cell.source
            # answer placeholders go before the block, so that otter's student copy keeps them
            src = SOLUTION_CODE.sub(
                lambda m: (
                    placeholder_lines(m.group("body"), checks, m.group("indent")) + m.group(0)
                ),
                src,
            )
            src = src.replace("# YOUR CODE HERE\n", "")
            cells += [_raw("# BEGIN SOLUTION"), _code(src.rstrip("\n")), _raw("# END SOLUTION")]
            continue
        m = CHECK_CALL.search(cell.source) if cell.cell_type == "code" else None
        if m:
            if m.group("q") != current:
                raise ValueError(f"{name}: check({m.group('q')!r}) lies in question {current}")
            public, hidden = tests_for(cell.source, name)
            cells += [_raw("# BEGIN TESTS"), _code(public), _code(hidden), _raw("# END TESTS")]
            cells.append(_raw("# END QUESTION"))
            current = None
            cells.append(cell)  # the instant-feedback cell stays, after the question
            continue
        cells.append(cell)
    if current:
        cells.append(_raw("# END QUESTION"))
    out = nbformat.v4.new_notebook()
    out.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    out.cells = cells
    return out


# ----------------------------------------------------------------------------- determinism


def normalise_notebook(path: Path) -> None:
    """Cell ids from a hash of the position and source; no outputs; stable JSON."""
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        cell["id"] = hashlib.sha1(f"{i}:{cell.source}".encode()).hexdigest()[:8]
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.write(nb, path)


def normalise_zip(src: Path, dest: Path) -> None:
    """Rewrite a zip with sorted entries, a fixed date and fixed permissions."""
    with zipfile.ZipFile(src) as zin:
        entries = sorted(
            (info.filename, zin.read(info)) for info in zin.infolist() if not info.is_dir()
        )
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED) as zout:
        for filename, data in entries:
            info = zipfile.ZipInfo(filename, date_time=ZIP_DATE)
            info.external_attr = (0o755 if filename == "run_autograder" else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(info, data)


def _otter() -> str:
    return str(Path(sys.executable).with_name("otter"))


def build(book: Path, out: Path, names: list[str] | None = None) -> list[str]:
    """Write the otter assignment of every practice page (or of ``names``)."""
    pages = sorted((book / "practices").glob("*.md"))
    built = []
    for page in pages:
        name, text = page.stem, page.read_text()
        if not is_practice(text) or (names and name not in names):
            continue
        dest = out / name
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            master = tmp / f"{name}.ipynb"
            nbformat.write(otter_master(text, name), master)
            subprocess.run(
                [_otter(), "assign", "--no-pdfs", str(master), str(tmp / "dist")],
                check=True,
                cwd=tmp,
                capture_output=True,
                text=True,
            )
            for sub in ("student", "autograder", "source"):
                (dest / sub).mkdir(parents=True, exist_ok=True)
                for old in (dest / sub).iterdir():
                    old.unlink()
            for nbpath, target in [
                (master, dest / "source" / f"{name}.ipynb"),
                (tmp / "dist" / "student" / f"{name}.ipynb", dest / "student" / f"{name}.ipynb"),
                (
                    tmp / "dist" / "autograder" / f"{name}.ipynb",
                    dest / "autograder" / f"{name}.ipynb",
                ),
            ]:
                target.write_bytes(nbpath.read_bytes())
                normalise_notebook(target)
            (zipped,) = (tmp / "dist" / "autograder").glob(f"{name}-autograder_*.zip")
            normalise_zip(zipped, dest / "autograder" / f"{name}-autograder.zip")
            (dest / "autograder" / "otter_config.json").write_bytes(
                (tmp / "dist" / "autograder" / "otter_config.json").read_bytes()
            )
        built.append(name)
    print(f"wrote {len(built)} assignments to {out}: {', '.join(built)}")
    return built


# ----------------------------------------------------------------------------- grading


def practice_of(path: Path, known: list[str]) -> str:
    """The practice a submitted notebook belongs to: otter metadata, else the file name."""
    try:
        meta = json.loads(path.read_text()).get("metadata", {})
        name = meta.get("otter", {}).get("assignment_name")
    except (json.JSONDecodeError, UnicodeDecodeError):
        name = None
    if name in known:
        return name
    for k in sorted(known, key=len, reverse=True):
        if path.stem == k or path.stem.startswith(k + "-") or path.stem.startswith(k + "_"):
            return k
    raise ValueError(f"cannot tell which practice {path} belongs to (known: {known})")


def grade_one(submission: Path, autograder_zip: Path, debug: bool = False) -> list[dict]:
    """Grade one notebook with ``otter run``; a row per question.

    With ``debug=True`` an error in any cell of the submission fails the grading
    (``otter run --debug``), which the tests use to prove the student notebook runs.
    """
    cmd = [_otter(), "run", "--no-logo", "-a", str(autograder_zip)]
    with tempfile.TemporaryDirectory() as tmp:
        cmd += ["-o", tmp, str(submission)] + (["--debug"] if debug else [])
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"otter run failed on {submission}:\n{done.stdout}{done.stderr}")
        results = json.loads((Path(tmp) / "results.json").read_text())
    return [
        {"question": t["name"], "score": t["score"], "max_score": t["max_score"]}
        for t in results["tests"]
        if "max_score" in t and t["name"] != "Public Tests"
    ]


def grade(assignments: Path, submissions: Path, out_csv: Path, debug: bool = False) -> list[dict]:
    """Grade every notebook under ``submissions`` into ``out_csv``."""
    zips = {p.parent.parent.name: p for p in assignments.glob("*/autograder/*-autograder.zip")}
    if not zips:
        raise ValueError(
            f"assignments: no autograder zips under {assignments}; run `make assignments` first"
        )
    subs = sorted(p for p in submissions.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    if not subs:
        raise ValueError(f"submissions: no .ipynb files under {submissions}")
    rows = []
    for sub in subs:
        name = practice_of(sub, sorted(zips))
        for row in grade_one(sub, zips[name], debug=debug):
            rows.append({"submission": str(sub.relative_to(submissions)), "practice": name, **row})
    out_csv.parent.mkdir(parents=True, exist_ok=True)
    with out_csv.open("w", newline="") as f:
        w = csv.DictWriter(f, ["submission", "practice", "question", "score", "max_score"])
        w.writeheader()
        w.writerows(rows)
    print(f"graded {len(subs)} submissions into {out_csv}")
    return rows


def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[0] == "build":
        build(Path(argv[1]), Path(argv[2]), argv[3:] or None)
        return 0
    if len(argv) == 4 and argv[0] == "grade":
        grade(Path(argv[1]), Path(argv[2]), Path(argv[3]))
        return 0
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
