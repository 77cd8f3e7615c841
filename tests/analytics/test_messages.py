"""A library message is its Chinese text, and keeps what the application needs to say it again."""

import pickle

from probity.analytics.messages import Message


def _blank_time() -> Message:
    return Message("第 %(line)s 行：%(column)s空白或無法辨識。", line=3, column=Message("查詢時間"))


def test_a_message_reads_as_its_chinese_text():
    message = _blank_time()
    assert message == "第 3 行：查詢時間空白或無法辨識。"
    assert "；".join([message, Message("須為整數")]) == "第 3 行：查詢時間空白或無法辨識。；須為整數"
    assert (message.template, message.values["line"], message.values["column"].template) == (
        "第 %(line)s 行：%(column)s空白或無法辨識。",
        3,
        "查詢時間",
    )


def test_a_message_without_values_is_its_template_even_with_a_percent_sign():
    assert Message("100% 相符") == "100% 相符"


def test_a_message_survives_storage_and_pickling_with_its_parts():
    message = _blank_time()
    data = message.as_data()
    assert data == {
        "template": "第 %(line)s 行：%(column)s空白或無法辨識。",
        "values": {"line": 3, "column": {"template": "查詢時間", "values": {}}},
    }
    for again in (Message.from_data(data), pickle.loads(pickle.dumps(message))):  # noqa: S301 (our own bytes)
        assert again == message
        assert isinstance(again.values["column"], Message)
        assert again.values["column"].template == "查詢時間"


def test_a_list_value_is_joined_in_chinese_and_kept_as_a_list():
    message = Message("未見：%(items)s。", items=[Message("土地"), "汽車"])
    assert message == "未見：土地、汽車。"
    again = Message.from_data(message.as_data())
    assert again.as_data() == {
        "template": "未見：%(items)s。",
        "values": {"items": [{"template": "土地", "values": {}}, "汽車"]},
    }
    assert again == message
