"""A starting checklist for each inspection kind, so that the first inspection can be checked item by item.

The 政風處 edits, reorders and retires these on the checklist page; they are common practice, not a text of law.
"""

import uuid

from django.db import migrations

SECRECY_ACT = "國家機密保護法"
PERSONAL_DATA_ACT = "個人資料保護法第18條"

DEFAULT = {
    "confidentiality": [
        ("機關訂有公務機密維護規定，並定期檢討修正。", ""),
        ("已指定機密文書及資訊保密之專責人員。", SECRECY_ACT),
        ("本年度已辦理保密教育宣導。", ""),
        ("機密文書標示密等及保密期限或解密條件。", SECRECY_ACT),
        ("機密文書以雙封套封裝，並由專人傳遞。", ""),
        ("機密文書之複製、影印經權責長官核准並登記。", ""),
        ("電腦設定開機及螢幕保護密碼，並定期更換。", ""),
        ("管制可攜式儲存媒體之使用。", ""),
        ("廢棄之機密文書及儲存媒體依規定銷毀。", ""),
        ("人員離職或調職時辦理保密交接，並停用系統帳號。", ""),
    ],
    "classified_documents": [
        ("機密文書存放於加鎖之保險櫃或鐵櫃，並指定專人保管。", SECRECY_ACT),
        ("機密文書均登記於機密文書登記簿。", ""),
        ("調閱機密文書經核准並登記調閱紀錄。", ""),
        ("保密期限屆滿或解密條件成就者，已辦理解密或變更。", SECRECY_ACT),
        ("機密文書之銷毀經核准，並留存銷毀紀錄。", ""),
    ],
    "information_system": [
        ("系統帳號一人一號，無共用帳號。", ""),
        ("查詢個人資料時登錄查詢事由及文號。", PERSONAL_DATA_ACT),
        ("人員異動時即時停用或調整系統權限。", PERSONAL_DATA_ACT),
        ("定期檢視使用者紀錄檔，並保存查核紀錄。", PERSONAL_DATA_ACT),
        ("查詢紀錄簿與系統紀錄相符。", ""),
    ],
    "security": [
        ("機關門禁管制落實，訪客登記並換證。", ""),
        ("機房、檔案室等重要處所管制進出。", ""),
        ("監視錄影系統正常運作，並依規定保存影像。", ""),
        ("消防設備定期檢查，且在有效期限內。", ""),
        ("訂有緊急應變計畫，並辦理演練。", ""),
    ],
}


def create_default(apps, schema_editor):
    ChecklistItem = apps.get_model("activities", "ChecklistItem")
    if ChecklistItem.objects.exists():
        return
    ChecklistItem.objects.bulk_create(
        ChecklistItem(code=uuid.uuid4(), kind=kind, seq_no=number, text=text, basis=basis)
        for kind, items in DEFAULT.items()
        for number, (text, basis) in enumerate(items, start=1)
    )


def remove_default(apps, schema_editor):
    ChecklistItem = apps.get_model("activities", "ChecklistItem")
    texts = [text for items in DEFAULT.values() for text, _basis in items]
    ChecklistItem.objects.filter(text__in=texts).delete()


class Migration(migrations.Migration):
    dependencies = [("activities", "0003_inspection_checklists")]
    operations = [migrations.RunPython(create_default, remove_default)]
