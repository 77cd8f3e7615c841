"""Form widgets render through the project's templates: a select's blank choice asks the reader to choose."""

from django.test import Client


def test_a_blank_choice_reads_choose_in_the_readers_language(db):
    client = Client()
    assert '<option value="" selected>請選擇…</option>' in client.get("/portal/complaints/").content.decode()
    client.cookies["django_language"] = "en"
    page = client.get("/portal/complaints/").content.decode()
    assert '<option value="" selected>Choose…</option>' in page
    assert "---------" not in page
