"""Stage 2, translation: extract messages, merge catalogs, check them, translate the model."""
