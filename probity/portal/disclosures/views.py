"""The public listing of relationship disclosures (公職人員及關係人補助交易身分關係公開專區).

Only what 公職人員利益衝突迴避法施行細則 Arts 26–27 say to publish is shown: the official's name, agency
and title; the related party's name and relationship (for an organisation also its business ID,
representative and the roles held); the deal's name, date, counterparty, amount and legal basis; and
the exception relied on with its reasons. Internal notes, the owning unit and prior disclosures stay
inside. The listing is a read of ``public_disclosures()``, which holds only published post-publication
disclosures under exceptions 1–3.
"""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import render

from probity.conflicts.forms import PublicDisclosureSearchForm
from probity.conflicts.models import RelationshipDisclosure
from probity.conflicts.queries import public_disclosures
from probity.core.paging import paginate
from probity.core.roc import to_ad_year
from probity.org.models import Agency


def _agencies():
    ids = public_disclosures().values("agency")
    return Agency.objects.filter(pk__in=ids)


def disclosure_list(request):
    form = PublicDisclosureSearchForm(request.GET or None, agencies=_agencies())
    disclosures = public_disclosures()
    if form.is_valid():
        data = form.cleaned_data
        if text := data.get("q"):
            disclosures = disclosures.filter(
                Q(official_name__icontains=text)
                | Q(related_party_name__icontains=text)
                | Q(deal_name__icontains=text)
                | Q(counterparty__icontains=text)
                | Q(official_agency__icontains=text)
            )
        if data.get("agency"):
            disclosures = disclosures.filter(agency=data["agency"])
        if data.get("category"):
            disclosures = disclosures.filter(category=data["category"])
        if data.get("year"):
            disclosures = disclosures.filter(concluded_on__year=to_ad_year(data["year"]))
    elif form.is_bound:
        disclosures = disclosures.none()
    return render(request, "portal/disclosures/list.html", {"form": form, "page": paginate(request, disclosures)})


def disclosure_detail(request, code):
    try:
        disclosure = public_disclosures().get(code=code)
    except (RelationshipDisclosure.DoesNotExist, ValueError):
        raise Http404 from None
    return render(request, "portal/disclosures/detail.html", {"d": disclosure})
