import datetime as dt
import threading

import pytest
from django.db import connection

from probity.complaints.models import Complaint
from tests.complaints.conftest import make_complaint


def test_case_numbers_run_per_unit_and_roc_year(cast):
    first = make_complaint(cast, received_on=dt.date(2021, 1, 5))
    second = make_complaint(cast, received_on=dt.date(2021, 12, 30))
    other_unit = make_complaint(cast, agency=cast.agency_b, received_on=dt.date(2021, 3, 1))
    next_year = make_complaint(cast, received_on=dt.date(2022, 1, 1))
    assert [first.number, second.number, other_unit.number, next_year.number] == [
        "110-0001",
        "110-0002",
        "110-0001",
        "111-0001",
    ]
    assert (first.unit, other_unit.unit) == (cast.unit_a, cast.unit_b)


def test_complaint_about_subordinate_agency_goes_to_its_unit(cast):
    assert make_complaint(cast, agency=cast.agency_a1).unit == cast.unit_a1


@pytest.mark.django_db(transaction=True)
def test_concurrent_intake_gives_no_duplicates_and_no_gaps(cast):
    threads_count, per_thread = 8, 5
    errors = []
    barrier = threading.Barrier(threads_count)

    def intake():
        try:
            barrier.wait()
            for _ in range(per_thread):
                make_complaint(cast, received_on=dt.date(2021, 7, 1))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=intake) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    sequences = sorted(Complaint.objects.filter(unit=cast.unit_a, roc_year=110).values_list("sequence", flat=True))
    assert sequences == list(range(1, threads_count * per_thread + 1))
