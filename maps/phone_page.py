"""The frame of the visitor's pages: one small HTML document sized for a phone.

Server-rendered, no framework, no web fonts, one inline style sheet: the pages have to open on
a village road with a weak signal. Every text from data goes through ``escape_text`` before it
gets here; JSON for a script goes in a ``<script type="application/json">`` block through
``script_json``, and the scripts read it with ``JSON.parse``, never as code.
"""

from __future__ import annotations

from typing import Final

from maps.elements import escape_text, script_json
from planner.io.page_words import HTML_LANG

_CSS: Final = """
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f3f4f1;color:#1b1b1b;
font:16px/1.5 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif}
main{max-width:420px;margin:0 auto;padding:12px 12px 32px}
h1{font-size:20px;line-height:1.3;margin:4px 0}
h2{font-size:18px;margin:0}
h3{font-size:14px;margin:8px 0 2px;color:#555;font-weight:600}
a{color:#0b57d0}
.vp-sub{color:#444;margin:0 0 8px}
.vp-nav{display:flex;justify-content:space-between;gap:8px;margin:8px 0}
.vp-btn{display:inline-flex;align-items:center;justify-content:center;min-height:48px;
min-width:48px;padding:0 16px;border-radius:10px;border:1px solid #0b57d0;background:#0b57d0;
color:#fff;font:inherit;font-weight:600;text-decoration:none;cursor:pointer}
.vp-btn.vp-light{background:#fff;color:#0b57d0}
.vp-btn[disabled]{opacity:.55}
.vp-map{height:280px;border-radius:12px;background:#dde3e8;margin:8px 0}
.vp-map-off{display:flex;align-items:center;justify-content:center;padding:16px;height:auto;
color:#444}
.vp-stops{list-style:none;margin:0;padding:0}
.vp-stop{background:#fff;border-radius:12px;padding:12px;margin:10px 0;
box-shadow:0 1px 3px rgba(0,0,0,.18)}
.vp-stop-head{display:flex;gap:10px;align-items:center}
.vp-num{flex:none;display:inline-flex;align-items:center;justify-content:center;width:34px;
height:34px;border-radius:50%;color:#fff;font-weight:700}
.vp-remote .vp-num{opacity:.6}
.vp-time{color:#333;font-variant-numeric:tabular-nums}
.vp-meta{margin:6px 0;color:#333}
.vp-chip{display:inline-block;padding:0 8px;margin-right:4px;border-radius:10px;
background:#eef1f4;font-size:14px}
.vp-cover ul{margin:0;padding-left:20px}
.vp-why{color:#555;font-size:14px}
.vp-actions{display:flex;gap:8px;margin-top:10px}
.vp-actions .vp-btn{flex:1}
.vp-empty{background:#fff;border-radius:12px;padding:24px 12px;text-align:center}
.vp-marker{display:flex;align-items:center;justify-content:center;border-radius:50%;
border:2px solid #fff;color:#fff;font:700 14px/1 sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.5)}
.vp-start{background:#5b396b;border-radius:4px}
form label,form legend{display:block;font-weight:600;margin:12px 0 4px}
form input,form select,form textarea{display:block;width:100%;min-height:48px;padding:8px 10px;
border:1px solid #999;border-radius:8px;font:inherit;background:#fff}
form textarea{min-height:120px}
fieldset{border:0;padding:0;margin:0}
.vp-check{display:flex;align-items:center;gap:10px;min-height:44px;font-weight:400;margin:0}
.vp-check input{width:24px;min-height:24px;height:24px;flex:none}
.vp-status{min-height:24px;margin:10px 0;font-weight:600}
.vp-ok{color:#146c2e}
.vp-error{color:#b3261e}
.vp-form-actions{display:flex;gap:8px;margin-top:16px}
.vp-group{background:#fff;border-radius:12px;padding:4px 12px 12px;margin:12px 0;
box-shadow:0 1px 3px rgba(0,0,0,.18)}
.vp-group h2{font-size:17px;margin:10px 0 0;color:#0b57d0}
.vp-options{display:flex;flex-wrap:wrap;gap:6px}
.vp-radio{flex:1 1 0;min-width:84px;display:flex;align-items:center;gap:6px;min-height:48px;
margin:0;padding:0 8px;border:1px solid #999;border-radius:10px;font-weight:400;background:#fff}
.vp-radio input{width:22px;min-height:22px;height:22px;flex:none;margin:0}
.vp-radio:has(input:checked){border-color:#0b57d0;background:#e8f0fe;font-weight:600}
fieldset[disabled] .vp-radio{opacity:.5}
.vp-inline{font-weight:400}
.vp-last{background:#fff7e0;border:1px solid #e0b400;border-radius:12px;padding:4px 12px;
margin:8px 0}
.vp-last h2{font-size:16px;margin:8px 0 0}
.vp-last ul{margin:4px 0 8px;padding-left:20px}
.vp-hazard{color:#b3261e;font-weight:600}
.vp-form-actions .vp-btn{flex:1}
"""


def phone_page(
    title: str,
    body_html: str,
    lang: str,
    *,
    head_html: str = "",
    data: object | None = None,
    data_id: str = "vp-data",
    script: str = "",
) -> str:
    """A complete page: ``title`` (plain text), ``body_html`` (already HTML) in ``<main>``,
    ``head_html`` (already HTML) in the head, ``data`` as a JSON block with id ``data_id`` for
    ``script`` (inline JavaScript, the project's own, never data) to read."""
    blocks = []
    if data is not None:
        blocks.append(
            f'<script type="application/json" id="{data_id}">{script_json(data)}</script>'
        )
    if script:
        blocks.append(f"<script>{script}</script>")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{HTML_LANG[lang]}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        # No favicon request: one round trip fewer on a slow connection.
        '<link rel="icon" href="data:,">\n'
        f"<title>{escape_text(title)}</title>\n{head_html}<style>{_CSS}</style>\n</head>\n"
        f"<body>\n<main>\n{body_html}\n</main>\n{''.join(blocks)}\n</body>\n</html>\n"
    )
