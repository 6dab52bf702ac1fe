"""Benchmarks (``make bench``): speed and memory goals printed as ratios against a baseline measured in
the same run. Each module of this package with a ``run()`` function is one benchmark."""
