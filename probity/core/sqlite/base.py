"""Django's SQLite backend with a flush that behaves as PostgreSQL's.

PostgreSQL flushes with TRUNCATE, which row triggers do not see. SQLite has no TRUNCATE: Django flushes
with DELETE, which the audit log's append-only trigger refuses, so ``manage.py flush`` and every
transactional test failed on SQLite alone. Here the flushed tables' triggers are dropped before the
DELETEs and created again after them, in the one transaction Django runs a flush in.
"""

from django.db.backends.sqlite3 import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        statements = super().sql_flush(style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        if not statements:
            return statements
        triggers = self._triggers_on(self._flushed_tables(tables, allow_cascade))
        drops = [f"DROP TRIGGER {self.quote_name(name)};" for name, _sql in triggers]
        creates = [f"{sql};" for _name, sql in triggers]
        return drops + statements + creates

    def _flushed_tables(self, tables, allow_cascade) -> set[str]:
        if not allow_cascade:
            return set(tables)
        return {name for table in tables for name in self._references_graph(table)}

    def _triggers_on(self, tables: set[str]) -> list[tuple[str, str]]:
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
            return [(name, sql) for name, table, sql in cursor.fetchall() if table in tables]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
