import pytest

from probity.analytics.ingest import ColumnMapping

HEADER = "序號,查詢時間,使用者帳號,作業別,當事人統號,查詢事由,終端機,筆數"


@pytest.fixture
def mapping() -> ColumnMapping:
    return ColumnMapping(
        columns={
            "lookup_id": "序號",
            "ts": "查詢時間",
            "user_id": "使用者帳號",
            "action": "作業別",
            "subject_id": "當事人統號",
            "reason": "查詢事由",
            "client": "終端機",
            "records": "筆數",
        },
        actions={"查詢": "query", "列印": "print", "匯出": "export"},
    )


@pytest.fixture
def write_log(tmp_path):
    def write(lines: list[str], *, name: str = "log.csv", encoding: str = "utf-8", header: str = HEADER):
        path = tmp_path / name
        path.write_bytes(("\n".join([header, *lines]) + "\n").encode(encoding))
        return path

    return write
