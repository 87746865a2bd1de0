"""Synthetic knowledge bases: deterministic libraries shaped like real literature.

Used by the tests (a generated KB exercises the index and the CLI at sizes the shipped entries
do not reach) and by ``benchmarks/`` (timings at 1k-100k papers). Nothing else imports it.
"""
