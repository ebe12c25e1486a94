"""Benchmarks, run on demand (never in the normal test run); results go to bench/results/."""
