"""Local Sphinx extension of the itlab book (loaded through ``sphinx.local_extensions``).

Two things the toolchain that Jupyter Book 1 pins does not do on its own:

* **Notebook downloads.** sphinx-book-theme offers the executed ``.ipynb`` of a MyST
  Markdown page only when a launch provider (Binder, Colab, ...) is configured. The book is
  read offline and has none, so this copies each page's executed notebook from
  ``jupyter_execute/`` next to its source under ``_sources/`` and tells the theme about it;
  the theme's own download menu then lists ``.ipynb`` beside ``.md`` and ``.pdf``.
* **Inline scripts emitted twice.** Sphinx 7.4 registers an inline script added after the
  builder starts (``app.add_js_file(None, body=...)``, as sphinx-togglebutton does) once
  with filename ``None`` and once more with ``''`` when it prepares writing, so each page
  declared them twice. Pages keep the first of two scripts with the same body.
"""

from __future__ import annotations

import shutil
from pathlib import Path


def _add_notebook_download(app, pagename, templatename, context, doctree):
    if doctree is None or not context.get("sourcename", "").endswith(".md"):
        return
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not executed.is_file():
        return  # a page that is not a notebook (no code cells were executed)
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(executed, target)
    context["ipynb_source"] = f"{pagename}.ipynb"


def _dedupe_inline_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, kept = set(), []
    for script in scripts:
        filename = getattr(script, "filename", script) or ""
        attributes = getattr(script, "attributes", {}) or {}
        key = (filename, tuple(sorted(attributes.items())))
        if key in seen:
            continue
        seen.add(key)
        kept.append(script)
    context["script_files"] = kept


def setup(app):
    # Before sphinx-book-theme builds its header buttons (default priority 500).
    app.connect("html-page-context", _add_notebook_download, priority=400)
    app.connect("html-page-context", _dedupe_inline_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
