"""HTML to PDF with WeasyPrint: the one place the project makes a PDF.

Chinese text needs a CJK font on the machine (Debian's ``fonts-noto-cjk``, which ``.ci/run``
installs); the style sheets name "Noto Sans CJK SC" and fontconfig finds it. WeasyPrint is
imported when a PDF is made, not when the planner starts.
"""

from __future__ import annotations

from pathlib import Path


def write_pdf(html: str, path: Path) -> None:
    """Render ``html`` (a whole document, its styles inside) to the PDF file ``path``.

    Written beside ``path`` first and moved into place, so a failed render leaves no half PDF.
    """
    from weasyprint import HTML

    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        HTML(string=html, base_url=str(path.parent)).write_pdf(partial)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
