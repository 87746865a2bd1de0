"""The reference page of rule codes, rendered from :data:`neurokb.core.errors.CODES`.

Rendering the page from the table (rather than keeping a hand-written copy) is what keeps the
documentation, ``neurokb rules`` and the messages in agreement.
"""

from __future__ import annotations

from neurokb.core.errors import CODES


def rules_markdown() -> str:
    """Markdown for the site's "Rule codes" page."""
    lines = [
        "# Rule codes",
        "",
        "`neurokb validate` reports each problem as "
        "`file:line:column: severity: CODE message`, followed by a hint. "
        "Errors fail validation and the strict site build; warnings are shown but do not fail "
        "unless `--strict` is given.",
        "",
        "| Code | Severity | Problem | How to fix it |",
        "| --- | --- | --- | --- |",
    ]
    for code, rule in CODES.items():
        hint = rule.hint.replace("|", "\\|")
        lines.append(f"| `{code}` | {rule.severity} | {rule.title} | {hint} |")
    return "\n".join(lines) + "\n"
