"""Demo logins: one password for all, an IT admin, the 协调办 of the government office, and three people
(operator, reviewer, approver) in every unit. Names are drawn deterministically from common surnames
and given names of the region."""

import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from gongkai.orgs.models import Role, User
from gongkai.orgs.services import staff_ensure

from .units import ROOT, UNITS

DEMO_PASSWORD = "Demo#2026"

SURNAMES = (
    "王陈张李周徐林胡吴俞应郑孙朱杨黄毛邵方董贺虞乐柴叶金沈励邬竺顾严蒋何谢丁袁傅戴鲍史汪任姚包忻翁"
    "胡陈王李张徐周林俞吴"  # the common ones twice as likely
)
GIVEN = (
    "建国明华军伟勇杰涛斌磊强平刚芳敏静丽娟燕艳萍红霞琳婷雯洁颖慧晓海波浩宇峰辉亮俊立新文志宏春雪佳嘉思雅琪"
    "佩蕾瑜晨欣露莉倩珊凯超彬健毅骏鑫锋琦剑炜晖莹蓉菁洪云飞鸣振东跃益群"
)

ROLE_SUFFIX = {Role.OPERATOR: "op", Role.REVIEWER: "rev", Role.APPROVER: "lead"}
ROLE_LABEL = {Role.OPERATOR: "经办人", Role.REVIEWER: "审核人", Role.APPROVER: "负责领导",
              Role.COORDINATOR: "协调办"}


def person_name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.72 else "")
    return rng.choice(SURNAMES) + given


def mask_name(name: str) -> str:
    """张*明 for three characters, 王* for two: how names appear in published lists."""
    return name[0] + "*" if len(name) <= 2 else name[0] + "*" * (len(name) - 2) + name[-1]


@dataclass(frozen=True)
class Login:
    username: str
    display_name: str
    grants: tuple[tuple[str, str], ...]
    superuser: bool = False


def username_for(code: str, role: str) -> str:
    return f"{code.lower()}-{ROLE_SUFFIX[role]}"


def logins() -> list[Login]:
    """Every demo login, in a fixed order with fixed names."""
    rng = random.Random(2026)  # noqa: S311 — demo data
    used: set[str] = set()

    def fresh_name() -> str:
        while (name := person_name(rng)) in used:
            pass
        used.add(name)
        return name

    out = [Login("admin", "系统管理员", (), superuser=True),
           Login("zfb", fresh_name(), ((ROOT, Role.COORDINATOR),))]
    for spec in UNITS:
        for role in (Role.OPERATOR, Role.REVIEWER, Role.APPROVER):
            out.append(Login(username_for(spec.code, role), fresh_name(), ((spec.code, role),)))
    return out


def ensure_staff() -> dict[str, User]:
    """Create or update every demo login through the service. Returns {username: user}.

    The password is hashed once and shared: hashing it per person (PBKDF2, about 0.3 s each) would
    make the demo take a minute. New people are created with that hash; ``staff_ensure`` then fills in
    the name and grants (and records the grants), and leaves an existing person's password alone.
    """
    hashed = make_password(DEMO_PASSWORD)
    people = logins()
    existing = set(User.objects.filter(username__in=[p.username for p in people]).values_list("username", flat=True))
    User.objects.bulk_create(
        [User(username=p.username, password=hashed, display_name=p.display_name)
         for p in people if p.username not in existing]
    )
    users = {}
    for person in people:
        user, _ = staff_ensure(username=person.username, password=None, grants=list(person.grants),
                               display_name=person.display_name, check_password=False)
        if person.superuser and not (user.is_superuser and user.is_staff):
            user.is_superuser = user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
        users[person.username] = user
    return users
