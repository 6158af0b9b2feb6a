"""``{% load unit_console %}``: whether to offer the unit settings page (coordinators and IT admins)."""

from django import template

from gongkai.orgs import access

register = template.Library()


@register.filter
def manages_units(user) -> bool:
    """True when the person may manage some unit. Reads the grants already cached on the user (no query
    once any access check ran in the request)."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    roles = access.PERMISSIONS["unit.manage"]
    return user.is_superuser or any(grant.role in roles for grant in access.grants(user))
