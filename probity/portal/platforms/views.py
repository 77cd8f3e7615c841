"""Public pages of the integrity platforms: background, progress, public minutes and published notices."""

from django.http import Http404
from django.shortcuts import render

from probity.prevention.models import IntegrityPlatform
from probity.prevention.queries import public_platforms


def platform_list(request):
    return render(request, "portal/platforms/list.html", {"platforms": public_platforms()})


def platform_detail(request, code):
    try:
        platform = public_platforms().get(code=code)
    except (IntegrityPlatform.DoesNotExist, ValueError):
        raise Http404 from None
    return render(
        request,
        "portal/platforms/detail.html",
        {
            "platform": platform,
            "meetings": platform.meetings.filter(is_public=True),
            "notices": platform.notices.all(),
        },
    )
