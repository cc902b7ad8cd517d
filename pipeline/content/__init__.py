"""Stage 1, content: load the YAML with its file and line, type it, validate it."""
