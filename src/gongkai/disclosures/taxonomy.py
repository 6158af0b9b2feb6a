"""The national vocabularies of the register (RULES.md §3).

主题分类 and 体裁 are data (the ``Term`` table, seeded from the lists below, labels editable per site);
the statutory categories, disclosure modes, validity and channels are fixed by law and live in code.
"""

from django.db import models

# 主题分类: the 22 top-level subjects of the gov.cn policy library.
TOPICS: list[tuple[str, str]] = [
    ("01", "国务院组织机构"),
    ("02", "综合政务"),
    ("03", "国民经济管理、国有资产监管"),
    ("04", "财政、金融、审计"),
    ("05", "国土资源、能源"),
    ("06", "农业、林业、水利"),
    ("07", "工业、交通"),
    ("08", "商贸、海关、旅游"),
    ("09", "市场监管、安全生产监管"),
    ("10", "城乡建设、环境保护"),
    ("11", "科技、教育"),
    ("12", "文化、广电、新闻出版"),
    ("13", "卫生、体育"),
    ("14", "人口与计划生育、妇女儿童工作"),
    ("15", "劳动、人事、监察"),
    ("16", "公安、安全、司法"),
    ("17", "民政、扶贫、救灾"),
    ("18", "民族、宗教"),
    ("19", "对外事务"),
    ("20", "港澳台侨工作"),
    ("21", "国防"),
    ("22", "其他"),
]

# 体裁: the 15 kinds of official documents, plus 其他 for information that is not a document.
GENRES: list[tuple[str, str]] = [
    ("resolution", "决议"),
    ("decision", "决定"),
    ("order", "命令（令）"),
    ("communique", "公报"),
    ("announcement", "公告"),
    ("public_notice", "通告"),
    ("opinion", "意见"),
    ("notice", "通知"),
    ("circular", "通报"),
    ("report", "报告"),
    ("request", "请示"),
    ("reply", "批复"),
    ("motion", "议案"),
    ("letter", "函"),
    ("minutes", "纪要"),
    ("other", "其他"),
]


class Category(models.TextChoices):
    """Statutory categories of proactive disclosure: Art. 20 items (一)–(十五) and Art. 21."""

    A20_01 = "art20.01", "（一）行政法规、规章和规范性文件"
    A20_02 = "art20.02", "（二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"
    A20_03 = "art20.03", "（三）国民经济和社会发展规划、专项规划、区域规划及相关政策"
    A20_04 = "art20.04", "（四）国民经济和社会发展统计信息"
    A20_05 = "art20.05", "（五）行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果"
    A20_06 = "art20.06", "（六）行政处罚、行政强制的依据、条件、程序以及有一定社会影响的行政处罚决定"
    A20_07 = "art20.07", "（七）财政预算、决算信息"
    A20_08 = "art20.08", "（八）行政事业性收费项目及其依据、标准"
    A20_09 = "art20.09", "（九）政府集中采购项目的目录、标准及实施情况"
    A20_10 = "art20.10", "（十）重大建设项目的批准和实施情况"
    A20_11 = "art20.11", "（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"
    A20_12 = "art20.12", "（十二）突发公共事件的应急预案、预警信息及应对情况"
    A20_13 = "art20.13", "（十三）环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"
    A20_14 = "art20.14", "（十四）公务员招考的职位、名额、报考条件等事项以及录用结果"
    A20_15 = "art20.15", "（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"
    A21_URBAN = "art21.urban_construction", "第二十一条 市政建设"
    A21_SERVICES = "art21.public_services", "第二十一条 公共服务"
    A21_WELFARE = "art21.public_welfare", "第二十一条 公益事业"
    A21_LAND = "art21.land_expropriation", "第二十一条 土地征收"
    A21_HOUSING = "art21.housing_expropriation", "第二十一条 房屋征收"
    A21_SECURITY = "art21.public_security", "第二十一条 治安管理"
    A21_ASSISTANCE = "art21.social_assistance", "第二十一条 社会救助"


class DisclosureMode(models.TextChoices):
    PROACTIVE = "proactive", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    NOT_DISCLOSED = "not_disclosed", "不予公开"


class Validity(models.TextChoices):
    VALID = "valid", "有效"
    EXPIRED = "expired", "失效"
    REPEALED = "repealed", "废止"
    REVISED = "revised", "已修订"


class Channel(models.TextChoices):
    WEBSITE = "website", "政府网站"
    GAZETTE = "gazette", "政府公报"
    WEIBO = "weibo", "政务微博"
    WECHAT = "wechat", "政务微信"
    OTHER = "other", "其他方式"


class NormativeKind(models.TextChoices):
    """Whether the item is a 规章 or 行政规范性文件 — counted in table 二 of the annual report."""

    NONE = "", "否"
    REGULATION = "regulation", "规章"
    NORMATIVE = "normative", "行政规范性文件"


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"  # being written by the unit's operator
    SUBMITTED = "submitted", "待审查"  # waiting for the confidentiality review (保密审查)
    REVIEWED = "reviewed", "待审批"  # review passed, waiting for the approver's sign-off
    APPROVED = "approved", "已审批"  # signed off, publication under way
    PUBLISHED = "published", "已发布"  # visible on the portal
    WITHDRAWN = "withdrawn", "已撤回"  # taken off the portal, kept in the register


class Vocabulary(models.TextChoices):
    TOPIC = "topic", "主题分类"
    GENRE = "genre", "体裁"
