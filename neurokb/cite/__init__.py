"""Citations: export to BibTeX/BibLaTeX/RIS/CSL-JSON, and references formatted with CSL.

The public interface, used by the CLI and the site:

- :func:`export` / :data:`WRITERS`: all papers in one file format;
- :func:`format_references`: one formatted reference per paper in a CSL style
  (:func:`format_reference` for a single paper);
- :func:`in_text`: in-text citation labels, e.g. "(Zenke & Ganguli, 2018)";
- :func:`to_csl`: one paper as a CSL-JSON item.
"""

from neurokb.cite.csl import to_csl
from neurokb.cite.render import format_reference, format_references, in_text
from neurokb.cite.styles import SHIPPED as STYLES
from neurokb.cite.writers import WRITERS, Writer, export

__all__ = [
    "STYLES",
    "WRITERS",
    "Writer",
    "export",
    "format_reference",
    "format_references",
    "in_text",
    "to_csl",
]
