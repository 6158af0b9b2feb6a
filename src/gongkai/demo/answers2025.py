"""What each outcome of the 2025 demo requests looks like: the reply kind it belongs to (``foi.legal``),
who receives such requests, what is asked for and how the reply explains it; and who the applicants are.
The article each answer rests on is not written here: the letters and the statistics take it from
:data:`gongkai.foi.legal.OUTCOME_BASIS`."""

from dataclasses import dataclass

from gongkai.foi.codes import (
    ApplicantType,
    Channel,
    DeliveryForm,
    DeliveryWay,
    Outcome,
    ReceiptBasis,
    ReplyKind,
)

Oc, K, A = Outcome, ReplyKind, ApplicantType
ACT = "《中华人民共和国政府信息公开条例》"


# --- what each outcome looks like ------------------------------------------------------------------------

@dataclass(frozen=True)
class Answer:
    kind: str  # the reply kind the outcome belongs to
    units: tuple[str, ...]  # who receives such requests (offices and departments)
    subjects: tuple[str, ...]  # what was asked for
    note: str  # the reply's explanation; {subject} and {agency} filled in


ANSWERS: dict[str, Answer] = {
    Oc.DISCLOSED: Answer(K.DISCLOSE, ("ZH-ZJJ", "ZH-RSJ", "ZH-FGJ", "ZH-JYJ", "ZH-MZJ", "ZH-HBJ", "ZH-WSJ", "ZH-CZJ"), (
        "{village}集体土地征收的征地补偿安置方案批复", "{project}的建设项目环境影响报告表批复",
        "镇海区{year}年度公共租赁住房保障对象审核结果", "{year}年度被征地人员养老保障缴费补贴标准",
        "{project}的立项批复和概算批复", "镇海区{year}年最低生活保障标准调整的文件"),
        "经审查，所申请的“{subject}”属于可以公开的政府信息，现予以提供。"),
    Oc.PARTIAL: Answer(K.PARTIAL, ("ZH-ZSB", "ZH-GTFJ", "ZH-ZJJ", "ZH-HBJ"), (
        "{place}地块房屋征收补偿协议汇总表", "{village}征地补偿款发放明细", "{project}的施工许可审批材料",
        "{firm}的排污许可证申请材料"),
        "所申请的“{subject}”中涉及第三方个人信息和商业秘密的部分不予公开，其余部分予以公开。"),
    Oc.STATE_SECRET: Answer(K.WITHHOLD, ("ZH-RFB", "ZH-GAFJ", "ZH"), (
        "镇海区人民防空工程建设规划及工程分布图", "镇海区重要目标防护方案", "{year}年度全区维稳工作部署会议的涉密文件"),
        "所申请的“{subject}”经保密审查，属于依法确定为国家秘密的政府信息。"),
    Oc.PROHIBITED_BY_LAW: Answer(K.WITHHOLD, ("ZH-TJJ", "ZH-GAFJ"), (
        "{firm}在{year}年经济普查中填报的原始统计资料", "{village}农户的统计调查原始记录"),
        "所申请的“{subject}”是能够识别单个统计调查对象的资料，属于法律禁止公开的政府信息。"),
    Oc.SECURITY_STABILITY: Answer(K.WITHHOLD, ("ZH-AJJ", "ZH-SHKFQ"), (
        "石化经济技术开发区重大危险源企业的分布及储存量清单", "{firm}危险化学品储存设施的详细布局图"),
        "所申请的“{subject}”公开后可能被不法利用，危及公共安全和社会稳定。"),
    Oc.THIRD_PARTY: Answer(K.WITHHOLD, ("ZH-SCJG", "ZH-ZSB", "ZH-FGJ"), (
        "{firm}报送的企业投资项目备案材料中的财务数据", "{place}地块被征收人的房屋评估报告",
        "{firm}申报技术改造补助时提交的成本核算资料"),
        "经书面征求第三方意见，第三方不同意公开，本机关认为不公开不会对公共利益造成重大影响。"),
    Oc.INTERNAL_AFFAIRS: Answer(K.WITHHOLD, ("ZH-ZFB", "ZH-CZJ", "ZH-JGSW"), (
        "区政府办公室{year}年度干部考核细则及考核结果", "机关食堂{year}年度食材采购的内部审批单",
        "区级机关公务用车内部调度记录"),
        "所申请的“{subject}”属于本机关人事管理、后勤管理等内部事务信息。"),
    Oc.PROCESS_INFO: Answer(K.WITHHOLD, ("ZH", "ZH-ZFB", "ZH-GTFJ", "ZH-HBJ"), (
        "区政府常务会议研究{project}的讨论记录", "关于{village}土地征收的请示及领导批示",
        "{project}环境影响评价技术审查会的专家讨论意见"),
        "所申请的“{subject}”属于讨论记录、请示报告等过程性信息。"),
    Oc.ENFORCEMENT_FILE: Answer(K.WITHHOLD, ("ZH-ZHZF", "ZH-SCJG", "ZH-HBJ"), (
        "对{firm}违法建设行为查处的全部案卷材料", "{firm}食品安全违法案件的调查询问笔录",
        "{firm}环境违法案件的现场检查记录和调查材料"),
        "所申请的“{subject}”属于行政执法案卷信息。"),
    Oc.INQUIRY_MATTER: Answer(K.OTHER_LAW, ("ZH-GTFJ", "ZH-GAFJ", "ZH-SCJG"), (
        "{village}某处房屋的不动产登记簿及权属来源材料", "本人家庭户籍档案中的迁移记录", "{firm}的工商登记档案"),
        "所申请的“{subject}”，请依照《不动产登记资料查询暂行办法》《企业信息公示暂行条例》等规定，"
        "持有效身份证明到有关登记机构申请查询。"),
    Oc.NOT_HELD: Answer(K.NOT_EXIST, ("ZH-GTFJ", "ZH-ZSB", "ZH-ZJJ", "ZH-FGJ", "ZH-RSJ", "ZH-MZJ", "ZH-JTJ",
                                    "ZH-SLJ", "ZH-NLJ"), (
        "{village}1998年土地征用的原始批复文件", "{place}地块2006年拆迁许可的全部审批材料",
        "{project}的社会稳定风险评估报告", "{village}村民建房审批的历年台账"),
        "经对本机关档案和业务系统进行检索，本机关未制作或获取所申请的“{subject}”，该信息不存在。"),
    Oc.NEEDS_CREATION: Answer(K.NOT_EXIST, ("ZH-TJJ", "ZH-CZJ", "ZH-FGJ"), (
        "全区近十年各街道（镇）征地补偿款的分年度统计汇总", "{year}年度各部门“三公”经费按月支出对比分析",
        "全区规模以上企业亩均税收排名"),
        "所申请的“{subject}”需要本机关对现有政府信息进行加工、分析才能形成，依据《条例》第三十八条不予提供。"),
    Oc.STILL_UNCLEAR: Answer(K.NOT_EXIST, ("ZH-ZJJ", "ZH-ZFB", "ZH-ZSB"), (
        "与本人房屋有关的所有文件", "区里关于{village}的全部政策"),
        "本机关已书面告知补正，补正后申请内容仍不明确，无法确定所需政府信息，依据《条例》第三十条不予处理。"),
    Oc.PETITION: Answer(K.NOT_AN_APPLICATION, ("ZH-ZHZF", "ZH-ZSB", "ZH-XFJ"), (
        "要求查处{village}邻居违章搭建并答复处理结果", "对{place}地块拆迁补偿不公的投诉及处理意见"),
        "申请内容系信访、投诉、举报，依据《条例》第三十九条第一款不作为政府信息公开申请处理，已告知申请人通过信访渠道提出。"),
    Oc.REPEAT: Answer(K.REPEAT, ("ZH-ZSB", "ZH-GTFJ"), (
        "{place}地块国有土地上房屋征收决定", "{village}征地公告"),
        "申请人曾申请公开相同的政府信息，本机关已作出答复，依据《条例》第三十六条第（六）项不予重复处理。"),
    Oc.PUBLICATION: Answer(K.NOT_AN_APPLICATION, ("ZH-TJJ", "ZH-DAJ"), (
        "《镇海统计年鉴（{year}）》全书", "《镇海年鉴》历年各卷"),
        "所申请的信息系公开出版物，依据《条例》第三十九条第二款，已告知申请人通过图书馆、书店等途径获取。"),
    Oc.EXCESSIVE: Answer(K.REPEAT, ("ZH-ZSB", "ZH-GTFJ"), (
        "{year}年全区每一宗土地征收的全部审批材料（本月第26件申请）", "全区各征收项目每户补偿明细（同类申请第18件）"),
        "申请人本月内提出同类申请数量明显超过合理范围，经要求说明理由，所说明理由不合理，依据《条例》第三十五条不予处理。"),
    Oc.CONFIRM_REISSUE: Answer(K.NOT_AN_APPLICATION, ("ZH-RSJ", "ZH-GAFJ", "ZH-MZJ"), (
        "确认本人1995年至2003年在原镇海县某厂的工作经历", "重新出具已遗失的婚姻登记证明",
        "确认本人曾获得的征地安置资格"),
        "申请内容系要求行政机关确认或重新出具已获取的信息，不属于《条例》第二条所称政府信息公开申请，已告知申请人依相关程序办理。"),
    Oc.NO_SUPPLEMENT: Answer(K.ABANDONED, ("ZH-ZJJ", "ZH-JTJ", "ZH-ZSB"), (
        "有关部门对本人小区的处理文件", "交通方面的相关规定"),
        "本机关已发出补正告知书，申请人无正当理由逾期未补正，依据《条例》第三十条视为放弃申请，本机关不再处理。"),
    Oc.FEE_UNPAID: Answer(K.ABANDONED, ("ZH-GTFJ", "ZH-ZJJ"), (
        "{year}年全区建设用地供应的全部审批材料", "镇海区近五年全部商品房预售许可材料"),
        "本机关已发出收费通知，申请人逾期未缴纳信息处理费，视为放弃申请，本机关不再处理。"),
    Oc.OTHER: Answer(K.ABANDONED, ("ZH-JYJ", "ZH-WSJ", "ZH-MZJ"), (
        "{year}年度学区划分调整的意见征集情况", "{year}年度医疗机构校验结果"),
        "申请人在答复前书面撤回申请，本机关终止办理。"),
}
NOT_THIS_AGENCY_NOTE = "所申请的“{subject}”不属于本机关负责公开的政府信息，请向{agency}申请。"
ALREADY_PUBLIC_NOTE = "所申请的“{subject}”本机关已主动公开，可在镇海区人民政府门户网站政府信息公开专栏查阅、下载。"
PARTIAL_PART = {
    "part": "其中被征收人、被补偿人的姓名、身份证号码、联系电话和银行账号", "outcome": Oc.THIRD_PARTY,
    "reason": "属于被征收人、被补偿人的个人隐私，公开会对其合法权益造成损害"}
TOWN_SUBJECTS = ("{village}集体土地征收的征地补偿安置方案", "{village}拆迁安置房的分配方案及分配结果",
                 "{village}村级工程项目的招投标结果", "{village}低保对象的审核情况", "{village}旧村改造的补偿标准")

# Applicant types: who they are, how they ask (channel weights), how many of the extra common cases.
ORG_NAMES = {
    A.RESEARCH: ("宁波{w}产业技术研究院", "12"),  # name pattern, 统一社会信用代码 category (事业单位)
    A.NONPROFIT: ("宁波市镇海区{w}社会工作服务中心", "52"),  # 民办非企业单位
    A.LEGAL: ("浙江{w}律师事务所", "31"),  # 律师事务所
    A.OTHER_ORG: ("宁波市镇海区{village}股份经济合作社", "N2"),  # 村级集体经济组织
}
CHANNELS = ((Channel.ONLINE, 60), (Channel.LETTER, 22), (Channel.IN_PERSON, 12), (Channel.EMAIL, 5), (Channel.FAX, 1))
DELIVERY = {  # channel -> (form, way) the applicant asked for
    Channel.ONLINE: (DeliveryForm.ELECTRONIC, DeliveryWay.ONLINE), Channel.EMAIL: (DeliveryForm.ELECTRONIC, DeliveryWay.EMAIL),
    Channel.LETTER: (DeliveryForm.PAPER, DeliveryWay.POST), Channel.FAX: (DeliveryForm.PAPER, DeliveryWay.POST),
    Channel.IN_PERSON: (DeliveryForm.PAPER, DeliveryWay.PICKUP),
}
BASIS = {Channel.IN_PERSON: ReceiptBasis.SUBMITTED, Channel.LETTER: ReceiptBasis.SIGNED_FOR}
