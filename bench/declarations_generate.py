"""Generate N declarants × two years of asset items as Parquet for the comparison benchmark.

    python bench/declarations_generate.py 100000 /tmp/decl-100k

Writes items.parquet (declarant, side, owner, owner_name, category, ident_key, text_key, value)
and salaries.parquet. Each declarant has 6–10 items a year (home land and building, a car,
deposits of self and spouse, an insurance policy, sometimes a mortgage, shares, cash); the later
year moves deposits, debts and premiums a little, and 3 % of declarants get something to explain
(new land, a cash pile, a vanished car).
"""

import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

BANKS = np.array(["臺灣銀行", "高雄銀行", "中華郵政", "第一商業銀行", "合作金庫商業銀行"])


def generate(n: int, seed: int = 1102) -> tuple[pa.Table, pa.Table]:
    rng = np.random.default_rng(seed)
    ids = np.arange(n)
    columns = {k: [] for k in ("declarant", "owner", "category", "ident_key", "text_key", "value")}

    def add(mask, owner, category, ident, text, value):
        columns["declarant"].append(ids[mask])
        columns["owner"].append(np.full(mask.sum(), owner))
        columns["category"].append(np.full(mask.sum(), category))
        columns["ident_key"].append(ident[mask])
        columns["text_key"].append(text[mask])
        columns["value"].append(value[mask])

    every = np.ones(n, dtype=bool)
    parcel = np.char.add("苓雅區四維段", ids.astype(str))
    add(
        every,
        "self",
        "land",
        np.char.add(parcel, "地號"),
        np.char.add(parcel, "地號自用住宅基地"),
        rng.integers(1_500, 8_000, n) * 1000,
    )
    add(
        every,
        "self",
        "building",
        np.char.add(parcel, "建號"),
        np.char.add(parcel, "建號自用住宅"),
        rng.integers(2_000, 9_000, n) * 1000,
    )
    plate = np.char.add("ABC", ids.astype(str))
    add(every, "self", "car", plate, np.char.add(plate, "自用小客車"), rng.integers(400, 1_200, n) * 1000)
    bank = BANKS[rng.integers(0, len(BANKS), n)]
    add(every, "self", "deposit", bank, np.char.add(bank, "新臺幣存款"), rng.integers(1_000, 5_000, n) * 1000)
    bank2 = BANKS[rng.integers(0, len(BANKS), n)]
    add(every, "spouse", "deposit", bank2, np.char.add(bank2, "新臺幣存款"), rng.integers(1_000, 3_000, n) * 1000)
    policy = np.char.add("國泰人壽保單", ids.astype(str))
    add(every, "self", "insurance", policy, policy, rng.integers(200, 900, n) * 1000)
    mortgage = rng.random(n) < 0.5
    add(
        mortgage,
        "self",
        "debt",
        np.char.add(bank, "房屋貸款"),
        np.char.add(bank, "房屋貸款購屋貸款"),
        rng.integers(1_000, 5_000, n) * 1000,
    )
    shares = rng.random(n) < 0.4
    add(
        shares, "self", "security", np.full(n, "台積電"), np.full(n, "台積電股票"), rng.integers(1_000, 2_500, n) * 1000
    )
    cash = rng.random(n) < 0.1
    add(cash, "self", "cash", np.full(n, ""), np.full(n, ""), rng.integers(1_000, 1_500, n) * 1000)
    before = {k: np.concatenate(v) for k, v in columns.items()}

    after = {k: v.copy() for k, v in before.items()}
    m = len(after["value"])
    drift = np.where(after["category"] == "deposit", rng.integers(-150, 250, m) * 1000, 0)
    drift += np.where(after["category"] == "debt", -rng.integers(150, 350, m) * 1000, 0)
    drift += np.where(after["category"] == "insurance", rng.integers(30, 90, m) * 1000, 0)
    after["value"] = np.maximum(after["value"] + drift, 0)
    odd = rng.random(n) < 0.03
    kind = rng.integers(0, 3, n)
    vanished = odd & (kind == 2)
    keep = ~(np.isin(after["declarant"], ids[vanished]) & (after["category"] == "car"))
    after = {k: v[keep] for k, v in after.items()}
    extra = {k: [after[k]] for k in after}
    for mask, category, owner, ident, value in (
        (
            odd & (kind == 0),
            "land",
            "spouse",
            np.char.add("旗山區南段", ids.astype(str)),
            rng.integers(6_000, 15_000, n) * 1000,
        ),
        (odd & (kind == 1), "cash", "self", np.full(n, ""), rng.integers(2_500, 6_000, n) * 1000),
    ):
        extra["declarant"].append(ids[mask])
        extra["owner"].append(np.full(mask.sum(), owner))
        extra["category"].append(np.full(mask.sum(), category))
        extra["ident_key"].append(ident[mask])
        extra["text_key"].append(ident[mask])
        extra["value"].append(value[mask])
    after = {k: np.concatenate(v) for k, v in extra.items()}

    def table(data, side):
        rows = len(data["value"])
        return pa.table(
            {
                "declarant": pa.array(data["declarant"], pa.int64()),
                "side": pa.array(np.full(rows, side), pa.int8()),
                "owner": pa.array(data["owner"]),
                "owner_name": pa.array(np.full(rows, "")),
                "category": pa.array(data["category"]),
                "ident_key": pa.array(data["ident_key"]),
                "text_key": pa.array(data["text_key"]),
                "value": pa.array(data["value"], pa.int64()),
            }
        )

    items = pa.concat_tables([table(before, 0), table(after, 1)])
    salaries = pa.table(
        {"declarant": pa.array(ids, pa.int64()), "salary": pa.array(rng.integers(100, 260, n) * 10_000, pa.int64())}
    )
    return items, salaries


def main(argv):
    n = int(argv[1]) if len(argv) > 1 else 100_000
    out = Path(argv[2] if len(argv) > 2 else f"/tmp/decl-{n}")
    out.mkdir(parents=True, exist_ok=True)
    items, salaries = generate(n)
    pq.write_table(items, out / "items.parquet")
    pq.write_table(salaries, out / "salaries.parquet")
    print(f"{n} declarants, {items.num_rows} items → {out}")


if __name__ == "__main__":
    main(sys.argv)
