"""Public draw pages: the frozen pool and its digest before the draw, the result and the file after.

Only the public label of each entry is shown (name, agency, position); ID numbers and addresses
never leave the staff side.
"""

import json

from django.conf import settings
from django.db.models import Count, Sum
from django.http import HttpResponse
from django.shortcuts import render

from probity.core.paging import paginate
from probity.declarations import queries
from probity.declarations.enums import DrawState


def draw_list(request):
    draws = queries.public_draws().order_by("-filing_year", "unit__path")
    year = request.GET.get("year", "")
    if year.isdigit():
        draws = draws.filter(filing_year=int(year))
    years = queries.public_draws().order_by("-filing_year").values_list("filing_year", flat=True).distinct()
    totals = draws.filter(state=DrawState.DRAWN).aggregate(
        draws=Count("pk"), pool=Sum("pool_size"), review=Sum("review_count"), comparison=Sum("comparison_count")
    )
    return render(
        request,
        "portal/draws/draw_list.html",
        {"page": paginate(request, draws, per_page=100), "years": years, "year": year, "totals": totals},
    )


def draw_detail(request, code):
    draw = queries.get_public_draw(code)
    entries = draw.entries.only("position", "label", "review_pick", "comparison_pick").order_by("position")
    review = entries.filter(review_pick__isnull=False).order_by("review_pick")
    comparison = entries.filter(comparison_pick__isnull=False).order_by("comparison_pick")
    return render(
        request,
        "portal/draws/draw_detail.html",
        {"draw": draw, "review": review, "comparison": comparison, "page": paginate(request, entries, per_page=200)},
    )


def draw_file(request, code):
    draw = queries.get_public_draw(code)
    body = json.dumps(queries.draw_file(draw), ensure_ascii=False, indent=1)
    response = HttpResponse(body.encode("utf-8"), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="draw-{draw.filing_year}-{draw.code}.json"'
    return response


def verifier(request):
    """The standalone verifier (tools/verify_draw.py): one file, Python standard library only."""
    source = (settings.BASE_DIR / "tools" / "verify_draw.py").read_bytes()
    response = HttpResponse(source, content_type="text/x-python; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="verify_draw.py"'
    return response
