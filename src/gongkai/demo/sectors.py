"""Sector-specific kinds, part one: decisions on firms and land — 行政许可, 行政处罚, 道路与重大项目,
征地, 房屋征收, 社会救助, 应急, 会议纪要, 人事任免, 治安通告."""

import datetime as dt

from gongkai.disclosures.taxonomy import Category

from . import texts as t
from .kinds import Ctx, Draft, Kind, addressees, org_name
from .people import mask_name
from .units import ROOT

# What each unit licenses and punishes: (许可事项), (违法行为, 违反的规定, 处罚依据).
LICENSES = {
    "ZH-HBJ": ("建设项目环境影响报告表审批", "排污许可证核发"),
    "ZH-SCJG": ("食品经营许可", "食品生产许可", "特种设备使用登记"),
    "ZH-WSJ": ("医疗机构执业登记", "公共场所卫生许可", "放射诊疗许可"),
    "ZH-JTJ": ("道路货物运输经营许可", "公路超限运输许可", "占用、挖掘公路许可"),
    "ZH-ZJJ": ("建筑工程施工许可", "商品房预售许可", "燃气经营许可"),
    "ZH-GTFJ": ("建设用地规划许可", "采矿权延续登记", "临时用地审批"),
    "ZH-GHFJ": ("建设工程规划许可证核发", "建设用地规划许可证核发", "乡村建设规划许可证核发"),
    "ZH-SPB": ("企业投资项目备案", "户外广告设置许可", "建设工程竣工规划核实"),
    "ZH-NLJ": ("动物防疫条件合格证核发", "林木采伐许可", "农药经营许可"),
    "ZH-SLJ": ("取水许可", "河道管理范围内建设项目审批", "水土保持方案审批"),
    "ZH-WGXJ": ("娱乐场所经营许可", "互联网上网服务营业场所经营许可", "出版物零售单位设立审批"),
    "ZH-AJJ": ("危险化学品经营许可", "非药品类易制毒化学品经营备案"),
    "ZH-MZJ": ("社会团体成立登记", "民办非企业单位成立登记", "养老机构设立许可"),
    "ZH-JYJ": ("民办学校办学许可", "校外培训机构办学许可"),
    "ZH-GAFJ": ("烟花爆竹道路运输许可", "旅馆业特种行业许可", "大型群众性活动安全许可"),
    "ZH-RSJ": ("劳务派遣经营许可", "人力资源服务许可"),
    "ZH-CGJ": ("城市建筑垃圾处置核准", "临时占用城市道路许可", "城市树木砍伐审批"),
    "ZH-RFB": ("防空地下室易地建设审批", "人防工程拆除审批"),
}
PENALTIES = {
    "ZH-HBJ": ("排放大气污染物超过国家规定的排放标准", "《中华人民共和国大气污染防治法》第四十八条",
               "《中华人民共和国大气污染防治法》第四十八条第一款"),
    "ZH-SCJG": ("经营超过保质期的食品", "《中华人民共和国食品安全法》第二十八条第（八）项",
                "《中华人民共和国食品安全法》第八十五条第（十）项"),
    "ZH-AJJ": ("未按照规定对从业人员进行安全生产教育和培训", "《中华人民共和国安全生产法》第二十一条",
               "《中华人民共和国安全生产法》第八十二条第（四）项"),
    "ZH-ZHZF": ("未经批准擅自搭建建筑物", "《浙江省城乡规划条例》第四十五条", "《中华人民共和国城乡规划法》第六十四条"),
    "ZH-CGJ": ("擅自占用城市道路堆放物料", "《城市道路管理条例》第二十七条", "《城市道路管理条例》第四十二条"),
    "ZH-GAFJ": ("旅馆业工作人员未按规定登记住宿旅客信息", "《旅馆业治安管理办法》第六条",
                "《中华人民共和国治安管理处罚法》第五十六条"),
    "ZH-WSJ": ("公共场所未取得卫生许可证擅自营业", "《公共场所卫生管理条例》第八条",
               "《公共场所卫生管理条例实施细则》第三十五条"),
    "ZH-JTJ": ("未取得道路运输经营许可擅自从事道路货物运输经营", "《中华人民共和国道路运输条例》第二十四条",
               "《中华人民共和国道路运输条例》第六十四条"),
    "ZH-GTFJ": ("未经批准非法占用集体土地建设厂房", "《中华人民共和国土地管理法》第四十三条",
                "《中华人民共和国土地管理法》第七十六条"),
    "ZH-NLJ": ("经营未取得登记证的农药", "《农药管理条例》第二十九条", "《农药管理条例》第五十五条"),
    "ZH-WGXJ": ("互联网上网服务营业场所接纳未成年人进入营业场所", "《互联网上网服务营业场所管理条例》第二十一条",
                "《互联网上网服务营业场所管理条例》第三十一条"),
    "ZH-WJJ": ("销售商品不按规定明码标价", "《中华人民共和国价格法》第十三条", "《价格违法行为行政处罚规定》第十三条"),
    "ZH-TJJ": ("提供不真实的统计资料", "《中华人民共和国统计法》第七条", "《中华人民共和国统计法》第四十一条"),
    "ZH-RFB": ("新建民用建筑未按规定修建防空地下室", "《中华人民共和国人民防空法》第二十二条",
               "《中华人民共和国人民防空法》第四十八条"),
    "ZH-LYJ": ("旅行社未与旅游者签订书面旅游合同", "《中华人民共和国旅游法》第五十七条",
               "《中华人民共和国旅游法》第一百条"),
}


def license_decision(ctx: Ctx) -> Draft:
    rng = ctx.rng
    matter = rng.choice(LICENSES.get(ctx.spec.code, ("建设项目审批", "经营许可")))
    party = t.party(rng, ctx.spec.code, ctx.town())
    label, code = t.firm_code(rng, ctx.year)
    number = ctx.doc(ctx.spec.abbr + "许")
    town = ctx.town()
    rows = [("行政相对人名称", party), (label, code), ("法定代表人（负责人）", ctx.person()),
            ("许可决定书文号", number), ("许可事项", matter),
            ("许可内容", f"准予{matter}，经营（建设）地址：宁波市镇海区{town}{rng.choice(t.ROADS[town])}"
                        f"{rng.randint(1, 999)}号"),
            ("许可决定日期", t.cn_date(ctx.written)),
            ("有效期", f"{t.cn_date(ctx.written)}至{t.cn_date(ctx.written + dt.timedelta(days=5 * 365))}"),
            ("许可机关", org_name(ctx.spec))]
    body = t.paras(f"根据行政许可“双公示”有关规定，现将{matter}行政许可决定公示如下：") + \
        t.table(("项目", "内容"), rows) + \
        t.paras("对本许可决定有异议的，可自公示之日起向许可机关反映。")
    return Draft(f"行政许可决定公示（{party}）", body)


def penalty_decision(ctx: Ctx) -> Draft:
    rng = ctx.rng
    conduct, rule, basis = PENALTIES.get(ctx.spec.code, PENALTIES["ZH-SCJG"])
    party = t.party(rng, ctx.spec.code, ctx.town(), penalty=True)
    label, code = t.firm_code(rng, ctx.year)
    number = f"{ctx.spec.abbr}罚〔{ctx.year}〕{ctx.number(ctx.spec.abbr + '罚')}号"
    fine = rng.choice((2000, 5000, 10000, 20000, 30000, 50000, 100000))
    found = ctx.written - dt.timedelta(days=rng.randint(20, 60))
    town = ctx.town()
    body = t.paras(
        f"当事人：{party}",
        f"{label}：{code}",
        f"住所（经营场所）：宁波市镇海区{town}{rng.choice(t.ROADS[town])}{rng.randint(1, 999)}号",
        f"法定代表人（负责人）：{ctx.person()}",
        f"{t.cn_date(found)}，本机关执法人员在日常检查中发现，当事人存在{conduct}的行为。本机关于当日立案调查，"
        "依法制作了现场检查笔录、询问笔录，收集了相关证据材料。",
        f"经查，当事人的上述行为违反了{rule}的规定，事实清楚，证据确凿。本机关依法向当事人送达了行政处罚事先告知书，"
        f"告知其陈述、申辩{'和要求听证' if fine >= 10000 else ''}的权利，当事人在法定期限内未提出陈述、申辩意见。",
        f"依据{basis}的规定，本机关决定对当事人作出如下行政处罚：1.责令改正违法行为；2.罚款人民币{fine}元。",
        "当事人应当自收到本决定书之日起十五日内，将罚款缴至指定银行。逾期不缴纳的，每日按罚款数额的百分之三加处罚款。",
        "当事人如不服本处罚决定，可以在收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院"
        "提起行政诉讼。",
    ) + t.signature(org_name(ctx.spec), ctx.written)
    return Draft(f"行政处罚决定书（{number}）", body, number)


def road(ctx: Ctx) -> Draft:
    rng = ctx.rng
    town = ctx.town()
    street = rng.choice(t.ROADS[town])
    length, width = rng.randint(4, 40) * 50, rng.choice((12, 16, 18, 24, 30))
    invest = t.money(rng, 300, 6000)
    if ctx.spec.code == "ZH-FGJ":
        body = t.paras(
            f"{town}{'办事处' if town.endswith('街道') else '人民政府'}：",
            f"你单位报来的《关于要求审批{street}道路改造工程可行性研究报告的请示》收悉。经研究，现批复如下：",
            f"一、为完善{town}路网结构，改善群众出行条件，同意实施{street}道路改造工程。",
            f"二、建设内容及规模：改造道路全长约{length}米，道路红线宽度{width}米，主要建设内容包括道路、排水、"
            "照明、绿化、交通设施及管线迁改等。",
            f"三、总投资及资金来源：项目总投资估算为{invest}万元，资金由区财政补助和{town}自筹解决。",
            "四、请据此抓紧开展初步设计等前期工作，严格执行项目法人制、招标投标制、工程监理制和合同管理制，"
            "确保工程质量和安全。",
            "此复。",
        ) + t.signature(org_name(ctx.spec), ctx.written)
        return Draft(f"关于{town}{street}道路改造工程的批复", body, ctx.doc(ctx.spec.abbr + "审批"),
                     genre="reply")
    end = ctx.published + dt.timedelta(days=rng.randint(60, 240))
    body = t.paras(
        f"为完善区域路网，提升道路通行能力，{street}道路改造工程定于{t.cn_date(ctx.published + dt.timedelta(days=7))}"
        f"开工，计划于{t.cn_date(end)}完工。工程改造道路全长约{length}米，总投资约{invest}万元。",
        "施工期间，施工路段实行半幅封闭、半幅通行，请过往车辆和行人按照交通标志减速慢行、绕道通行。",
        "施工给沿线单位和居民出行带来的不便，敬请谅解。如有意见和建议，请与工程建设单位联系，"
        f"联系电话：0574-86{rng.randint(200000, 299999)}。",
    ) + t.signature(org_name(ctx.spec), ctx.written)
    return Draft(f"关于{town}{street}道路改造工程施工的公告", body, genre="announcement")


def major_project(ctx: Ctx) -> Draft:
    rng = ctx.rng
    name = t.project(rng)
    invest = t.money(rng, 800, 90000)
    progress = rng.choice(("已完成立项审批", "已完成初步设计批复", "已开工建设", f"完成投资{rng.randint(10, 95)}%",
                           "主体工程已完工", "已竣工验收"))
    rows = [("项目名称", name), ("审批文号", f"镇发改审批〔{ctx.year}〕{ctx.number('镇发改审批')}号"),
            ("建设单位", rng.choice(("镇海区城市建设投资发展有限公司", "镇海区交通投资集团有限公司",
                                    "镇海新城开发建设有限公司", f"{ctx.town()}建设管理办公室"))),
            ("总投资（万元）", invest), ("建设内容", f"新建{name.removesuffix('工程')}及配套设施"),
            ("计划工期", f"{ctx.year}年{ctx.written.month}月至{ctx.year + rng.randint(1, 3)}年"),
            ("实施进度", progress)]
    body = t.paras(f"根据重大建设项目信息公开有关要求，现将{name}的批准和实施情况公开如下：") + \
        t.table(("项目", "内容"), rows) + t.paras("项目建设过程中的招标投标、征地拆迁、质量安全等信息将适时公开。")
    return Draft(f"重大建设项目批准和实施情况（{name}）", body, topic="10")


def land(ctx: Ctx) -> Draft:
    rng = ctx.rng
    town = ctx.town()
    village = ctx.village(town)
    batch = ctx.number("征地批次")
    area = f"{rng.randint(300, 9000) / 100:.2f}"
    if rng.random() < 0.3 and ctx.spec.code == "ZH-GTFJ":
        place = rng.choice(t.PROJECT_PLACES)
        body = t.paras(
            f"经镇海区人民政府批准，宁波市国土资源局镇海分局决定以挂牌方式出让{place}地块国有建设用地使用权。",
            f"一、出让地块：{place}ZH{ctx.year % 100:02d}-{rng.randint(1, 30):02d}地块，出让面积{area}公顷，"
            f"用途为{rng.choice(('工业用地', '商服用地', '住宅用地'))}，出让年限按国家规定执行。",
            f"二、起始价：{t.money(rng, 500, 60000)}万元，竞买保证金为起始价的20%。",
            "三、中华人民共和国境内外的法人、自然人和其他组织均可申请参加竞买，申请人可以单独申请，也可以联合申请。",
            "四、挂牌时间和地点：详见出让文件。竞买人应在挂牌截止前按规定交纳竞买保证金。",
        )
        return Draft(f"国有建设用地使用权挂牌出让公告（{place}地块）", body, genre="announcement",
                     category=Category.A20_15)
    body = t.paras(
        f"根据浙江省人民政府《关于镇海区{ctx.year}年度第{batch}批次城市建设用地的批复》，"
        f"{town}{village}集体土地{area}公顷已依法批准征收。根据《中华人民共和国土地管理法》和《浙江省实施"
        "〈中华人民共和国土地管理法〉办法》的规定，现将征地补偿安置方案公告如下：",
        f"一、征收土地的位置、地类和面积：{town}{village}，其中农用地{float(area) * 0.8:.2f}公顷，"
        f"建设用地{float(area) * 0.15:.2f}公顷，未利用地{float(area) * 0.05:.2f}公顷。",
        f"二、补偿标准：土地补偿费和安置补助费按镇海区征地区片综合价执行，即每亩{rng.randint(35, 60) * 1000}元；"
        "青苗和地上附着物补偿按区政府规定标准执行。",
        "三、人员安置：被征地农民按规定纳入社会保障体系，安置人员名单由村经济合作社按规定程序确定后公示。",
        "四、被征地的农村集体经济组织、农村村民或者其他权利人对本方案有不同意见的，可在本公告发布之日起10个"
        "工作日内，以书面形式向宁波市国土资源局镇海分局提出听证申请。逾期未提出的，视为放弃听证。",
    ) + t.signature(org_name(ctx.spec), ctx.written)
    return Draft(f"征地补偿安置方案公告（镇海区{ctx.year}年度第{batch}批次）", body, genre="announcement")


def housing(ctx: Ctx) -> Draft:
    rng = ctx.rng
    town = ctx.town()
    place = f"{town}{rng.choice(t.ROADS[town])}{rng.choice(('东侧', '西侧', '南侧', '北侧'))}"
    if rng.random() < 0.35:
        rows = [(i, mask_name(ctx.person()), ctx.village(town), rng.randint(1, 4),
                 rng.choice(("一室户", "两室户")))
                for i in range(1, rng.randint(5, 12))]
        body = t.paras(
            f"根据《镇海区公共租赁住房管理实施细则》，经申请人申请、{town}初审、区住房保障部门复核，"
            "现将本批次公共租赁住房拟配租对象名单公示如下：",
        ) + t.table(("序号", "申请人", "所在村（社区）", "家庭人口", "配租户型"), rows) + t.paras(
            "公示期为15天。如有异议，请在公示期内以书面形式实名向区住房保障部门反映。",
        )
        return Draft(f"{ctx.year}年第{ctx.number('公租房')}批公共租赁住房拟配租对象名单公示", body,
                     category=Category.A21_ASSISTANCE, genre="other", topic="17")
    households = rng.randint(12, 260)
    body = t.paras(
        f"因{rng.choice(('旧城区改建', '公共基础设施建设', '保障性安居工程建设'))}需要，根据《国有土地上房屋征收与补偿条例》"
        f"第八条的规定，镇海区人民政府决定对{place}地块范围内的房屋实施征收。",
        f"一、征收范围：{place}地块，涉及被征收房屋约{households}户，具体以征收范围红线图为准。",
        f"二、房屋征收部门：镇海区房屋征收拆迁办公室；房屋征收实施单位：{town}房屋征收工作指挥部。",
        f"三、签约期限：自{t.cn_date(ctx.published + dt.timedelta(days=10))}起九十日。",
        "四、被征收人对房屋征收决定不服的，可以在本公告发布之日起六十日内依法申请行政复议，也可以在六个月内"
        "依法提起行政诉讼。",
    ) + t.signature("宁波市镇海区人民政府", ctx.written)
    return Draft(f"关于{place}地块国有土地上房屋征收决定的公告", body, genre="announcement")


def assistance(ctx: Ctx) -> Draft:
    rng = ctx.rng
    town = ctx.town()
    if ctx.spec.code == "ZH-CL":
        what, kind = "困难残疾人生活补贴和重度残疾人护理补贴", "残疾人两项补贴"
    else:
        what, kind = rng.choice((("城乡居民最低生活保障", "低保"), ("最低生活保障边缘", "低保边缘"),
                                 ("临时救助", "临时救助")))
    rows = [(i, mask_name(ctx.person()), ctx.village(town), rng.randint(1, 4), rng.randint(3, 12) * 100)
            for i in range(1, rng.randint(6, 15))]
    month = ctx.written.month
    body = t.paras(
        f"根据《浙江省最低生活保障办法》和镇海区有关规定，经本人申请、村（社区）评议、{town}审核、区民政局审批，"
        f"现将{ctx.year}年{month}月新增{what}对象名单公示如下：",
    ) + t.table(("序号", "户主姓名", "所在村（社区）", "保障人数", "月救助金额（元）"), rows) + t.paras(
        f"公示期为7天。如对公示对象有异议，请向{town}社会事务办或区民政局社会救助科反映，"
        f"联系电话：0574-86{rng.randint(200000, 299999)}。",
    )
    return Draft(f"{town}{ctx.year}年{month}月{kind}救助对象名单公示", body, topic="17")


PLANS = ("突发公共事件总体应急预案", "防汛防台应急预案", "危险化学品事故应急预案", "突发环境事件应急预案",
         "食品安全事故应急预案", "突发公共卫生事件应急预案", "道路交通事故应急预案", "地震应急预案",
         "大面积停电事件应急预案", "特种设备事故应急预案", "森林火灾应急预案", "雨雪冰冻灾害应急预案")


def emergency_plan(ctx: Ctx) -> Draft:
    rng = ctx.rng
    plan = rng.choice(PLANS)
    owner = "镇海区" if not ctx.spec.is_town else ctx.spec.short
    body = t.paras(
        addressees(ctx),
        f"《{owner}{plan}》已经{'区政府同意' if not ctx.spec.is_town else '党政联席会议研究通过'}，"
        "现印发给你们，请认真组织实施。",
        f"<strong>{owner}{plan}</strong>",
        "1 总则。为建立健全应对突发事件的工作机制，有效预防和妥善处置各类突发事件，最大限度减少人员伤亡和"
        "财产损失，依据《中华人民共和国突发事件应对法》等法律法规，制定本预案。",
        "2 组织体系。设立应急指挥部，指挥长由分管领导担任，成员由相关单位负责人组成，指挥部办公室负责日常工作。",
        "3 预警和预防机制。建立监测预警制度，按照事件可能造成的危害程度、紧急程度和发展态势，预警级别分为"
        "一级、二级、三级和四级，分别用红色、橙色、黄色和蓝色标示。",
        "4 应急响应。事件发生后，事发地和有关单位应立即采取措施控制事态发展，并按规定及时报告。",
        "5 后期处置和保障措施。做好善后处置、调查评估和应急队伍、物资、通信等保障工作。",
    ) + t.signature(org_name(ctx.spec), ctx.written)
    return Draft(f"关于印发《{owner}{plan}》的通知", body, ctx.doc())


def warning(ctx: Ctx) -> Draft:
    rng = ctx.rng
    level = rng.choice(("蓝色", "黄色", "橙色"))
    hazard = rng.choice(("台风", "暴雨", "大风", "高温", "寒潮", "大雾"))
    if ctx.spec.code == "ZH-QXJ":
        body = t.paras(
            f"镇海区气象台{t.cn_date(ctx.published)}{rng.randint(6, 18)}时{rng.choice(('00', '30'))}分发布{hazard}"
            f"{level}预警信号：预计未来24小时内我区将出现{hazard}天气，请注意防范。",
            "防御指南：政府及相关部门按照职责做好防御准备工作；停止露天集体活动和高空等户外危险作业；"
            "加固门窗、围板、棚架、广告牌等易被风吹动的搭建物。",
        )
        return Draft(f"镇海区气象台发布{hazard}{level}预警信号", body)
    response = {"蓝色": "Ⅳ级", "黄色": "Ⅲ级", "橙色": "Ⅱ级"}[level]
    body = t.paras(
        addressees(ctx),
        f"据气象部门预报，受{hazard}影响，我区将出现明显风雨天气。根据《镇海区防汛防台应急预案》，"
        f"区防汛防旱指挥部决定于{t.cn_date(ctx.published)}启动防汛防台{response}应急响应。",
        "请各单位立即进入应急状态，加强值班值守，落实领导带班制度；全面排查山塘水库、海塘堤防、地下空间、"
        "建筑工地等重点部位，及时转移危险区域人员，确保人民群众生命财产安全。",
    ) + t.signature("镇海区防汛防旱指挥部", ctx.published)
    return Draft(f"关于启动防汛防台{response}应急响应的通知", body, genre="notice")


def minutes(ctx: Ctx) -> Draft:
    rng = ctx.rng
    n = ctx.number("常务会议")
    items = t.pick(rng, ("研究《镇海区政府投资项目管理办法》", "听取全区安全生产工作情况汇报", "研究民生实事项目推进工作",
                         "审议区级部门预算调整方案", "研究城乡居民最低生活保障标准调整事宜", "听取重点工程建设情况汇报",
                         "研究国有资产处置事项", "研究政府信息公开工作"), 3)
    body = t.paras(
        f"{t.cn_date(ctx.written)}，区长{ctx.head(ROOT)}主持召开区政府第{n}次常务会议。会议{'；'.join(items)}。"
        "纪要如下：",
        *(f"{t.cn_count(i)}、{item.removeprefix('研究').removeprefix('听取')}。会议{rng.choice(('原则同意', '同意', '要求'))}"
          f"{rng.choice(('有关方案，请相关部门抓紧组织实施', '各有关单位进一步细化工作措施，确保按时完成', '提交区委常委会审议'))}。"
          for i, item in enumerate(items, start=1)),
        "出席：区政府领导班子成员。列席：区政府办公室、区监察局、区法制办及议题相关单位负责人。",
    )
    return Draft(f"区政府第{n}次常务会议纪要", body, f"镇政纪〔{ctx.year}〕{n}号")


def appointment(ctx: Ctx) -> Draft:
    rng = ctx.rng
    people = [ctx.person() for _ in range(rng.randint(1, 4))]
    posts = ("区发展和改革局副局长", "区教育局副局长", "区民政局副局长", "区财政局副局长", "区审计局副局长",
             "区人民政府办公室副主任", "区统计局副局长", "区商务局副局长")
    lines = [f"任命{p}为{rng.choice(posts)}；" for p in people[:-1]] + [f"免去{people[-1]}的{rng.choice(posts)}职务。"]
    body = t.paras(t.ADDRESSEES_GOV, "经区政府研究决定：", *lines) + t.signature("宁波市镇海区人民政府", ctx.written)
    who = f"{people[0]}等同志" if len(people) > 1 else f"{people[0]}同志"
    return Draft(f"宁波市镇海区人民政府关于{who}职务任免的通知", body,
                 f"镇政干〔{ctx.year}〕{ctx.number('镇政干')}号")


def security(ctx: Ctx) -> Draft:
    rng = ctx.rng
    town = ctx.town()
    street = rng.choice(t.ROADS[town])
    if ctx.spec.code == "ZH-ZHZF":
        what = rng.choice(("违法建筑", "占道经营", "渣土车辆违规运输", "户外广告"))
        body = t.paras(
            f"为进一步改善城市市容环境，根据有关法律法规规定，区综合行政执法局决定于{t.cn_date(ctx.published)}起在全区开展"
            f"{what}专项整治。",
            f"一、整治范围：全区城市建成区，重点为{street}等主次干道两侧及周边区域。",
            "二、请相关单位和个人在规定期限内自行整改；逾期未整改的，依法予以查处。",
            "三、欢迎社会各界监督举报，举报电话：12319。",
        ) + t.signature(org_name(ctx.spec), ctx.written)
        return Draft(f"关于开展{what}专项整治的通告", body, ctx.doc())
    event = rng.choice(("镇海国际半程马拉松赛", "中考", "道路管线施工", "春节烟花燃放", "大型文艺演出"))
    body = t.paras(
        f"因{event}需要，根据《中华人民共和国道路交通安全法》第三十九条的规定，"
        f"决定于{t.cn_date(ctx.published + dt.timedelta(days=3))}对{street}部分路段实施临时交通管制。",
        "管制期间，除持有通行证的车辆外，禁止其他机动车辆通行，社会车辆请提前绕行。",
        "请广大驾驶人和行人自觉遵守交通管制规定，服从现场民警指挥。",
    ) + t.signature(org_name(ctx.spec), ctx.written)
    return Draft(f"关于{event}期间对{street}实施临时交通管制的通告", body, ctx.doc())


SECTORS: dict[str, tuple[Kind, ...]] = {
    "license": (Kind("license", "other", Category.A20_05, 14, license_decision),),
    "penalty": (Kind("penalty", "decision", Category.A20_06, 10, penalty_decision),),
    "road": (Kind("road", "reply", Category.A21_URBAN, 2.5, road, topic="10"),),
    "project": (Kind("project", "other", Category.A20_10, 3, major_project, topic="10"),),
    "land": (Kind("land", "announcement", Category.A21_LAND, 3, land, topic="05"),),
    "housing": (Kind("housing", "announcement", Category.A21_HOUSING, 3, housing, topic="10"),),
    "assistance": (Kind("assistance", "other", Category.A21_ASSISTANCE, 6, assistance, topic="17"),),
    "emergency": (Kind("emergency", "notice", Category.A20_12, 1, emergency_plan),),
    "warning": (Kind("warning", "other", Category.A20_12, 5, warning, topic="06"),),
    "minutes": (Kind("minutes", "minutes", Category.A20_15, 1.5, minutes, topic="02"),),
    "appointment": (Kind("appointment", "notice", Category.A20_02, 8, appointment, topic="15"),),
    "security": (Kind("security", "public_notice", Category.A21_SECURITY, 3, security, topic="16"),),
}
