"""The website as pure functions of the knowledge base.

Each renderer takes the KB (inside a :class:`~neurokb.site.context.SiteContext`) and returns
Markdown; :func:`~neurokb.site.build.generate` lists every generated page and file. Nothing
here imports MkDocs: :mod:`neurokb.mkdocs_plugin` is the thin face that hands these files to
MkDocs, and tests render pages without building a site.
"""
