"""Regenerate the CSL golden files with citeproc-js, the reference CSL processor.

Development tool, not run by the test suite (it needs Node.js and the npm package
``citeproc``, installed outside the repository)::

    mkdir -p /tmp/cjs && (cd /tmp/cjs && npm install citeproc)
    NODE_PATH=/tmp/cjs/node_modules .venv/bin/python tests/tools/make_goldens.py

It converts each case of ``tests/data/goldens/cases.yaml`` to CSL-JSON with our own
``to_csl`` (saved as ``input.json``, so citeproc-js and citeproc-py see the same data), renders
it with every shipped style using the locale file citeproc-py ships, and writes per style and
case: ``<case>.txt`` (plain-text bibliography, style order), ``<case>.html`` (HTML, with
citeproc-js's wrapper ``<div>``s removed, a numeric label joined by one space and its
``&#38;`` written ``&amp;``) and
``<case>.intext.txt`` (one in-text citation per item, in case order).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import citeproc
import yaml

from neurokb.cite.csl import to_csl
from neurokb.cite.styles import SHIPPED, STYLE_DIR
from neurokb.core.models import Paper

HERE = Path(__file__).resolve().parent
GOLDENS = HERE.parent / "data" / "goldens"
LOCALE = Path(citeproc.__file__).parent / "data" / "locales" / "locales-en-US.xml"
_WRAPPER = re.compile(
    r'\s*<div class="csl-left-margin">(.*?)</div><div class="csl-right-inline">(.*)</div>\s*$'
)


def normalise_html(entry: str) -> str:
    entry = entry.strip().removeprefix('<div class="csl-entry">').removesuffix("</div>").strip()
    entry = _WRAPPER.sub(r"\1 \2", entry)
    # citeproc-js writes numeric entities; Python's html.escape (citeproc-py) named ones.
    return entry.replace("&#38;", "&amp;").replace("&#60;", "&lt;").replace("&#62;", "&gt;")


def main() -> None:
    cases = yaml.safe_load((GOLDENS / "cases.yaml").read_text(encoding="utf-8"))
    inputs = {
        name: [to_csl(Paper.model_validate(item)) for item in items]
        for name, items in cases.items()
    }
    (GOLDENS / "input.json").write_text(
        json.dumps(inputs, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    request = {
        "locale": str(LOCALE),
        "styles": {name: str(STYLE_DIR / file) for name, file in SHIPPED.items()},
        "cases": inputs,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(request, handle)
    script = HERE / "render_citeproc_js.js"
    result = subprocess.run(
        ["node", str(script), handle.name], check=True, capture_output=True, text=True
    )
    rendered = json.loads(result.stdout)
    for style, by_case in rendered.items():
        folder = GOLDENS / style
        folder.mkdir(exist_ok=True)
        for case, out in by_case.items():
            text = "\n".join(entry for _, entry in out["text"]) + "\n"
            html = "\n".join(normalise_html(entry) for _, entry in out["html"]) + "\n"
            intext = "\n".join(label for _, label in out["intext"]) + "\n"
            (folder / f"{case}.txt").write_text(text, encoding="utf-8")
            (folder / f"{case}.html").write_text(html, encoding="utf-8")
            (folder / f"{case}.intext.txt").write_text(intext, encoding="utf-8")
    print(f"wrote goldens for {len(rendered)} styles x {len(inputs)} cases", file=sys.stderr)


if __name__ == "__main__":
    main()
