"""Dates as Chinese official documents and notices write them."""

import datetime as dt


def date_text(day: dt.date) -> str:
    """2026-11-02 → 2026年11月2日."""
    return f"{day.year}年{day.month}月{day.day}日"
