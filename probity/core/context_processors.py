from django.conf import settings

from probity.core.navigation import entries_for


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    menu = entries_for(user) if user is not None and user.is_authenticated else []
    return {"nav_sections": menu, "site_name": settings.PROBITY_SITE_NAME}
