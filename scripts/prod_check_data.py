"""The small data set of `make prod-check` (run through `gongkai shell`): a government with two departments,
their three staff roles each, and 40 items published through the review workflow (one withdrawn).
"""

import datetime as dt

from django.utils import timezone

from gongkai.disclosures.services import disclosure_create
from gongkai.orgs.models import Unit
from gongkai.orgs.services import staff_ensure, unit_ensure
from gongkai.reviews.services import disclosure_approve, disclosure_review, disclosure_submit, disclosure_withdraw

PASSWORD = "Check#2026-prod"
UNITS = [("PC", "检查区人民政府", None, "government"), ("PC-FGJ", "检查区发展和改革局", "PC", "department"),
         ("PC-JYJ", "检查区教育局", "PC", "department")]
TOPICS = ["10", "10", "10"]
CATEGORIES = ["art20.01", "art20.01", "art20.01"]
SUBJECTS = ["征地补偿实施办法", "重点建设项目计划", "义务教育招生方案", "城市更新项目公示", "预算执行情况",
            "行政事业性收费目录", "政府采购意向", "权责清单调整"]

for code, name, parent, kind in UNITS:
    unit_ensure(code=code, name=name, parent_code=parent, kind=kind)
Unit.objects.filter(code__in=[code for code, *_ in UNITS]).update(
    reconsideration_body="检查市人民政府", court="检查市中级人民法院", guide_phone="0574-86000000")
people = {}
for code, *_ in UNITS:
    for role, suffix in (("operator", "op"), ("reviewer", "rev"), ("approver", "lead")):
        people[(code, role)] = staff_ensure(username=f"{code.lower()}-{suffix}", password=PASSWORD,
                                            grants=[(code, role)], check_password=False)[0]

today = timezone.localdate()
for n in range(40):
    code = UNITS[n % len(UNITS)][0]
    unit = Unit.objects.get(code=code)
    item = disclosure_create(
        unit=unit, actor=people[(code, "operator")], title=f"关于{SUBJECTS[n % len(SUBJECTS)]}的通知（第{n + 1}号）",
        topic=TOPICS[n % len(TOPICS)], genre="notice", category=CATEGORIES[n % len(CATEGORIES)],
        written_on=(today - dt.timedelta(days=40 - n)).isoformat(),
        body_html=f"<p>各街道、镇，区各部门：现将{SUBJECTS[n % len(SUBJECTS)]}印发给你们，请认真贯彻执行。</p>",
    )
    disclosure_submit(disclosure=item, actor=people[(code, "operator")])
    disclosure_review(disclosure=item, actor=people[(code, "reviewer")], passed=True)
    disclosure_approve(disclosure=item, actor=people[(code, "approver")], approved=True)
disclosure_withdraw(disclosure=item, actor=people[(code, "approver")], reason="检查：撤回一条")
