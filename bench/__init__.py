"""The benchmark (run.py) and the synthetic inputs it measures (synth.py); see docs/performance.md."""
