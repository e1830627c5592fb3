"""Response shapes of documents' public answers (API.md Part A keys)."""
