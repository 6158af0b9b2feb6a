"""The units of the demo: 宁波市镇海区人民政府, its office, its departments (as they were named around
2014, the year of the seed report) and its four streets and two towns.

Each unit carries what the generator needs besides its name: the short name used in running text, the
文号 prefix of its documents, its usual 主题分类, how much it publishes (``volume``, relative) and which
sector-specific kinds of information it issues (see :mod:`gongkai.demo.kinds`).

The settings the coordinator keeps per unit (:func:`ensure_settings`) — the remedies every reply letter
names (行政复议法 2023 Art. 24, 27; 行政诉讼法 Art. 14, 15(1)):

* the offices, departments, streets and towns → 宁波市镇海区人民政府 and 宁波市镇海区人民法院 (the basic
  court of the district). This includes the district branches of city departments (公安、国土、规划分局):
  Art. 24 para. 4 lets the district government decide on the branches a 设区的市's department set up by
  district, besides the city government; and 宁波石化经济技术开发区管委会, which the demo keeps among the
  district's departments;
* 宁波市镇海区人民政府 itself → 宁波市人民政府 (Art. 24 para. 1 (2)) and 宁波市中级人民法院 (行政诉讼法
  Art. 15(1): a county-level government's own decisions); its annual report rolls up its towns and streets,
  as the seed's district report of 2014 does;
* 宁波市镇海区气象局, the one vertically-led body of the list (气象法 Art. 5: led by the upper-level
  气象主管机构 first; no 税务、海关 or 金融监管 office is among the demo's units) → 宁波市气象局 (Art. 27),
  and the basic court of where it sits;
* 宁波市住房公积金管理中心镇海分中心: a branch of the city's 住房公积金管理中心, an organisation the city
  government manages that acts under the 住房公积金管理条例 → 宁波市人民政府 (Art. 24 para. 1 (4)), and
  the basic court of where it sits.

Wherever a province assigns administrative cases across districts (行政诉讼法 Art. 18(2)) a real
deployment names the designated court instead. The government office and 招宝山街道 let their reviewer
sign off the 补正告知书 (a routine notice); every other letter, and every letter of the other units, is
signed off by the approver.
"""

import random
from dataclasses import dataclass

from django.utils import timezone

from gongkai.orgs.models import Unit, UnitEvent, UnitKind, User
from gongkai.orgs.services import unit_ensure, unit_settings_update

from .guide import guide_html

ROOT = "ZH"
OFFICE = "ZH-ZFB"
HOURS = "工作日 上午8:30—12:00，下午13:30—17:00（法定节假日除外）"
POSTCODE = "315200"
CENTRE = "宁波市镇海区骆驼街道东邑北路1号区行政中心"


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    short: str  # as written in running text: 区发改局, 招宝山街道
    abbr: str  # 文号 prefix: 镇发改 → 镇发改〔2014〕12号
    topic: str  # usual 主题分类 code
    volume: int  # relative number of items published in a year
    sectors: tuple[str, ...] = ()  # sector-specific kinds this unit issues
    kind: str = UnitKind.DEPARTMENT
    address: str = ""  # defaults to a room in the district administrative centre
    head: str = "局长"  # title of the unit's head in running text
    matters: tuple[str, ...] = ()  # the unit's recurring subjects, used in titles and bodies

    @property
    def parent(self) -> str | None:
        return None if self.code == ROOT else ROOT

    @property
    def is_town(self) -> bool:
        return self.kind == UnitKind.TOWN


D = UnitKind.DEPARTMENT
T = UnitKind.TOWN

UNITS: tuple[UnitSpec, ...] = (
    UnitSpec("ZH", "宁波市镇海区人民政府", "区政府", "镇政发", "02", 160, ("appointment",),
             kind=UnitKind.GOVERNMENT, head="区长",
             matters=("经济社会发展", "重大项目建设", "民生实事", "生态环境整治")),
    UnitSpec("ZH-ZFB", "镇海区人民政府办公室", "区府办", "镇政办发", "02", 1250,
             ("minutes", "emergency"), head="主任",
             matters=("政府信息公开", "政务服务", "督查考核", "应急管理", "电子政务", "建议提案办理")),
    UnitSpec("ZH-FGJ", "镇海区发展和改革局", "区发改局", "镇发改", "03", 480,
             ("project", "road", "stats", "fees"),
             matters=("重点项目推进", "国民经济运行监测", "节能降耗", "服务业发展", "粮食安全")),
    UnitSpec("ZH-JXJ", "镇海区经济和信息化局", "区经信局", "镇经信", "07", 300, ("project",),
             matters=("工业经济运行", "企业技术改造", "小微企业培育", "两化融合", "节能监察")),
    UnitSpec("ZH-JYJ", "镇海区教育局", "区教育局", "镇教", "11", 420, ("education", "license"),
             matters=("义务教育均衡发展", "学前教育", "校园安全", "教师队伍建设", "职业教育")),
    UnitSpec("ZH-KJJ", "镇海区科学技术局", "区科技局", "镇科", "11", 200, (),
             matters=("科技创新", "高新技术企业培育", "科技人才引进", "知识产权保护")),
    UnitSpec("ZH-GAFJ", "宁波市公安局镇海分局", "区公安分局", "镇公", "16", 380,
             ("security", "penalty", "license", "emergency"),
             matters=("社会治安防控", "道路交通安全", "户籍管理", "禁毒宣传", "消防安全")),
    UnitSpec("ZH-MZJ", "镇海区民政局", "区民政局", "镇民", "17", 400, ("assistance", "license"),
             matters=("社会救助", "养老服务", "社会组织管理", "双拥优抚", "社区建设")),
    UnitSpec("ZH-SFJ", "镇海区司法局", "区司法局", "镇司", "16", 220, (),
             matters=("法治宣传教育", "人民调解", "法律援助", "社区矫正")),
    UnitSpec("ZH-CZJ", "镇海区财政局", "区财政局", "镇财", "04", 420, ("budget_exec", "fees"),
             matters=("预算管理", "政府采购监管", "国库集中支付", "财政专项资金管理")),
    UnitSpec("ZH-RSJ", "镇海区人力资源和社会保障局", "区人力社保局", "镇人社", "15", 420, ("employment", "license"),
             matters=("就业创业", "社会保险", "劳动保障监察", "人才引进", "职业技能培训")),
    UnitSpec("ZH-GTFJ", "宁波市国土资源局镇海分局", "区国土分局", "镇国土", "05", 380,
             ("land", "penalty", "license"),
             matters=("土地利用总体规划", "耕地保护", "土地征收", "矿产资源管理", "不动产登记")),
    UnitSpec("ZH-GHFJ", "宁波市规划局镇海分局", "区规划分局", "镇规", "10", 260, ("license",),
             matters=("城乡规划编制", "建设项目规划许可", "村庄规划", "规划批后管理")),
    UnitSpec("ZH-ZJJ", "镇海区住房和城乡建设局", "区住建局", "镇住建", "10", 420,
             ("project", "road", "license", "housing"),
             matters=("保障性住房建设", "建筑市场监管", "城乡基础设施建设", "物业管理", "建筑节能")),
    UnitSpec("ZH-ZSB", "镇海区房屋征收拆迁办公室", "区征收办", "镇征收", "10", 200, ("housing",), head="主任",
             matters=("国有土地上房屋征收", "集体土地房屋拆迁", "征收补偿安置")),
    UnitSpec("ZH-JTJ", "镇海区交通运输局", "区交通运输局", "镇交", "07", 320,
             ("road", "license", "penalty", "emergency"),
             matters=("公路建设养护", "公交线路优化", "道路运输管理", "港航管理")),
    UnitSpec("ZH-SLJ", "镇海区水利局", "区水利局", "镇水", "06", 300, ("emergency", "warning", "project", "license"),
             matters=("防汛防台", "河道整治", "水资源管理", "农村饮用水安全", "五水共治")),
    UnitSpec("ZH-NLJ", "镇海区农林局", "区农林局", "镇农林", "06", 300, ("agriculture", "license", "penalty"),
             matters=("现代农业发展", "动物防疫", "农产品质量安全", "林业生态建设", "惠农补贴")),
    UnitSpec("ZH-SWJ", "镇海区商务局", "区商务局", "镇商务", "08", 260, (),
             matters=("外贸出口", "招商引资", "商贸流通", "电子商务发展")),
    UnitSpec("ZH-WGXJ", "镇海区文化广电新闻出版局", "区文广新局", "镇文广新", "12", 280,
             ("culture", "license", "penalty"),
             matters=("公共文化服务", "文化市场管理", "文物保护", "全民阅读", "体育健身")),
    UnitSpec("ZH-WSJ", "镇海区卫生和计划生育局", "区卫生计生局", "镇卫计", "13", 420,
             ("health", "license", "penalty", "emergency"),
             matters=("公立医院改革", "基本公共卫生服务", "卫生监督", "计划生育服务", "疾病预防控制")),
    UnitSpec("ZH-SJJ", "镇海区审计局", "区审计局", "镇审", "04", 200, ("audit",),
             matters=("预算执行审计", "经济责任审计", "政府投资项目审计")),
    UnitSpec("ZH-HBJ", "宁波市镇海区环境保护局", "区环保局", "镇环", "10", 420,
             ("environment", "license", "penalty", "emergency"),
             matters=("大气污染防治", "重点排污单位监管", "环境影响评价", "煤尘整治", "水环境治理")),
    UnitSpec("ZH-AJJ", "镇海区安全生产监督管理局", "区安监局", "镇安监", "09", 400,
             ("safety", "penalty", "license", "emergency"),
             matters=("危险化学品安全监管", "安全生产大检查", "职业健康监管", "隐患排查治理")),
    UnitSpec("ZH-TJJ", "镇海区统计局", "区统计局", "镇统", "03", 240, ("stats", "penalty"),
             matters=("统计调查", "经济普查", "统计执法检查", "统计数据质量")),
    UnitSpec("ZH-SCJG", "宁波市镇海区市场监督管理局", "区市场监管局", "镇市监", "09", 460,
             ("food", "license", "penalty", "emergency"),
             matters=("食品安全监管", "特种设备安全", "产品质量监督", "消费维权", "商事登记")),
    UnitSpec("ZH-ZHZF", "镇海区综合行政执法局", "区综合执法局", "镇执法", "10", 300, ("penalty", "security"),
             matters=("违法建筑查处", "市容环境整治", "渣土运输管理", "三改一拆")),
    UnitSpec("ZH-CGJ", "镇海区城市管理局", "区城管局", "镇城管", "10", 260, ("license", "penalty", "road"),
             matters=("市容环境卫生", "城市道路养护", "园林绿化", "生活垃圾分类")),
    UnitSpec("ZH-RFB", "镇海区人民防空办公室", "区人防办", "镇人防", "21", 140, ("license", "penalty"), head="主任",
             matters=("人防工程建设", "防空警报试鸣", "人民防空宣传教育")),
    UnitSpec("ZH-DAJ", "镇海区档案局", "区档案局", "镇档", "02", 120, (),
             matters=("档案资源建设", "档案利用服务", "机关档案工作指导")),
    UnitSpec("ZH-LYJ", "镇海区旅游局", "区旅游局", "镇旅", "08", 180, ("penalty",),
             matters=("旅游市场监管", "乡村旅游发展", "旅游节庆活动", "A级景区创建")),
    UnitSpec("ZH-SPB", "镇海区行政审批管理办公室", "区审管办", "镇审管", "02", 520, ("license",), head="主任",
             matters=("行政审批制度改革", "权力清单", "政务服务网建设", "公共资源交易")),
    UnitSpec("ZH-XFJ", "镇海区信访局", "区信访局", "镇信访", "02", 150, (),
             matters=("信访积案化解", "领导接访下访", "网上信访")),
    UnitSpec("ZH-JGSW", "镇海区机关事务管理局", "区机关事务局", "镇机事", "02", 140, (),
             matters=("公务用车管理", "公共机构节能", "机关办公用房管理")),
    UnitSpec("ZH-MZZJ", "镇海区民族宗教事务局", "区民宗局", "镇民宗", "18", 110, (),
             matters=("宗教活动场所管理", "少数民族服务", "民族团结进步创建")),
    UnitSpec("ZH-FZB", "镇海区人民政府法制办公室", "区法制办", "镇法制", "16", 160, (), head="主任",
             matters=("规范性文件备案审查", "行政复议", "依法行政考核", "行政执法监督")),
    UnitSpec("ZH-JCJ", "镇海区监察局", "区监察局", "镇监", "15", 140, (),
             matters=("效能监察", "作风建设", "廉政风险防控")),
    UnitSpec("ZH-WJJ", "镇海区物价局", "区物价局", "镇价", "03", 180, ("fees", "penalty"),
             matters=("价格监测", "收费管理", "价格监督检查", "价格认证")),
    UnitSpec("ZH-LSJ", "镇海区粮食局", "区粮食局", "镇粮", "08", 110, (),
             matters=("地方储备粮管理", "粮食流通监督检查", "粮食应急保障")),
    UnitSpec("ZH-GZB", "镇海区国有资产管理办公室", "区国资办", "镇国资", "03", 150, (), head="主任",
             matters=("国有资产监管", "国有企业改革", "国有资产处置")),
    UnitSpec("ZH-JRB", "镇海区人民政府金融工作办公室", "区金融办", "镇金融", "04", 130, (), head="主任",
             matters=("企业上市培育", "地方金融风险防范", "小额贷款公司监管")),
    UnitSpec("ZH-DZZW", "镇海区电子政务办公室", "区电子政务办", "镇电政", "02", 120, (), head="主任",
             matters=("政府网站群建设", "电子政务外网", "信息安全保障")),
    UnitSpec("ZH-CL", "镇海区残疾人联合会", "区残联", "镇残联", "17", 150, ("assistance",), head="理事长",
             matters=("残疾人就业", "残疾人康复", "残疾人托养服务")),
    UnitSpec("ZH-QB", "镇海区人民政府侨务办公室", "区侨办", "镇侨办", "20", 110, (), head="主任",
             matters=("侨务服务", "海外联谊", "归侨侨眷权益保护")),
    UnitSpec("ZH-GJJ", "宁波市住房公积金管理中心镇海分中心", "公积金镇海分中心", "甬公积金镇", "04", 120, (),
             head="主任", matters=("住房公积金归集", "住房公积金贷款", "提取业务办理")),
    UnitSpec("ZH-QXJ", "宁波市镇海区气象局", "区气象局", "镇气", "22", 140, ("warning",),
             matters=("气象灾害预警", "人工影响天气", "防雷安全管理")),
    UnitSpec("ZH-SHKFQ", "宁波石化经济技术开发区管理委员会", "石化开发区管委会", "甬石化管", "07", 300,
             ("project", "safety", "emergency", "land"), head="主任",
             address="宁波市镇海区蛟川街道石化路1000号",
             matters=("化工园区安全管理", "园区基础设施建设", "招商引资", "园区环境整治")),
    UnitSpec("ZH-ZBS", "镇海区招宝山街道办事处", "招宝山街道", "招街", "02", 380,
             ("assistance", "road", "emergency", "housing"), kind=T, head="办事处主任",
             address="宁波市镇海区招宝山街道车站路88号",
             matters=("老城区改造", "社区服务", "平安创建", "文明城市创建")),
    UnitSpec("ZH-JC", "镇海区蛟川街道办事处", "蛟川街道", "蛟街", "02", 360,
             ("assistance", "road", "land", "emergency"), kind=T, head="办事处主任",
             address="宁波市镇海区蛟川街道镇宁东路1088号",
             matters=("村庄整治", "征地拆迁", "社区服务", "环境整治")),
    UnitSpec("ZH-LT", "镇海区骆驼街道办事处", "骆驼街道", "骆街", "02", 400,
             ("assistance", "road", "land", "emergency"), kind=T, head="办事处主任",
             address="宁波市镇海区骆驼街道骆兴路186号",
             matters=("新城建设", "征地拆迁", "社区服务", "平安创建")),
    UnitSpec("ZH-ZS", "镇海区庄市街道办事处", "庄市街道", "庄街", "02", 360,
             ("assistance", "road", "land", "emergency"), kind=T, head="办事处主任",
             address="宁波市镇海区庄市街道兴庄路6号",
             matters=("大学园区服务", "征地拆迁", "农村经济", "社区服务")),
    UnitSpec("ZH-XP", "镇海区澥浦镇人民政府", "澥浦镇", "澥政", "02", 330,
             ("assistance", "road", "land", "emergency", "agriculture"), kind=T, head="镇长",
             address="宁波市镇海区澥浦镇澥浦路222号",
             matters=("美丽乡村建设", "农业生产", "企业安全生产", "河道整治")),
    UnitSpec("ZH-JLH", "镇海区九龙湖镇人民政府", "九龙湖镇", "九政", "02", 330,
             ("assistance", "road", "land", "emergency", "agriculture"), kind=T, head="镇长",
             address="宁波市镇海区九龙湖镇九龙大道56号",
             matters=("乡村旅游", "美丽乡村建设", "农业生产", "生态保护")),
)

BY_CODE: dict[str, UnitSpec] = {spec.code: spec for spec in UNITS}
TOWNS: tuple[UnitSpec, ...] = tuple(spec for spec in UNITS if spec.is_town)


def guide_fields(spec: UnitSpec) -> dict[str, str]:
    """The unit's 公开指南 (Art. 12): office, address, hours, phone, fax, e-mail, postcode, text."""
    rng = random.Random(f"guide:{spec.code}")  # noqa: S311 — demo data, not a secret
    index = UNITS.index(spec)
    if spec.address:
        address = spec.address
    else:
        address = f"{CENTRE}{1 + index % 3}号楼{3 + index % 9}楼"
    phone = f"0574-86{rng.randint(200000, 299999)}"
    fax = f"0574-86{rng.randint(200000, 299999)}"
    mailbox = spec.code.lower().replace("-", "")
    office = "办公室" if not spec.is_town else "党政办公室"
    if spec.code in (ROOT, OFFICE):
        office = "镇海区人民政府办公室秘书科"
    fields = {
        "guide_office": office,
        "guide_address": address,
        "guide_hours": HOURS,
        "guide_phone": phone,
        "guide_fax": fax,
        "guide_email": f"{mailbox}@zh.gov.cn",
        "guide_postcode": POSTCODE,
    }
    fields["guide_html"] = guide_html(name=spec.name, short=spec.short, is_government=spec.kind != D, **fields)
    return fields


def ensure_units(*, actor=None) -> dict[str, tuple]:
    """Create or update every demo unit through the service. Returns {code: (unit, created)}."""
    out = {}
    now = timezone.now()
    existing = set(Unit.objects.filter(code__in=BY_CODE).values_list("code", flat=True))
    for sort, spec in enumerate(UNITS, start=1):
        # A unit that exists keeps its guide and ordering: a coordinator may have edited them since.
        extra = {} if spec.code in existing else {
            "short_name": spec.short, "sort": sort * 10, "guide_updated_at": now, **guide_fields(spec)}
        unit, created = unit_ensure(
            code=spec.code, name=spec.name, parent_code=spec.parent, kind=spec.kind, actor=actor, **extra
        )
        out[spec.code] = (unit, created)
    return out


DISTRICT_GOVERNMENT = "宁波市镇海区人民政府"
DISTRICT_COURT = "宁波市镇海区人民法院"
# code -> (行政复议机关, 管辖人民法院) where it is not the district government and the district court
REMEDIES: dict[str, tuple[str, str]] = {
    ROOT: ("宁波市人民政府", "宁波市中级人民法院"),
    "ZH-QXJ": ("宁波市气象局", DISTRICT_COURT),
    "ZH-GJJ": ("宁波市人民政府", DISTRICT_COURT),
}
SIGNOFF_DELEGATED: dict[str, list[str]] = {OFFICE: ["clarification"], "ZH-ZBS": ["clarification"]}


def remedies_for(code: str) -> tuple[str, str]:
    return REMEDIES.get(code, (DISTRICT_GOVERNMENT, DISTRICT_COURT))


def ensure_settings(*, units: dict[str, Unit], actor: User) -> int:
    """Set every demo unit's remedies, report roll-up and sign-off through the service, as the coordinator
    would in the console; a unit whose settings were ever set (by anyone) is left alone. Returns how many
    units were set."""
    done = set(UnitEvent.objects.filter(unit__in=units.values(), action="settings_update")
               .values_list("unit__code", flat=True))
    count = 0
    for code, unit in units.items():
        if code in done:
            continue
        body, court = remedies_for(code)
        unit_settings_update(unit=unit, actor=actor, reconsideration_body=body, court=court,
                             report_includes_towns=code == ROOT, signoff_delegated=SIGNOFF_DELEGATED.get(code, []))
        count += 1
    return count
