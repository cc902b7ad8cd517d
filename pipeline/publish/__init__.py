"""Publishing: facts about built files, summaries and release bundles."""
