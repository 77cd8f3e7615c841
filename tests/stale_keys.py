"""A store as a DuckDB with another hash() would have left it: other keys, other buckets, another name tag."""

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

OTHER_TAG = "k00000000"


def as_if_another_hash_wrote(system_dir: Path) -> None:
    for file in sorted(system_dir.glob("month=*/bucket=*/*.parquet")):
        table = pq.read_table(file)
        for name in ("user_key", "subject_key", "reason_key"):
            shifted = pc.add_checked(table[name], pa.scalar(1, pa.uint64()))
            table = table.set_column(table.schema.get_field_index(name), name, shifted)
        bucket = (int(file.parent.name.split("=")[1]) + 5) % 16
        batch, _tag, number = file.stem.split("_")
        target = file.parent.parent / f"bucket={bucket}" / f"{batch}_{OTHER_TAG}_{number}.parquet"
        target.parent.mkdir(exist_ok=True)
        pq.write_table(table, target)
        file.unlink()
