"""The report's input data as typed classes."""
