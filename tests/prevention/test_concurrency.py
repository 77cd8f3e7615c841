"""The nomination quota holds when two officers nominate at the same moment."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tests.prevention.conftest import make_nomination, make_selection


@pytest.mark.django_db(transaction=True)
def test_quota_holds_under_concurrent_nominations(cast):
    selection = make_selection(cast)
    make_nomination(selection, cast.agency_b, nominee="已推薦")  # one place left of two
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def nominate(name):
        try:
            barrier.wait()
            make_nomination(selection, cast.agency_b, nominee=name)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=nominate, args=(name,)) for name in ("甲", "乙")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert selection.nominations.count() == 2
