"""Admin for the holiday calendar (the coordinator's calendar page). Saving goes through
:func:`services.calendar_year_enter`, so an entry made here is validated, recorded as an event, and seen by
every process (cache version bump). The list says, for the years around today, whether each is entered or
still provisional (computed from the holiday law)."""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import construct_change_message
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.core.errors import DomainError

from . import calendar, services
from .holidays import provisional_basis
from .models import CalendarDay, CalendarEvent, CalendarYear

STATUS_YEARS_BEFORE, STATUS_YEARS_AFTER = 1, 2  # the years whose status the list shows, around this year


def year_statuses(today) -> list[dict]:
    """The status of the years around ``today``: entered / in the package / provisional, and for a
    provisional year what its dates are counted with."""
    rows = []
    for year in range(today.year - STATUS_YEARS_BEFORE, today.year + STATUS_YEARS_AFTER + 1):
        status = calendar.year_status(year)
        provisional = status == calendar.STATUS_PROVISIONAL
        rows.append({"year": year, "status": status, "label": calendar.STATUS_LABELS[status],
                     "provisional": provisional, "basis": provisional_basis(year) if provisional else ""})
    return rows


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ("date", "is_workday", "name")

    def validate_unique(self):
        # The service replaces the year's rows as a whole, so a date may move between rows; duplicates
        # inside the entry are caught by services.validate_entry in the formset's clean().
        return


class CalendarDayFormSet(forms.BaseInlineFormSet):
    def days(self) -> tuple[list, list]:
        """(holidays, make-up days) as entered in the inline, deleted rows left out."""
        holidays, makeups = [], []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("date"):
                continue
            (makeups if data.get("is_workday") else holidays).append((data["date"], data.get("name") or ""))
        return holidays, makeups

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        holidays, makeups = self.days()
        year = self.instance.year
        if year is None:
            return  # the year field itself has an error, shown there
        try:
            services.validate_entry(year=year, holidays=holidays, makeup_workdays=makeups)
        except DomainError as exc:
            raise ValidationError(exc.message) from exc

    def validate_unique(self):
        # Duplicates are reported by services.validate_entry (in clean()), with a Chinese message.
        return


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    form = CalendarDayForm
    formset = CalendarDayFormSet
    fields = ("date", "is_workday", "name")
    extra = 3

    # The coordinator holds a role, not Django model permissions: the service's rule decides.
    def has_add_permission(self, request, obj=None):
        return services.can_enter_calendar(request.user)

    def has_change_permission(self, request, obj=None):
        return services.can_enter_calendar(request.user)

    def has_delete_permission(self, request, obj=None):
        return services.can_enter_calendar(request.user)

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff and request.user.is_active


class CalendarEventInline(admin.TabularInline):
    model = CalendarEvent
    fields = ("at", "actor", "action", "data")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff and request.user.is_active


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ("year", "status", "notice", "entered_by", "entered_at")
    fields = ("year", "notice", "entered_by", "entered_at")
    readonly_fields = ("entered_by", "entered_at")
    inlines = [CalendarDayInline, CalendarEventInline]

    @admin.display(description="状态")
    def status(self, obj) -> str:
        return calendar.STATUS_LABELS[calendar.STATUS_ENTERED]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "year_statuses": year_statuses(timezone.localdate())}
        return super().changelist_view(request, extra_context=extra_context)

    def get_readonly_fields(self, request, obj=None):
        # A year's number is its identity; re-enter another year instead of renaming one.
        return (*self.readonly_fields, "year") if obj else self.readonly_fields

    def has_add_permission(self, request):
        return services.can_enter_calendar(request.user)

    def has_change_permission(self, request, obj=None):
        return services.can_enter_calendar(request.user)

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff and request.user.is_active

    def has_delete_permission(self, request, obj=None):
        # The history (CalendarEvent, append-only) protects the year; a wrong entry is re-entered.
        return False

    def has_module_permission(self, request):
        return request.user.is_staff and request.user.is_active

    def save_model(self, request, obj, form, change):
        # Nothing here: save_related hands the whole year to the service.
        pass

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        holidays, makeups = [], []
        for formset in formsets:
            if isinstance(formset, CalendarDayFormSet):
                holidays, makeups = formset.days()
        saved = services.calendar_year_enter(
            year=obj.year, holidays=holidays, makeup_workdays=makeups, notice=obj.notice, actor=request.user
        )
        # The admin redirects and logs using this object; give it the saved row's identity.
        obj.pk, obj.entered_by, obj.entered_at = saved.pk, saved.entered_by, saved.entered_at

    def construct_change_message(self, request, form, formsets, add=False):
        # The inline formsets were not saved by the admin (the service replaced the rows), so they carry
        # no new/changed/deleted object lists; the event table holds the detailed before/after anyway.
        return construct_change_message(form, [], add)
