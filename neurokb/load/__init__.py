"""Loading: entry files to a KnowledgeBase, with every problem found and where it is.

``files`` (finding a KB and its entry files, reading them safely), ``yamlsrc`` (bounded YAML
with source positions), ``diagnostics`` (validation errors as problems with rule codes),
``loader`` (files to models, all errors collected; the one assembler of a KnowledgeBase),
``parallel`` (a cold load over forked workers), ``checks`` (named cross-entry checks),
``report`` (problems for people and for CI), ``rules_doc`` (the rule code reference) and
``jsonschema`` (the JSON Schema of entry files, for editors). Like the core, it never imports
the index, the site, the command line or MkDocs (tests/test_layers.py).
"""
