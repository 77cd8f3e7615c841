"""Access-log analytics on DuckDB: a pure library that knows nothing of Django."""
