"""Benchmarks of the portal hub: `python -m bench.portal`, `python -m bench.search_bench`
(see the README)."""
