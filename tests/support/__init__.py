"""Helpers the tests and the benchmarks share: plain Python, never pytest, so benchmarks/ can import them."""
