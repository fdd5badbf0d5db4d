"""Check that the built HTML book reads offline.

Usage: python tools/check_offline_html.py _build/html

Fails (exit 1) when a page loads a script or stylesheet from the network, or when
MathJax is not served from the site itself. Links (<a href>) to papers are fine.
"""

import re
import sys
from pathlib import Path

root = Path(sys.argv[1] if len(sys.argv) > 1 else "_build/html")
if not root.is_dir():
    sys.exit(f"no built book at {root}")

remote = re.compile(
    r"""<(?:script|link|img|iframe)\b[^>]*?\b(?:src|href)\s*=\s*["'](?:https?:)?//""", re.I
)
problems = []
pages = sorted(root.rglob("*.html"))
for page in pages:
    text = page.read_text(errors="replace")
    for m in remote.finditer(text):
        snippet = text[m.start() : m.start() + 160].replace("\n", " ")
        problems.append(f"{page.relative_to(root)}: remote resource: {snippet}")
    if "$" in text or "\\(" in text:
        if "mathjax" in text.lower() and "_static/mathjax/tex-chtml.js" not in text:
            problems.append(f"{page.relative_to(root)}: MathJax not loaded from _static/mathjax")

mathjax = root / "_static" / "mathjax" / "tex-chtml.js"
if not mathjax.is_file():
    problems.append(f"{mathjax} is missing: MathJax is not served from the site")

if problems:
    print("\n".join(problems[:50]))
    sys.exit(f"{len(problems)} offline problem(s) in {len(pages)} pages")
print(f"offline check: {len(pages)} pages load nothing from the network; MathJax served locally")
