"""HTML to PDF (WeasyPrint, through pango), with the fonts Chinese text needs.

WeasyPrint finds fonts through fontconfig: Debian's ``fonts-noto-cjk`` gives Noto Sans CJK, and
``PDF_FONTS`` names it first, then the fallbacks a machine may have instead. A page's own
stylesheet sets the rest; ``BASE_CSS`` gives the page size and the font. WeasyPrint is imported
here only, when a PDF is written (it is heavy, and the command line's help must not load it).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

PDF_FONTS: Final = '"Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", sans-serif'
BASE_CSS: Final = f"""
@page {{ size: A4; margin: 16mm 14mm 18mm 14mm;
        @bottom-center {{ content: counter(page) " / " counter(pages); font-size: 8pt; }} }}
html {{ font-family: {PDF_FONTS}; font-size: 10pt; color: #222; }}
"""


def write_pdf(html: str, path: Path) -> None:
    """Render ``html`` (a whole document; its ``<style>`` comes after ``BASE_CSS``) to ``path``.

    The file appears whole or not at all: it is written beside ``path``, then renamed.
    """
    from weasyprint import CSS, HTML

    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    document = HTML(string=html).render(stylesheets=[CSS(string=BASE_CSS)])
    scratch = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with scratch.open("wb") as stream:  # the umask's permissions, as other outputs get
            document.write_pdf(stream)
        os.replace(scratch, path)
    finally:
        scratch.unlink(missing_ok=True)
