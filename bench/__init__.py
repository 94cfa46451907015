"""Reel's benchmarks: each figure is printed with an in-run floor and the ratio to it."""
