"""Stage 3, compose: decide what each document holds, as an ordered tree of blocks."""
