"""Django's SQLite backend, whose flush empties tables that triggers keep append-only (see base.py)."""
