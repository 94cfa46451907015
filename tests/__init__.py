"""Reel's test suite."""
