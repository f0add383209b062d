"""The training pages, one module per part of the cascade (urls.py maps them)."""
