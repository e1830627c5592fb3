"""The use-case layer."""
