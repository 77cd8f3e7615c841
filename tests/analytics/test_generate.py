import pyarrow.parquet as pq

from probity.analytics import generate as gen


def _column(directory, kind, column) -> set[str]:
    return set(pq.read_table(directory / f"{kind}.parquet", columns=[column])[column].to_pylist())


def test_two_systems_share_the_public_but_never_an_employee(tmp_path):
    for system in ("hr", "land"):
        gen.generate(tmp_path / system, events=3000, seed=5, system=system)
    hr, land = tmp_path / "hr", tmp_path / "land"
    staff = [_column(d, "users", "person_id") for d in (hr, land)]
    relatives = [_column(d, "relatives", "relative_id") for d in (hr, land)]
    subjects = [_column(d, "subjects", "subject_id") for d in (hr, land)]
    assert staff[0].isdisjoint(staff[1]) and relatives[0].isdisjoint(relatives[1])
    # Each system's staff, their relatives and households are numbered from 50,000,000 up; below are the
    # public, the same people in both systems.
    public = [{p for p in s if int(p[2:]) < 50_000_000} for s in subjects]
    assert public[0] == public[1] and len(public[0]) == 2000
    assert all(int(p[2:]) >= 50_000_000 for p in staff[0] | staff[1] | relatives[0] | relatives[1])
