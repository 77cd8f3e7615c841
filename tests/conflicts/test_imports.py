from probity.conflicts.models import Recusal, RelationshipDisclosure
from probity.core import imports


def csv(*rows: str) -> bytes:
    return ("\n".join(rows) + "\n").encode("utf-8")


def test_recusals_import_and_reimport(cast):
    data = csv("機關,迴避類型,公職人員姓名,職稱,迴避事項,日期", "甲局,自行迴避,陳科長,科長,審查其弟補助案,110/08/10")
    assert imports.run_import("recusals", data, "r.csv", actor=cast.officer).created == 1
    assert imports.run_import("recusals", data, "r.csv", actor=cast.officer).skipped == 1
    assert Recusal.objects.get().unit == cast.unit_a


def test_recusal_on_application_without_applicant_is_rejected(cast):
    data = csv("機關,迴避類型,公職人員姓名,職稱,迴避事項,日期", "甲局,申請迴避,陳科長,科長,評選案,110/08/10")
    report = imports.run_import("recusals", data, "r.csv", actor=cast.officer)
    assert not report.ok and "申請人" in report.errors[0].message


def test_disclosures_import_checks_the_small_amount_limit(cast):
    header = "辦理機關,揭露方式,類別,交易類型,公職人員姓名,公職人員服務機關,公職人員職稱,關係人姓名或名稱,關係,補助或交易名稱,補助或交易日期,補助或交易對象,金額,例外款次"
    good = "甲局,事後公開,交易,承攬,王科長,甲局,科長,王小弟,二親等以內親屬,修繕,110/09/01,王小弟,250000,1"
    small = "甲局,事後公開,交易,買賣,王科長,甲局,科長,王小弟,二親等以內親屬,文具,110/09/02,王小弟,10001,6"
    assert imports.run_import("disclosures", csv(header, good), "d.csv", actor=cast.officer).ok
    report = imports.run_import("disclosures", csv(header, small), "d.csv", actor=cast.officer)
    assert not report.ok and "10,000" in report.errors[0].message
    assert RelationshipDisclosure.objects.count() == 1
