"""The canonical shapes the library reads and writes (column name → DuckDB type)."""

LOOKUP_COLUMNS = {
    "lookup_id": "BIGINT",
    "ts": "TIMESTAMP",
    "user_id": "VARCHAR",
    "action": "VARCHAR",
    "subject_id": "VARCHAR",
    "reason": "VARCHAR",
    "client": "VARCHAR",
    "records": "INTEGER",
}
REQUIRED_LOOKUP_COLUMNS = ("ts", "user_id", "subject_id")
ACTIONS = ("query", "print", "export")

# Source tables: the staff behind each system account, the people looked up, what explains a lookup.
SOURCE_COLUMNS = {
    "users": {
        "user_id": "VARCHAR",
        "person_id": "VARCHAR",
        "name": "VARCHAR",
        "surname": "VARCHAR",
        "address": "VARCHAR",
        "unit": "VARCHAR",
        "role": "VARCHAR",
        "area": "VARCHAR",
    },
    "subjects": {
        "subject_id": "VARCHAR",
        "name": "VARCHAR",
        "surname": "VARCHAR",
        "address": "VARCHAR",
        "area": "VARCHAR",
        "vip": "BOOLEAN",
        "staff_unit": "VARCHAR",
    },
    "explanations": {
        "user_id": "VARCHAR",
        "subject_id": "VARCHAR",
        "doc_no": "VARCHAR",
        "valid_from": "DATE",
        "valid_to": "DATE",
        "kind": "VARCHAR",
    },
    # basis: where the relation is known from (財產申報之親屬資料, 戶籍資料…); the alert names it.
    "relatives": {"person_id": "VARCHAR", "relative_id": "VARCHAR", "relation": "VARCHAR", "basis": "VARCHAR"},
    "holidays": {"date": "DATE", "name": "VARCHAR", "kind": "VARCHAR"},
}
SOURCE_KINDS = tuple(SOURCE_COLUMNS)
# What identifies a row when a file is merged into its table: a row of the file replaces the table's rows with
# the same key. Kinds without a key (explanations, relatives) gain the file's rows, duplicates kept once.
MERGE_KEYS = {"users": ("user_id",), "subjects": ("subject_id",), "holidays": ("date",)}


def source_select(kind: str, present: set[str]) -> str:
    """The select list reading a source table in today's shape: a column the file lacks (one added to the
    schema after the file was loaded) reads as NULL."""
    return ", ".join(f"CAST({c if c in present else 'NULL'} AS {t}) AS {c}" for c, t in SOURCE_COLUMNS[kind].items())
