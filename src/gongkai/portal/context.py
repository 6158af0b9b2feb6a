from django.conf import settings

# The accessibility modes (适老化) a visitor may switch on; see ``gongkai.portal.views.a11y``.
A11Y_COOKIE = "gk_a11y"
A11Y_MODES = frozenset({"large", "contrast"})


def site(request):
    """The site name, and the accessibility modes as <body> classes (``a11y-large a11y-contrast``)."""
    cookie = request.COOKIES.get(A11Y_COOKIE, "") if request is not None else ""
    modes = sorted(set(cookie.split("_")) & A11Y_MODES)
    return {
        "site_name": settings.GONGKAI_SITE_NAME,
        "a11y_modes": modes,
        "a11y_classes": " ".join(f"a11y-{mode}" for mode in modes),
    }
