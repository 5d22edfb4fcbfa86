"""Reading the inputs: YAML with line numbers, then typed classes, with plain messages."""
