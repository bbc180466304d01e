"""Benchmarks for issue #8 "Fast at any size": `python benchmarks/run.py [--quick]`."""
