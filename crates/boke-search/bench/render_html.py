#!/usr/bin/env python3
"""Renders the post texts written by `index_corpus` (BOKE_TEXT_OUT) as minimal HTML pages for
Pagefind, so both engines index the same text; prints nothing.

  python3 render_html.py TEXT_DIR SITE_DIR
"""
import html, sys
from pathlib import Path

text_dir, site = Path(sys.argv[1]), Path(sys.argv[2])
for f in text_dir.glob("*.txt"):
    title, url, date, tags, body = f.read_text(encoding="utf-8").split("\n", 4)
    paras = "".join(f"<p>{html.escape(p)}</p>\n" for p in body.split("\n") if p.strip())
    page = (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>'
            f'<body><article data-pagefind-body><h1>{html.escape(title)}</h1>\n'
            f'<p>{html.escape(tags)}</p>\n{paras}</article></body></html>\n')
    out = site / url.strip("/") / "index.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
