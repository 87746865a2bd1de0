"""Title markup on the site: italics and math rendered, braces dropped, other text literal."""

from __future__ import annotations

from neurokb.site import md


def test_title_markup_in_page_headings_and_links() -> None:
    title = "{CO}$_2$ in <i>Drosophila</i> & <b>not bold</b> *literally*"
    assert md.title(title) == ("CO$_2$ in *Drosophila* \\& \\<b\\>not bold\\</b\\> \\*literally\\*")
    assert md.plain_title(title) == "CO$_2$ in Drosophila & <b>not bold</b> *literally*"
