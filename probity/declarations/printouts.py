"""The 正確財產資料對照表 of a substantive review (公職人員財產申報資料審核及查閱辦法 Art 10): when a declaration
was wrong but not on purpose, the corrected items are attached to the file and sent to the declarant."""

from django.utils.translation import gettext as _

from probity.core import roc
from probity.core.document import Document, Heading, Table, paragraph
from probity.core.language import date_text
from probity.core.printouts import Printout, fact_lines, printout, signature_lines
from probity.declarations import domain, queries

NO_FIGURES_BEFORE = 5  # the amount, the table's last column, is right-aligned


@printout("corrected-asset-table", permission="declarations.view")
def corrected_asset_table(user, code) -> Printout:
    review = queries.get_review_for(user, code)
    declaration = review.declaration
    title = _("%(name)s %(year)s年度正確財產資料對照表") % {
        "name": review.declarant.name,
        "year": declaration.filing_year,
    }
    filed = {"declaration": declaration.heading, "day": date_text(declaration.declared_on)}
    facts = [
        (_("申報人"), review.declarant.name),
        (_("服務機關及職稱"), f"{review.agency.name} {review.declarant.position}"),
        (_("受審查之申報"), _("%(declaration)s（%(day)s申報）") % filed),
        (_("審查結果"), review.get_finding_display()),
    ]
    blocks = [
        Heading(0, "", title),
        *fact_lines(facts),
        _items(review),
        paragraph(_("依公職人員財產申報資料審核及查閱辦法第10條，本對照表附於申報資料，並通知申報人。")),
        *signature_lines(_("審核人員："), _("政風機構主管：")),
    ]
    day = review.concluded_on or review.opened_on
    made = Printout(
        Document(title=title, subtitle=_("審查完畢日：%(day)s") % {"day": date_text(day)}, blocks=tuple(blocks)),
        back_url=review.get_absolute_url(),
        file_name=f"{title}-{roc.format_slash(day).replace('/', '')}",
    )
    # Built for the page and again for each download: each is a read. The builder is not told the format.
    domain.record_read(actor=user, verb="declarations.review.corrected_table_read", target=review)
    return made


def _items(review) -> Table:
    rows = tuple(
        (
            str(number),
            item.get_owner_display(),
            item.get_category_display(),
            item.description,
            item.get_kind_display(),
            f"{item.amount:,}",
        )
        for number, item in enumerate(review.discrepancies.all(), start=1)
    )
    header = (_("項次"), _("所有人"), _("財產類別"), _("正確資料"), _("原申報情形"), _("金額（元）"))
    return Table(_("申報不符項目"), header, rows or ((_("無。"), "", "", "", "", ""),), numeric_from=NO_FIGURES_BEFORE)
