from datetime import date
import pytest
from gongkai.foi.clock import ClockInput, Pause, compute

@pytest.mark.django_db
def test_show():
    for inp, today in [
        (ClockInput(received_on=date(2026, 9, 30)), date(2026, 10, 1)),
        (ClockInput(received_on=date(2026, 9, 30), clarification_sent_on=date(2026, 10, 12), supplement_received_on=date(2026,10,20),
                    pauses=(Pause("third_party", date(2026,10,22), date(2026,10,28), "某公司"), Pause("agency", date(2026,10,26), None), Pause("fee", date(2026,11,2), None)),
                    extension_days=20, extension_on=date(2026,11,1), excessive_due=date(2026,12,31)), date(2026, 11, 5)),
        (ClockInput(received_on=date(2099, 12, 20)), date(2099, 12, 21)),
        (ClockInput(received_on=date(2026, 9, 30), clarification_sent_on=date(2026, 10, 12)), date(2026, 10, 20)),
    ]:
        r = compute(inp, today=today)
        print(r.state, r.due_date, r.provisional, r.clarification_due, r.supplement_due, r.fee_payment_due, r.paused_workdays)
        for s in r.segments:
            print("  ", s.kind, s.start, s.end, s.workdays, s.basis, s.text)
