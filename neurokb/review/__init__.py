"""Reviewing a change: what a branch does to the knowledge base, for a pull request.

``gitbase`` (what git knows about entry files at a base), ``changes`` (the review itself:
entries added, changed, removed, with their problems) and ``markdown`` (the PR comment).
"""
