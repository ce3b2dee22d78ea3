"""The demo data set, as plain Python structures; `manage.py load_demo_data` writes it.

Organisations, departments, programmes and the dates of the Greater Bay Area (GBA) exchange
come from the public record in the design's reference texts:

- LCQ7 "External secondment and exchange of public servants", written reply of the Secretary
  for the Civil Service in the Legislative Council on 10 July 2024 ("LegCo reply");
- Nanfang Daily on the launch of the Shenzhen and Hong Kong civil servant exchange in Qianhai on
  18 December 2023 ("launch report").

Everything about people is invented: officers' names, staff numbers (DEMO....), e-mail
addresses (the reserved `.example` domain, so nothing is ever delivered), ranks of individual
officers, report texts and supervisors. Dates the record does not give (Secretariat Attachment
intakes, international secondments, UN JPO batches, the next GBA phase, the EPD study tour) are
invented too and marked "invented" below. Two batches are dated from the day the demo is first
loaded, so that it always shows them at work: the intake open for nominations, and the GBA
inbound batch running with one proposal still waiting for its host unit's answer.

Keys that tie the structures together: departments, grades, focus areas and programmes by
`code`; host organisations by `name_en`; host units by (organisation name_en, unit name_en);
cohorts by (programme code, phase, batch), a one-off call (phase and batch blank) by
(programme code, None, None); Hong Kong officers by `staff_number`, partner
officers by `email`.
"""

import datetime
from zoneinfo import ZoneInfo

from exchange_portal.roles import GROUP_NAMES, Role

HKT = ZoneInfo("Asia/Hong_Kong")


def _hkt(year, month, day, hour=9, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=HKT)


D = datetime.date

# Grades whose officers count under their grade, not the department they happen to serve in:
# the LegCo reply counts "eight departments and grades, including the Administrative Officer
# Grade, the Executive Officer Grade, the Environmental Protection Department, ...".
GENERAL_GRADES = ("AO", "EO")

# --- Departments and grades ----------------------------------------------------------------
# (code, English, Traditional Chinese, Simplified Chinese, is a policy bureau)
DEPARTMENTS = [
    ("CSB", "Civil Service Bureau", "公務員事務局", "公务员事务局", True),
    ("CSC", "Civil Service College", "公務員學院", "公务员学院", False),
    ("EPD", "Environmental Protection Department", "環境保護署", "环境保护署", False),
    ("HyD", "Highways Department", "路政署", "路政署", False),
    ("ITC", "Innovation and Technology Commission", "創新科技署", "创新科技署", False),
    (
        "OGCIO",
        "Office of the Government Chief Information Officer",
        "政府資訊科技總監辦公室",
        "政府资讯科技总监办公室",
        False,
    ),
    ("PlanD", "Planning Department", "規劃署", "规划署", False),
    ("TD", "Transport Department", "運輸署", "运输署", False),
    ("HAD", "Home Affairs Department", "民政事務總署", "民政事务总署", False),
    ("TID", "Trade and Industry Department", "工業貿易署", "工业贸易署", False),
    ("HKPF", "Hong Kong Police Force", "香港警務處", "香港警务处", False),
    ("DoJ", "Department of Justice", "律政司", "律政司", False),
    ("TLB", "Transport and Logistics Bureau", "運輸及物流局", "运输及物流局", True),
    ("EEB", "Environment and Ecology Bureau", "環境及生態局", "环境及生态局", True),
    ("DEVB", "Development Bureau", "發展局", "发展局", True),
    ("SB", "Security Bureau", "保安局", "保安局", True),
    (
        "FSTB",
        "Financial Services and the Treasury Bureau",
        "財經事務及庫務局",
        "财经事务及库务局",
        True,
    ),
    (
        "CMAB",
        "Constitutional and Mainland Affairs Bureau",
        "政制及內地事務局",
        "政制及内地事务局",
        True,
    ),
]

# (code, English, Traditional Chinese, Simplified Chinese)
GRADES = [
    ("AO", "Administrative Officer", "政務主任", "政务主任"),
    ("EO", "Executive Officer", "行政主任", "行政主任"),
    ("ENGR", "Engineer", "工程師", "工程师"),
    ("TP", "Town Planner", "城市規劃師", "城市规划师"),
    ("EPO", "Environmental Protection Officer", "環境保護主任", "环境保护主任"),
    (
        "AP",
        "Analyst/Programmer (Systems Manager)",
        "分析／編程主任（系統經理）",
        "分析／编程主任（系统经理）",
    ),
    ("EE", "Electronics Engineer", "電子工程師", "电子工程师"),
    ("TRO", "Transport Officer", "運輸主任", "运输主任"),
    ("TDO", "Trade Officer", "貿易主任", "贸易主任"),
    ("GC", "Government Counsel", "政府律師", "政府律师"),
    ("POL", "Police Officer", "警務人員", "警务人员"),
]

# (code, English, Traditional Chinese, Simplified Chinese). The launch report names "regional
# governance, scientific and technological development, urban planning, transportation and
# environmental protection"; the LegCo reply the policy work of the Secretariat Attachment
# Scheme and the international perspective of secondments.
FOCUS_AREAS = [
    (
        "regional-governance",
        "Regional governance and district administration",
        "區域治理及地區行政",
        "区域治理及地区行政",
    ),
    ("science-technology", "Science, technology and innovation", "科技創新", "科技创新"),
    ("urban-planning", "Urban planning", "城市規劃", "城市规划"),
    ("transport", "Transport", "交通運輸", "交通运输"),
    (
        "environmental-protection",
        "Environmental protection and ecology",
        "環境保護及生態",
        "环境保护及生态",
    ),
    ("digital-government", "Digital government", "數碼政府", "数字政府"),
    ("infrastructure", "Infrastructure and connectivity", "基建及互聯互通", "基建及互联互通"),
    (
        "policy-work",
        "Policy work and Legislative Council business",
        "政策工作及立法會事務",
        "政策工作及立法会事务",
    ),
    ("international-cooperation", "International co-operation", "國際合作", "国际合作"),
    ("trade-economy", "Trade and economic affairs", "經貿事務", "经贸事务"),
]

# --- Programmes ----------------------------------------------------------------------------
LEGCO_REPLY = "LegCo question 7, written reply of the Secretary for the Civil Service, 10 July 2024"

PROGRAMMES = [
    {
        "code": "SAS",
        "kind": "secretariat_attachment",
        "name_en": "Secretariat Attachment Scheme",
        # The Chinese of the LegCo reply (部門公務員暫駐各決策局, 決策局暫駐計劃).
        "name_zh_hant": "決策局暫駐計劃",
        "name_zh_hans": "决策局暂驻计划",
        "organiser": "CSC",
        "direction": "internal",
        "default_duration_value": 6,
        "status": "active",
        "description": (
            "The Civil Service College of the Civil Service Bureau arranges for promising "
            "departmental officers to attach to policy bureaux for six months, acquiring "
            "hands-on experience in policy work: Legislative Council business, public "
            "consultations and policy promotion, and co-ordinating the work of taskforces."
        ),
    },
    {
        "code": "INTL-INTERPOL",
        "kind": "international_secondment",
        "name_en": "Secondment to the International Criminal Police Organization",
        "name_zh_hant": "借調至國際刑警組織",
        "name_zh_hans": "借调至国际刑警组织",
        "organiser": "HKPF",
        "direction": "outbound",
        "default_duration_value": 24,
        "status": "active",
        "description": (
            "The Hong Kong Police Force seconds officers to the INTERPOL General Secretariat "
            "for a limited period, to facilitate exchanges and collaboration and to cultivate "
            "an international perspective in the civil service."
        ),
    },
    {
        "code": "INTL-UNCITRAL",
        "kind": "international_secondment",
        "name_en": (
            "Secondment to the United Nations Commission on International Trade Law Secretariat"
        ),
        "name_zh_hant": "借調至聯合國國際貿易法委員會秘書處",
        "name_zh_hans": "借调至联合国国际贸易法委员会秘书处",
        "organiser": "DoJ",
        "direction": "outbound",
        "default_duration_value": 24,
        "status": "active",
        "description": (
            "The Department of Justice seconds counsel to the UNCITRAL Secretariat for a "
            "limited period."
        ),
    },
    {
        "code": "INTL-FATF",
        "kind": "international_secondment",
        "name_en": "Secondment to the Financial Action Task Force Secretariat",
        "name_zh_hant": "借調至財務行動特別組織秘書處",
        "name_zh_hans": "借调至财务行动特别组织秘书处",
        "organiser": "FSTB",
        "direction": "outbound",
        "default_duration_value": 24,
        "status": "active",
        "description": (
            "The Financial Services and the Treasury Bureau seconds officers to the FATF "
            "Secretariat for a limited period."
        ),
    },
    {
        "code": "INTL-APEC",
        "kind": "international_secondment",
        "name_en": "Secondment to the Asia-Pacific Economic Cooperation Secretariat",
        "name_zh_hant": "借調至亞太區經濟合作組織秘書處",
        "name_zh_hans": "借调至亚太区经济合作组织秘书处",
        "organiser": "TID",
        "direction": "outbound",
        "default_duration_value": 24,
        "status": "active",
        "description": (
            "The Trade and Industry Department seconds officers to the APEC Secretariat for a "
            "limited period."
        ),
    },
    {
        "code": "UN-JPO",
        "kind": "un_jpo",
        "name_en": "United Nations Junior Professional Officer Programme",
        "name_zh_hant": "聯合國初級專業人員計劃",
        "name_zh_hans": "联合国初级专业人员计划",
        "organiser": "CSB",
        "direction": "outbound",
        "default_duration_value": 24,
        "requires_external_recommendation": True,
        "recommending_body": (
            "Ministry of Foreign Affairs, through the Office of the Commissioner of the "
            "Ministry of Foreign Affairs in the HKSAR"
        ),
        "status": "active",
        "description": (
            "With the support of the Central People's Government and the Office of the "
            "Commissioner of the Ministry of Foreign Affairs in the HKSAR, young public officers "
            "recommended by the Ministry of Foreign Affairs work as Chinese personnel in the UN "
            "headquarters or its affiliated bodies: the UN Secretariat, the UN Environment "
            "Programme, the UN Conference on Trade and Development, the World Intellectual "
            "Property Organization and the UN Economic Commission for Europe. The first two "
            "batches comprised 17 officers."
        ),
    },
    {
        "code": "MAINLAND-EX",
        "kind": "mainland_exchange",
        "name_en": "Civil Service Staff Exchange Programme with the Mainland",
        "name_zh_hant": "公務員交流計劃（內地）",
        "name_zh_hans": "公务员交流计划（内地）",
        "organiser": "CSB",
        "direction": "two_way",
        # "The exchange period was extended from the past four weeks to three months" (launch
        # report, 2023): the programme's exchanges since 2002 lasted four weeks; the Greater Bay
        # Area agreement below sets three months.
        "default_duration_value": 4,
        "default_duration_unit": "week",
        # Invented: the receiving unit accepts each proposed placement before CSB confirms it.
        "requires_host_acceptance": True,
        # "Since 2002" (LegCo reply, 2024): the record gives the year, and the model holds it.
        "established_year": 2002,
        "status": "active",
        # The suspension during the epidemic is a dated period (SUSPENSIONS below), no longer
        # free text here.
        "status_reason": "",
        "description": (
            "Since 2002 the Civil Service Bureau has organised the Civil Service Staff Exchange "
            "Programme jointly with Mainland municipalities: officers from Hong Kong and the "
            "Mainland are attached to each other's side to understand each other's structure, "
            "regulations, policy and operation. Resumed in 2023 with the Greater Bay Area; "
            "the exchange period was extended from four weeks to three months."
        ),
    },
    {
        "code": "PUBLIC-BODY-PILOT",
        "kind": "public_body_secondment",
        "name_en": "Secondment to public bodies (pilot)",
        "name_zh_hant": "借調至公營機構（試行）",
        "name_zh_hans": "借调至公营机构（试行）",
        "organiser": "CSB",
        "direction": "outbound",
        "default_duration_value": 6,
        "status": "planning",
        "status_reason": (
            "Under study after LegCo question 7 of 10 July 2024: secondment of civil servants "
            "to public organisations and statutory bodies."
        ),
        "description": (
            "Possible hosts named in the question: the Hospital Authority, the MTR Corporation "
            "Limited, post-secondary education institutions, research and development centres "
            "and scientific research institutions, and social welfare organisations."
        ),
    },
    {
        "code": "EPD-MAINLAND-TOURS",
        "kind": "departmental",
        "name_en": "EPD study tours with Mainland environmental authorities",
        "name_zh_hant": "環境保護署內地交流考察",
        "name_zh_hans": "环境保护署内地交流考察",
        "organiser": "EPD",
        "direction": "outbound",
        "status": "active",
        "description": (
            "Bureaux and departments make their own arrangements for training and study tours "
            "related to their business to strengthen liaison with their Mainland counterparts."
        ),
    },
]

# Dated suspensions of programmes: (programme code, starts on, ends on or None, reason).
# "The exchange programme was suspended during the epidemic. In 2023, the Government resumed
# civil service exchange with the Mainland" (LegCo reply, 2024): the record gives neither day;
# the days are invented (the first of 2020 to the last of 2022).
EPIDEMIC = (
    "the epidemic; the exchange resumed in 2023, starting with the Mainland municipalities of "
    "the Greater Bay Area"
)
SUSPENSIONS = [("MAINLAND-EX", D(2020, 1, 1), D(2022, 12, 31), EPIDEMIC)]

GBA_AGREEMENT = (
    "Project Agreement on Civil Servant Exchange and Cooperation between the Mainland Cities "
    "of the Greater Bay Area and the Hong Kong Special Administrative Region"
)
BEYOND_GBA_AGREEMENTS = "Exchange agreements with major Mainland cities beyond the Greater Bay Area"

# Partner governments: their coordinators put forward their own officers for the inbound
# batches of their agreements; mail to them and their officers is in their language.
GUANGDONG = "GD"
PARTNER_GOVERNMENTS = [
    {
        "code": GUANGDONG,
        "name_en": "Guangdong Provincial Government",
        "name_zh_hant": "廣東省人民政府",
        "name_zh_hans": "广东省人民政府",
        "language": "zh-hans",
    },
    {
        # Negotiating with several cities beyond the Greater Bay Area (LegCo reply, 2024): one
        # counterpart for now, to be split when each agreement is signed.
        "code": "MAINLAND-CITIES",
        "name_en": "Major Mainland cities beyond the Greater Bay Area",
        "name_zh_hant": "大灣區以外的內地主要城市",
        "name_zh_hans": "大湾区以外的内地主要城市",
        "language": "zh-hans",
    },
]

AGREEMENTS = [
    {
        "programme": "MAINLAND-EX",
        "title": GBA_AGREEMENT,
        "partner": GUANGDONG,
        "counterpart_en": "Guangdong Provincial Government",
        "counterpart_zh_hant": "廣東省人民政府",
        "counterpart_zh_hans": "广东省人民政府",
        # "In September this year, Guangdong and Hong Kong signed ..." (launch report, 2023);
        # the day is not given.
        "signed_on": D(2023, 9, 1),
        "in_force_from": D(2023, 9, 1),
        "duration_value": 3,  # "extended ... to three months"
        "duration_unit": "month",
        "places_per_batch": 10,
        "reciprocal": True,
        "status": "in_force",
    },
    {
        "programme": "MAINLAND-EX",
        "title": BEYOND_GBA_AGREEMENTS,
        "partner": "MAINLAND-CITIES",
        "counterpart_en": "Major Mainland cities beyond the Greater Bay Area",
        "counterpart_zh_hant": "大灣區以外的內地主要城市",
        "counterpart_zh_hans": "大湾区以外的内地主要城市",
        "reciprocal": True,
        "status": "draft",
        "status_reason": (
            "Signing planned for the second half of 2024; specific arrangements have yet to be "
            "finalised (LegCo reply, 10 July 2024)."
        ),
    },
]

# --- Host organisations and units ----------------------------------------------------------
SHENZHEN = "Shenzhen Municipal People's Government"
FUTIAN = "Futian District Government"
SZ_TRANSPORT = "Shenzhen Municipal Bureau of Transportation"
SZ_PLANNING = "Shenzhen Municipal Bureau of Planning and Natural Resources"
SZ_ECOLOGY = "Shenzhen Municipal Bureau of Ecology and Environment"
QIANHAI = "Qianhai Authority"
GD_ECOLOGY = "Department of Ecology and Environment of Guangdong Province"
UN_SECRETARIAT = "United Nations Secretariat"
UNEP = "United Nations Environment Programme"
UNCTAD = "United Nations Conference on Trade and Development"
WIPO = "World Intellectual Property Organization"
UNECE = "United Nations Economic Commission for Europe"
INTERPOL = "International Criminal Police Organization"
UNCITRAL = "United Nations Commission on International Trade Law Secretariat"
FATF = "Financial Action Task Force Secretariat"
APEC = "Asia-Pacific Economic Cooperation Secretariat"
HA = "Hospital Authority"
MTR = "MTR Corporation Limited"

# The hosts' countries and cities in Traditional (as Hong Kong writes them) and Simplified
# Chinese; the loader fills each host organisation's and unit's Chinese forms from here.
PLACE_NAMES = {
    "Mainland China": ("中國內地", "中国内地"),
    "Hong Kong": ("香港", "香港"),
    "United States": ("美國", "美国"),
    "Kenya": ("肯雅", "肯尼亚"),
    "Switzerland": ("瑞士", "瑞士"),
    "France": ("法國", "法国"),
    "Austria": ("奧地利", "奥地利"),
    "Singapore": ("新加坡", "新加坡"),
    "Shenzhen": ("深圳", "深圳"),
    "Guangzhou": ("廣州", "广州"),
    "New York": ("紐約", "纽约"),
    "Nairobi": ("內羅畢", "内罗毕"),
    "Geneva": ("日內瓦", "日内瓦"),
    "Lyon": ("里昂", "里昂"),
    "Vienna": ("維也納", "维也纳"),
    "Paris": ("巴黎", "巴黎"),
}

# Parents come before their children.
HOST_ORGANISATIONS = [
    # The GBA exchange: "government departments and statutory bodies in Futian District and
    # Qianhai District of Shenzhen" (launch report).
    {
        "name_en": SHENZHEN,
        "name_zh_hant": "深圳市人民政府",
        "name_zh_hans": "深圳市人民政府",
        "kind": "mainland_government",
        "country": "Mainland China",
        "city": "Shenzhen",
    },
    {
        "name_en": FUTIAN,
        "name_zh_hant": "福田區人民政府",
        "name_zh_hans": "福田区人民政府",
        "kind": "mainland_government",
        "country": "Mainland China",
        "city": "Shenzhen",
        "parent": SHENZHEN,
    },
    {
        "name_en": SZ_TRANSPORT,
        "name_zh_hant": "深圳市交通運輸局",
        "name_zh_hans": "深圳市交通运输局",
        "kind": "mainland_government",
        "country": "Mainland China",
        "city": "Shenzhen",
        "parent": SHENZHEN,
    },
    {
        "name_en": SZ_PLANNING,
        "name_zh_hant": "深圳市規劃和自然資源局",
        "name_zh_hans": "深圳市规划和自然资源局",
        "kind": "mainland_government",
        "country": "Mainland China",
        "city": "Shenzhen",
        "parent": SHENZHEN,
    },
    {
        "name_en": SZ_ECOLOGY,
        "name_zh_hant": "深圳市生態環境局",
        "name_zh_hans": "深圳市生态环境局",
        "kind": "mainland_government",
        "country": "Mainland China",
        "city": "Shenzhen",
        "parent": SHENZHEN,
    },
    {
        "name_en": QIANHAI,
        "name_zh_hant": "深圳市前海深港現代服務業合作區管理局",
        "name_zh_hans": "深圳市前海深港现代服务业合作区管理局",
        "kind": "mainland_government",
        "country": "Mainland China",
        "city": "Shenzhen",
        "parent": SHENZHEN,
    },
    # The EPD study tour (departments' own "training and study tours ... with their Mainland
    # counterparts", LegCo reply).
    {
        "name_en": GD_ECOLOGY,
        "name_zh_hant": "廣東省生態環境廳",
        "name_zh_hans": "广东省生态环境厅",
        "kind": "mainland_government",
        "country": "Mainland China",
        "city": "Guangzhou",
    },
    # The UN JPO programme: "the UN Secretariat, the UN Environment Programme, the UN Conference
    # on Trade and Development, the World Intellectual Property Organization and the UN
    # Economic Commission for Europe" (LegCo reply), at their headquarters.
    {
        "name_en": UN_SECRETARIAT,
        "name_zh_hant": "聯合國秘書處",
        "name_zh_hans": "联合国秘书处",
        "kind": "un_body",
        "country": "United States",
        "city": "New York",
    },
    {
        "name_en": UNEP,
        "name_zh_hant": "聯合國環境規劃署",
        "name_zh_hans": "联合国环境规划署",
        "kind": "un_body",
        "country": "Kenya",
        "city": "Nairobi",
    },
    {
        "name_en": UNCTAD,
        "name_zh_hant": "聯合國貿易和發展會議",
        "name_zh_hans": "联合国贸易和发展会议",
        "kind": "un_body",
        "country": "Switzerland",
        "city": "Geneva",
    },
    {
        "name_en": WIPO,
        "name_zh_hant": "世界知識產權組織",
        "name_zh_hans": "世界知识产权组织",
        "kind": "un_body",
        "country": "Switzerland",
        "city": "Geneva",
    },
    {
        "name_en": UNECE,
        "name_zh_hant": "聯合國歐洲經濟委員會",
        "name_zh_hans": "联合国欧洲经济委员会",
        "kind": "un_body",
        "country": "Switzerland",
        "city": "Geneva",
    },
    # International secondments (LegCo reply).
    {
        "name_en": INTERPOL,
        "name_zh_hant": "國際刑警組織",
        "name_zh_hans": "国际刑警组织",
        "kind": "international_organisation",
        "country": "France",
        "city": "Lyon",
    },
    {
        "name_en": UNCITRAL,
        "name_zh_hant": "聯合國國際貿易法委員會秘書處",
        "name_zh_hans": "联合国国际贸易法委员会秘书处",
        "kind": "un_body",
        "country": "Austria",
        "city": "Vienna",
    },
    {
        "name_en": FATF,
        "name_zh_hant": "財務行動特別組織秘書處",
        "name_zh_hans": "财务行动特别组织秘书处",
        "kind": "international_organisation",
        "country": "France",
        "city": "Paris",
    },
    {
        "name_en": APEC,
        "name_zh_hant": "亞太區經濟合作組織秘書處",
        "name_zh_hans": "亚太区经济合作组织秘书处",
        "kind": "international_organisation",
        "country": "Singapore",
        "city": "Singapore",
    },
    # Policy bureaux hosting the Secretariat Attachment Scheme.
    {
        "name_en": "Transport and Logistics Bureau",
        "name_zh_hant": "運輸及物流局",
        "name_zh_hans": "运输及物流局",
        "kind": "policy_bureau",
        "country": "Hong Kong",
        "city": "Hong Kong",
        "department": "TLB",
    },
    {
        "name_en": "Environment and Ecology Bureau",
        "name_zh_hant": "環境及生態局",
        "name_zh_hans": "环境及生态局",
        "kind": "policy_bureau",
        "country": "Hong Kong",
        "city": "Hong Kong",
        "department": "EEB",
    },
    {
        "name_en": "Development Bureau",
        "name_zh_hant": "發展局",
        "name_zh_hans": "发展局",
        "kind": "policy_bureau",
        "country": "Hong Kong",
        "city": "Hong Kong",
        "department": "DEVB",
    },
    {
        "name_en": "Constitutional and Mainland Affairs Bureau",
        "name_zh_hant": "政制及內地事務局",
        "name_zh_hans": "政制及内地事务局",
        "kind": "policy_bureau",
        "country": "Hong Kong",
        "city": "Hong Kong",
        "department": "CMAB",
    },
    # Hong Kong departments receiving Guangdong officers in the next GBA phase.
    {
        "name_en": "Planning Department",
        "name_zh_hant": "規劃署",
        "name_zh_hans": "规划署",
        "kind": "hk_department",
        "country": "Hong Kong",
        "city": "Hong Kong",
        "department": "PlanD",
    },
    {
        "name_en": "Transport Department",
        "name_zh_hant": "運輸署",
        "name_zh_hans": "运输署",
        "kind": "hk_department",
        "country": "Hong Kong",
        "city": "Hong Kong",
        "department": "TD",
    },
    {
        "name_en": "Environmental Protection Department",
        "name_zh_hant": "環境保護署",
        "name_zh_hans": "环境保护署",
        "kind": "hk_department",
        "country": "Hong Kong",
        "city": "Hong Kong",
        "department": "EPD",
    },
    {
        "name_en": "Innovation and Technology Commission",
        "name_zh_hant": "創新科技署",
        "name_zh_hans": "创新科技署",
        "kind": "hk_department",
        "country": "Hong Kong",
        "city": "Hong Kong",
        "department": "ITC",
    },
    # Public bodies named in the LegCo question as possible hosts.
    {
        "name_en": HA,
        "name_zh_hant": "醫院管理局",
        "name_zh_hans": "医院管理局",
        "kind": "public_body",
        "country": "Hong Kong",
        "city": "Hong Kong",
    },
    {
        "name_en": MTR,
        "name_zh_hant": "香港鐵路有限公司",
        "name_zh_hans": "香港铁路有限公司",
        "kind": "public_body",
        "country": "Hong Kong",
        "city": "Hong Kong",
    },
    {
        "name_en": "The University of Hong Kong",
        "name_zh_hant": "香港大學",
        "name_zh_hans": "香港大学",
        "kind": "public_body",
        "country": "Hong Kong",
        "city": "Hong Kong",
    },
    {
        "name_en": "Hong Kong Applied Science and Technology Research Institute",
        "name_zh_hant": "香港應用科技研究院",
        "name_zh_hans": "香港应用科技研究院",
        "kind": "public_body",
        "country": "Hong Kong",
        "city": "Hong Kong",
    },
]

FUTIAN_OFFICE = (FUTIAN, "District Government Office")
EPD_CROSS_BOUNDARY = (
    "Environmental Protection Department",
    "Cross-Boundary and International Division",
)

# organisation, name_en, name_zh_hant, name_zh_hans, capacity (None: no limit); contacts are
# invented and use the reserved .example domain.
HOST_UNITS = [
    (FUTIAN, "District Government Office", "區政府辦公室", "区政府办公室", 2),
    (FUTIAN, "Science, Technology and Innovation Bureau", "科技創新局", "科技创新局", 1),
    (
        FUTIAN,
        "Government Services and Data Management Bureau",
        "政務服務數據管理局",
        "政务服务数据管理局",
        1,
    ),
    # "Futian Administration of Shenzhen Municipal Bureau of Transportation" (launch report).
    (SZ_TRANSPORT, "Futian Administration", "福田管理局", "福田管理局", 1),
    (SZ_PLANNING, "Futian Administration", "福田管理局", "福田管理局", 1),
    (SZ_ECOLOGY, "Futian Administration", "福田管理局", "福田管理局", 1),
    (QIANHAI, "Shenzhen-Hong Kong Cooperation Division", "深港合作處", "深港合作处", 2),
    (QIANHAI, "Planning and Construction Division", "規劃建設處", "规划建设处", 1),
    (GD_ECOLOGY, "Atmospheric Environment Division", "大氣環境處", "大气环境处", None),
    (
        UN_SECRETARIAT,
        "Department of Economic and Social Affairs",
        "經濟和社會事務部",
        "经济和社会事务部",
        None,
    ),
    (UN_SECRETARIAT, "Office of Legal Affairs", "法律事務廳", "法律事务厅", None),
    (
        UN_SECRETARIAT,
        "Office of Information and Communications Technology",
        "信息和通信技術廳",
        "信息和通信技术厅",
        None,
    ),
    (UNEP, "Ecosystems Division", "生態系統司", "生态系统司", None),
    (UNEP, "Law Division", "法律司", "法律司", None),
    (UNCTAD, "Division on Investment and Enterprise", "投資和企業司", "投资和企业司", None),
    (
        UNCTAD,
        "Division on International Trade and Commodities",
        "國際貿易和商品司",
        "国际贸易和商品司",
        None,
    ),
    (WIPO, "Patents and Technology Sector", "專利和技術部門", "专利和技术部门", None),
    (
        WIPO,
        "Global Challenges and Partnerships Sector",
        "全球挑戰和夥伴關係部門",
        "全球挑战和伙伴关系部门",
        None,
    ),
    (UNECE, "Sustainable Transport Division", "可持續運輸司", "可持续运输司", None),
    (UNECE, "Forests, Land and Housing Division", "森林、土地和住房司", "森林、土地和住房司", None),
    (
        INTERPOL,
        "Financial Crime and Anti-Corruption Centre",
        "金融犯罪與反腐敗中心",
        "金融犯罪与反腐败中心",
        1,
    ),
    (UNCITRAL, "International Trade Law Division", "國際貿易法司", "国际贸易法司", 1),
    (FATF, "Policy Development", "政策發展", "政策发展", 1),
    (APEC, "Program Directors", "計劃主任", "项目主任", 1),
    ("Transport and Logistics Bureau", "Transport Division", "運輸組", "运输组", 2),
    ("Environment and Ecology Bureau", "Environment Branch", "環境科", "环境科", 2),
    ("Development Bureau", "Planning and Lands Branch", "規劃地政科", "规划地政科", 2),
    (
        "Constitutional and Mainland Affairs Bureau",
        "Mainland Affairs Division",
        "內地事務組",
        "内地事务组",
        2,
    ),
    (
        "Planning Department",
        "Cross-boundary Infrastructure and Development Section",
        "跨界基建發展組",
        "跨界基建发展组",
        2,
    ),
    ("Transport Department", "Planning Division", "策劃部", "策划部", 2),
    (
        "Environmental Protection Department",
        "Cross-Boundary and International Division",
        "跨境及國際科",
        "跨境及国际科",
        2,
    ),
    (
        "Innovation and Technology Commission",
        "Innovation and Technology Division",
        "創新科技科",
        "创新科技科",
        2,
    ),
    (HA, "Head Office", "總辦事處", "总办事处", None),
    (MTR, "Corporate Affairs", "企業事務", "企业事务", None),
    (
        "The University of Hong Kong",
        "Knowledge Exchange Office",
        "知識交流辦公室",
        "知识交流办公室",
        None,
    ),
    (
        "Hong Kong Applied Science and Technology Research Institute",
        "Technology Transfer",
        "技術轉移",
        "技术转移",
        None,
    ),
]

# --- Officers (invented) -------------------------------------------------------------------
# Hong Kong civil servants: (staff number, name_en, Chinese name in Traditional and in Simplified,
# department, grade, rank, level)
SEN, MID, JUN = "senior", "middle", "junior"
HK_OFFICERS = [
    # GBA exchange phase 1 batch 1: ten officers of eight departments and grades.
    (
        "DEMO0001",
        "LEUNG Chi-keung",
        "梁志強",
        "梁志强",
        "HAD",
        "AO",
        "Administrative Officer Staff Grade C",
        SEN,
    ),
    (
        "DEMO0002",
        "WONG Mei-ling",
        "黃美玲",
        "黄美玲",
        "DEVB",
        "AO",
        "Senior Administrative Officer",
        MID,
    ),
    ("DEMO0003", "LAU Wing-sze", "劉詠詩", "刘咏诗", "CMAB", "EO", "Chief Executive Officer", SEN),
    ("DEMO0004", "CHEUNG Tsz-ho", "張子豪", "张子豪", "TLB", "EO", "Senior Executive Officer", MID),
    (
        "DEMO0005",
        "CHAN Ka-wai",
        "陳嘉慧",
        "陈嘉慧",
        "EPD",
        "EPO",
        "Senior Environmental Protection Officer",
        MID,
    ),
    ("DEMO0006", "YEUNG Chun-kit", "楊俊傑", "杨俊杰", "HyD", "ENGR", "Senior Engineer", MID),
    (
        "DEMO0007",
        "TSANG Wai-man",
        "曾慧敏",
        "曾慧敏",
        "ITC",
        "EE",
        "Senior Electronics Engineer",
        MID,
    ),
    ("DEMO0008", "LAM Ka-ho", "林家豪", "林家豪", "OGCIO", "AP", "Senior Systems Manager", MID),
    ("DEMO0009", "NG Hoi-yan", "吳凱欣", "吴凯欣", "PlanD", "TP", "Senior Town Planner", MID),
    ("DEMO0010", "HO Siu-fung", "何兆峰", "何兆峰", "TD", "ENGR", "Senior Engineer", MID),
    # Secretariat Attachment Scheme, 2024 intake.
    ("DEMO0011", "CHOW Pui-yee", "周佩儀", "周佩仪", "TD", "TRO", "Senior Transport Officer", MID),
    (
        "DEMO0012",
        "KWOK Man-hin",
        "郭文軒",
        "郭文轩",
        "EPD",
        "EPO",
        "Environmental Protection Officer",
        MID,
    ),
    ("DEMO0013", "TAM Hiu-tung", "譚曉彤", "谭晓彤", "PlanD", "TP", "Town Planner", MID),
    # Secretariat Attachment Scheme, the intake open for nominations now.
    (
        "DEMO0014",
        "FUNG Tsz-kin",
        "馮子健",
        "冯子健",
        "EPD",
        "EPO",
        "Environmental Protection Officer",
        MID,
    ),
    ("DEMO0015", "MAK Sze-wing", "麥詩穎", "麦诗颖", "HyD", "ENGR", "Engineer", MID),
    ("DEMO0016", "SIU Chung-yan", "蕭頌欣", "萧颂欣", "OGCIO", "AP", "Systems Manager", MID),
    # International secondments.
    ("DEMO0017", "LO Kin-fai", "盧建輝", "卢建辉", "HKPF", "POL", "Superintendent of Police", MID),
    (
        "DEMO0018",
        "YIP Hoi-ching",
        "葉凱晴",
        "叶凯晴",
        "DoJ",
        "GC",
        "Senior Government Counsel",
        MID,
    ),
    (
        "DEMO0019",
        "KWAN Yat-long",
        "關逸朗",
        "关逸朗",
        "FSTB",
        "AO",
        "Senior Administrative Officer",
        MID,
    ),
    ("DEMO0020", "CHU Wing-yan", "朱詠恩", "朱咏恩", "TID", "TDO", "Senior Trade Officer", MID),
    # UN JPO batch 1 (eight officers).
    ("DEMO0021", "CHEUNG Hoi-lam", "張凱琳", "张凯琳", "CMAB", "AO", "Administrative Officer", JUN),
    ("DEMO0022", "LI Cheuk-hin", "李卓軒", "李卓轩", "FSTB", "AO", "Administrative Officer", JUN),
    ("DEMO0023", "POON Yan-ting", "潘欣婷", "潘欣婷", "DoJ", "GC", "Government Counsel", JUN),
    ("DEMO0024", "SZE Ho-yin", "施浩然", "施浩然", "CSB", "EO", "Executive Officer I", JUN),
    ("DEMO0025", "KO Wing-kei", "高詠琪", "高咏琪", "TID", "TDO", "Trade Officer", JUN),
    (
        "DEMO0026",
        "TSE Chun-hei",
        "謝俊熙",
        "谢俊熙",
        "EPD",
        "EPO",
        "Environmental Protection Officer",
        JUN,
    ),
    ("DEMO0027", "CHING Yuen-ting", "程婉婷", "程婉婷", "EEB", "AO", "Administrative Officer", JUN),
    ("DEMO0028", "WAN Tsz-chun", "溫梓駿", "温梓骏", "TD", "ENGR", "Engineer", JUN),
    # UN JPO batch 2 (nine officers).
    ("DEMO0029", "LUI Ka-yan", "呂嘉欣", "吕嘉欣", "PlanD", "TP", "Town Planner", JUN),
    ("DEMO0030", "YUEN Chi-ho", "袁志豪", "袁志豪", "OGCIO", "AP", "Systems Manager", JUN),
    ("DEMO0031", "MOK Hiu-yan", "莫曉欣", "莫晓欣", "ITC", "EE", "Electronics Engineer", JUN),
    ("DEMO0032", "LAI Tsz-wai", "黎子維", "黎子维", "DoJ", "GC", "Government Counsel", JUN),
    ("DEMO0033", "CHOI Man-yee", "蔡敏儀", "蔡敏仪", "DEVB", "AO", "Administrative Officer", JUN),
    ("DEMO0034", "HUNG Ka-chun", "洪嘉俊", "洪嘉俊", "TLB", "EO", "Executive Officer I", JUN),
    ("DEMO0035", "KONG Sin-yi", "江倩怡", "江倩怡", "TID", "TDO", "Trade Officer", JUN),
    ("DEMO0036", "PANG Wai-kit", "彭偉傑", "彭伟杰", "HyD", "ENGR", "Engineer", JUN),
    ("DEMO0037", "TO Hei-man", "杜希敏", "杜希敏", "SB", "AO", "Administrative Officer", JUN),
]

# Guangdong officers for the next GBA phase: (email, name_en, Chinese name in Traditional and in
# Simplified, home organisation in English, Traditional and Simplified, rank);
# put forward by the Guangdong coordinator (PARTNER_COORDINATOR), each with Guangdong's own
# reference (GD-2024-01, ...) and mail in Simplified Chinese (the government's language).
PARTNER_OFFICERS = [
    (
        "jianguo.liu@gd.demo.example",
        "LIU Jianguo",
        "劉建國",
        "刘建国",
        "Department of Natural Resources of Guangdong Province",
        "廣東省自然資源廳",
        "广东省自然资源厅",
        "Deputy Division Director",
    ),
    (
        "xiaomin.huang@gd.demo.example",
        "HUANG Xiaomin",
        "黃曉敏",
        "黄晓敏",
        "Department of Transport of Guangdong Province",
        "廣東省交通運輸廳",
        "广东省交通运输厅",
        "Principal Staff Member",
    ),
    (
        "haoran.zheng@gd.demo.example",
        "ZHENG Haoran",
        "鄭浩然",
        "郑浩然",
        "Department of Ecology and Environment of Guangdong Province",
        "廣東省生態環境廳",
        "广东省生态环境厅",
        "Deputy Division Director",
    ),
    (
        "yuting.chen@gd.demo.example",
        "CHEN Yuting",
        "陳雨婷",
        "陈雨婷",
        "Department of Science and Technology of Guangdong Province",
        "廣東省科學技術廳",
        "广东省科学技术厅",
        "Principal Staff Member",
    ),
    (
        "jiahui.wu@gd.demo.example",
        "WU Jiahui",
        "吳佳慧",
        "吴佳慧",
        "Department of Ecology and Environment of Guangdong Province",
        "廣東省生態環境廳",
        "广东省生态环境厅",
        "Principal Staff Member",
    ),
]

# --- Cohorts -------------------------------------------------------------------------------
# "status": None means "from the dates": completed once over, in progress while running,
# confirmed before it starts (so the demo stays consistent whenever it is loaded).
GBA_P1B1 = ("MAINLAND-EX", 1, 1)
GBA_P2B1 = ("MAINLAND-EX", 2, 1)
SAS_2024 = ("SAS", 1, 1)
SAS_OPEN = ("SAS", 1, 2)
JPO_B1 = ("UN-JPO", 1, 1)
JPO_B2 = ("UN-JPO", 1, 2)
# One-off calls: no phase, no batch (Cohort.is_one_off).
INTERPOL_SECONDMENT = ("INTL-INTERPOL", None, None)
EPD_STUDY_TOUR = ("EPD-MAINLAND-TOURS", None, None)

COHORTS = [
    {
        "key": GBA_P1B1,
        "name": "GBA exchange phase 1 batch 1",
        "agreement": GBA_AGREEMENT,
        "direction": "outbound",
        # Launch ceremony in Qianhai on 18 December 2023; three months (launch report).
        "start_date": D(2023, 12, 18),
        "end_date": D(2024, 3, 17),
        "places": 10,
        "destination": "Futian and Qianhai, Shenzhen",
        "status": "completed",
    },
    {
        "key": SAS_2024,
        "name": "Secretariat Attachment Scheme 2024 intake",
        # Invented dates; six months.
        "direction": "internal",
        "start_date": D(2024, 4, 2),
        "end_date": D(2024, 10, 1),
        "places": 6,
        "destination": "Policy bureaux, Central Government Offices",
        "status": None,
    },
    {
        "key": JPO_B1,
        "name": "UN JPO batch 1",
        # Invented dates; two-year assignments.
        "direction": "outbound",
        "start_date": D(2023, 9, 4),
        "end_date": D(2025, 9, 3),
        "places": 8,
        "destination": "UN Secretariat and affiliated bodies (New York, Nairobi, Geneva)",
        "status": None,
    },
    {
        "key": JPO_B2,
        "name": "UN JPO batch 2",
        "direction": "outbound",
        "start_date": D(2024, 9, 2),
        "end_date": D(2026, 9, 1),
        "places": 9,
        "destination": "UN Secretariat and affiliated bodies (New York, Nairobi, Geneva)",
        "status": None,
    },
    # International secondments: one officer each, invented dates.
    {
        # A one-off call of the Hong Kong Police Force for one secondee (the LegCo reply names
        # INTERPOL among the organisations departments second officers to); invented dates.
        "key": INTERPOL_SECONDMENT,
        "name": "INTERPOL secondment 2026-2028",
        "direction": "outbound",
        "nominations_open_at": _hkt(2026, 1, 5),
        "nominations_close_at": _hkt(2026, 2, 6, 18),
        "start_date": D(2026, 7, 6),
        "end_date": D(2028, 7, 5),
        "places": 1,
        "destination": "Lyon, France",
        "status": None,
    },
    {
        "key": ("INTL-UNCITRAL", 1, 1),
        "name": "UNCITRAL Secretariat secondment 2025-2027",
        "direction": "outbound",
        "start_date": D(2025, 3, 3),
        "end_date": D(2027, 3, 2),
        "places": 1,
        "destination": "Vienna, Austria",
        "status": None,
    },
    {
        "key": ("INTL-FATF", 1, 1),
        "name": "FATF Secretariat secondment 2024-2026",
        "direction": "outbound",
        "start_date": D(2024, 6, 3),
        "end_date": D(2026, 6, 2),
        "places": 1,
        "destination": "Paris, France",
        "status": None,
    },
    {
        "key": ("INTL-APEC", 1, 1),
        "name": "APEC Secretariat secondment 2026-2027",
        "direction": "outbound",
        "start_date": D(2026, 1, 5),
        "end_date": D(2027, 12, 31),
        "places": 1,
        "destination": "Singapore",
        "status": None,
    },
    # A department's own study tour ("bureaux/departments will make their own arrangements for
    # training and study tours related to their business to strengthen liaison with their
    # Mainland counterparts", LegCo reply): one week, invented dates.
    {
        "key": EPD_STUDY_TOUR,
        "name": "EPD study tour to Guangzhou, May 2026",
        "direction": "outbound",
        "start_date": D(2026, 5, 11),
        "end_date": D(2026, 5, 15),
        "places": 4,
        "destination": "Guangzhou",
        "status": None,
    },
]

# The next GBA phase, Guangdong officers in Hong Kong departments. Invented dates: the LegCo
# reply says only that the next phase is being discussed. The batch is dated from the day the
# demo is first loaded, so it is always running: it started `started_weeks_ago` weeks before
# (a Monday) and lasts the agreement's three months; its call closed `call_closed_weeks_before`
# weeks before it started, after `call_weeks` weeks open. A rerun keeps the dates it was given.
RUNNING_COHORT = {
    "key": GBA_P2B1,
    "name": "GBA exchange phase 2 batch 1 (Guangdong officers in Hong Kong)",
    "agreement": GBA_AGREEMENT,
    "direction": "inbound",
    "started_weeks_ago": 3,
    "months": 3,
    "call_closed_weeks_before": 10,
    "call_weeks": 4,
    "places": 10,
    "destination": "Hong Kong SAR Government departments",
}

# The Secretariat Attachment intake whose call is open whenever the demo is loaded: dates are
# counted from the day of loading so staff can always try the nomination workflow.
OPEN_COHORT = {
    "key": SAS_OPEN,
    "name": "Secretariat Attachment Scheme {start:%B %Y} intake",
    "direction": "internal",
    "opened_days_ago": 7,
    "closes_in_days": 21,
    "starts_months_after_close": 2,
    "months": 6,
    "places": 8,
    "destination": "Policy bureaux, Central Government Offices",
    "status": "nominations_open",
}

# --- Nominations without placements --------------------------------------------------------
# (cohort, officer key, status, rank, statement)
OPEN_NOMINATIONS = [
    (
        SAS_OPEN,
        "DEMO0014",
        "submitted",
        1,
        "Has led the department's air quality consultation; ready for policy work in a bureau.",
    ),
    (
        SAS_OPEN,
        "DEMO0015",
        "submitted",
        1,
        "Project engineer on the Northern Metropolis road links; wants bureau experience.",
    ),
    (
        SAS_OPEN,
        "DEMO0016",
        "shortlisted",
        1,
        "Led the e-services roll-out in two departments; strong drafting and liaison skills.",
    ),
]

# --- Placements ----------------------------------------------------------------------------
# Every placement belongs to a selected nomination of its officer in its cohort. "reports":
# texts of the officer's report and the host's feedback (submitted after the placement ends).
MFA = "Ministry of Foreign Affairs"
JPO_B1_RECOMMENDED = D(2023, 6, 15)  # invented
JPO_B2_RECOMMENDED = D(2024, 6, 14)  # invented; before the LegCo reply of 10 July 2024

GBA_PLACEMENTS = [
    {
        "officer": "DEMO0001",
        "host": FUTIAN_OFFICE,
        "role_title": "Special Assistant to a Deputy Head of the Futian District Government",
        "duties": (
            "Assists a deputy head of the district government on community governance and "
            "liaison with Hong Kong; joins visits to sub-district offices."
        ),
        "supervisor_title": "Deputy Head, Futian District Government",
        "focus_areas": ["regional-governance"],
        "reports": (
            "Saw how the district co-ordinates sub-district offices and residents' committees "
            "and handles cross-boundary matters with Hong Kong.",
            "Grid-based management of neighbourhoods and one-stop services for Hong Kong "
            "residents; ideas for district liaison on the Northern Metropolis.",
            "The officer took part fully in the district's work and was a ready link to Hong "
            "Kong counterparts.",
        ),
    },
    {
        "officer": "DEMO0004",
        "host": FUTIAN_OFFICE,
        "role_title": "Exchange officer (district administration)",
        "duties": "Joins the district office's co-ordination of services for enterprises.",
        "focus_areas": ["regional-governance"],
        "reports": (
            "Worked in the district office on services for enterprises and residents.",
            "How service targets are set and tracked across the district's bureaux.",
            "Careful and well-organised; shared Hong Kong practice on performance pledges.",
        ),
    },
    {
        "officer": "DEMO0010",
        "host": (SZ_TRANSPORT, "Futian Administration"),
        "role_title": "Exchange officer (transport strategy)",
        "duties": (
            "Transport planning studies for Futian; connectivity of transport services between "
            "Shenzhen and Hong Kong."
        ),
        "focus_areas": ["transport", "infrastructure"],
        "reports": (
            "Took part in transport planning studies for Futian and cross-boundary connections.",
            "Planning of rail and bus interchanges at the boundary; data-driven traffic "
            "management.",
            "Brought Hong Kong's experience of transport strategy to the team's studies.",
        ),
    },
    {
        "officer": "DEMO0009",
        "host": (SZ_PLANNING, "Futian Administration"),
        "role_title": "Exchange officer (urban planning)",
        "duties": "Joins the review of district plans near the Hong Kong boundary.",
        "focus_areas": ["urban-planning"],
        "reports": (
            "Reviewed district plans near the boundary with the planning team.",
            "How land is readied for industry and housing at speed; links with the Northern "
            "Metropolis.",
            "Knowledgeable about Hong Kong's statutory planning; a useful contributor.",
        ),
    },
    {
        "officer": "DEMO0005",
        "host": (SZ_ECOLOGY, "Futian Administration"),
        "role_title": "Exchange officer (ecological environment)",
        "duties": "Regional air and water quality work; the Shenzhen Bay wetlands.",
        "focus_areas": ["environmental-protection"],
        "reports": (
            "Worked on air and water quality monitoring and the Shenzhen Bay wetlands.",
            "Joint monitoring of Shenzhen Bay and enforcement practice at district level.",
            "Contributed Hong Kong's monitoring methods; we will keep in touch on Shenzhen Bay.",
        ),
    },
    {
        "officer": "DEMO0007",
        "host": (FUTIAN, "Science, Technology and Innovation Bureau"),
        "role_title": "Exchange officer (science and technology innovation)",
        "duties": "Support for technology enterprises and research co-operation with Hong Kong.",
        "focus_areas": ["science-technology"],
        "reports": (
            "Met technology enterprises and the bureau's support schemes.",
            "How the district funds and houses start-ups; the Hetao co-operation zone.",
            "Helped us understand Hong Kong's research funding and laboratories.",
        ),
    },
    {
        "officer": "DEMO0008",
        "host": (FUTIAN, "Government Services and Data Management Bureau"),
        "role_title": "Exchange officer (digital government)",
        "duties": "One-stop e-services and data sharing between district bureaux.",
        "focus_areas": ["digital-government"],
        "reports": (
            "Worked on the district's one-stop e-services and data sharing.",
            "Data sharing across bureaux and services for Hong Kong residents on the Mainland.",
            "Shared Hong Kong's experience of iAM Smart and cyber security.",
        ),
    },
    {
        "officer": "DEMO0006",
        "host": (QIANHAI, "Planning and Construction Division"),
        "role_title": "Exchange officer (infrastructure)",
        "duties": "Road and infrastructure projects in Qianhai; cross-boundary links.",
        "focus_areas": ["infrastructure", "transport"],
        "reports": (
            "Followed road and infrastructure projects in Qianhai from design to site.",
            "Project delivery and co-ordination of utilities on a fast-growing new area.",
            "A practical engineer who shared Hong Kong's standards freely.",
        ),
    },
    {
        "officer": "DEMO0002",
        "host": (QIANHAI, "Shenzhen-Hong Kong Cooperation Division"),
        "role_title": "Exchange officer (Shenzhen-Hong Kong co-operation)",
        "duties": "Policy research on Shenzhen-Hong Kong co-operation in Qianhai.",
        "focus_areas": ["regional-governance", "urban-planning"],
        "reports": (
            "Took part in policy research on co-operation between Shenzhen and Hong Kong.",
            "How Qianhai's rules are aligned with Hong Kong's; the role of statutory bodies.",
            "Insightful on Hong Kong's policy process; helped prepare joint meetings.",
        ),
    },
    {
        "officer": "DEMO0003",
        "host": (QIANHAI, "Shenzhen-Hong Kong Cooperation Division"),
        "role_title": "Exchange officer (services for Hong Kong residents and enterprises)",
        "duties": "Services for Hong Kong enterprises and young people in Qianhai.",
        "focus_areas": ["regional-governance"],
        "reports": (
            "Worked on services for Hong Kong enterprises and young people in Qianhai.",
            "What Hong Kong start-ups need to set up in Qianhai, and how to tell them.",
            "Well liked by colleagues; improved our information for Hong Kong visitors.",
        ),
    },
]

SAS_2024_PLACEMENTS = [
    {
        "officer": "DEMO0011",
        "host": ("Transport and Logistics Bureau", "Transport Division"),
        "role_title": "Assistant Secretary (attachment)",
        "duties": "Legislative Council business and a public consultation on road safety.",
        "focus_areas": ["policy-work", "transport"],
    },
    {
        "officer": "DEMO0012",
        "host": ("Environment and Ecology Bureau", "Environment Branch"),
        "role_title": "Assistant Secretary (attachment)",
        "duties": "Policy promotion on waste reduction; secretariat of a taskforce.",
        "focus_areas": ["policy-work", "environmental-protection"],
    },
    {
        "officer": "DEMO0013",
        "host": ("Development Bureau", "Planning and Lands Branch"),
        "role_title": "Assistant Secretary (attachment)",
        "duties": "Legislative Council papers and public engagement on land supply.",
        "focus_areas": ["policy-work", "urban-planning"],
    },
]

INTERNATIONAL_PLACEMENTS = [
    {
        # Nominated by the Hong Kong Police Force to its own one-off call, selected, placed.
        "cohort": INTERPOL_SECONDMENT,
        "officer": "DEMO0017",
        "statement": (
            "Has led financial investigations with overseas police forces; ready to represent "
            "the Force in an international team."
        ),
        "host": (INTERPOL, "Financial Crime and Anti-Corruption Centre"),
        "role_title": "Seconded specialist officer",
        "duties": "Analysis of cross-border financial crime; liaison with member countries.",
        "supervisor_title": "Director, Financial Crime and Anti-Corruption Centre",
        "focus_areas": ["international-cooperation"],
    },
    {
        "cohort": ("INTL-UNCITRAL", 1, 1),
        "officer": "DEMO0018",
        "host": (UNCITRAL, "International Trade Law Division"),
        "role_title": "Seconded legal officer",
        "focus_areas": ["international-cooperation", "trade-economy"],
    },
    {
        "cohort": ("INTL-FATF", 1, 1),
        "officer": "DEMO0019",
        "host": (FATF, "Policy Development"),
        "role_title": "Seconded policy analyst",
        "focus_areas": ["international-cooperation", "trade-economy"],
    },
    {
        "cohort": ("INTL-APEC", 1, 1),
        "officer": "DEMO0020",
        "host": (APEC, "Program Directors"),
        "role_title": "Program Director",
        "focus_areas": ["international-cooperation", "trade-economy"],
    },
]

# The EPD study tour: two officers nominated by their department, one week in Guangzhou.
EPD_STUDY_TOUR_PLACEMENTS = [
    {
        "officer": officer,
        "host": (GD_ECOLOGY, "Atmospheric Environment Division"),
        "role_title": "Study tour member",
        "duties": "Visits and briefings on regional air quality monitoring and control.",
        "focus_areas": ["environmental-protection"],
    }
    for officer in ("DEMO0012", "DEMO0026")
]

# The running GBA inbound batch: each Guangdong officer put forward by the Guangdong
# coordinator, selected by CSB and proposed to a unit of a Hong Kong department, which
# accepted. One proposal, for an officer joining a month after the others (invented), still
# waits for the unit's answer: the demo host contact of that unit (host.epd) gives it.
GBA_P2B1_PLACEMENTS = [
    {
        "officer": "jianguo.liu@gd.demo.example",
        "statement": "Works on territorial spatial planning of the Greater Bay Area.",
        "host": ("Planning Department", "Cross-boundary Infrastructure and Development Section"),
        "role_title": "Exchange officer (cross-boundary planning)",
        "duties": "Planning studies of the Northern Metropolis and boundary control points.",
        "focus_areas": ["urban-planning"],
    },
    {
        "officer": "xiaomin.huang@gd.demo.example",
        "statement": "Cross-boundary transport co-ordination between Guangdong and Hong Kong.",
        "host": ("Transport Department", "Planning Division"),
        "role_title": "Exchange officer (cross-boundary transport)",
        "duties": "Cross-boundary coach and ferry services; traffic forecasts at the boundary.",
        "focus_areas": ["transport"],
    },
    {
        "officer": "haoran.zheng@gd.demo.example",
        "statement": "Regional air and water quality co-operation with Hong Kong.",
        "host": EPD_CROSS_BOUNDARY,
        "role_title": "Exchange officer (regional air quality)",
        "duties": "The Pearl River Delta air quality monitoring network; joint reviews.",
        "focus_areas": ["environmental-protection"],
    },
    {
        "officer": "yuting.chen@gd.demo.example",
        "statement": "Science and technology co-operation zones in the Greater Bay Area.",
        "host": ("Innovation and Technology Commission", "Innovation and Technology Division"),
        "role_title": "Exchange officer (innovation and technology)",
        "duties": "The Hetao co-operation zone; support schemes for research and development.",
        "focus_areas": ["science-technology"],
    },
    {
        "officer": "jiahui.wu@gd.demo.example",
        "statement": "Waste reduction and the circular economy in Guangdong's cities.",
        "host": EPD_CROSS_BOUNDARY,
        "role_title": "Exchange officer (waste and circular economy)",
        "duties": "Waste reduction and recycling policy; co-operation on the circular economy.",
        "focus_areas": ["environmental-protection"],
        "joins_months_later": 1,
        "status": "proposed",
    },
]

# (officer, host unit, role title, focus areas)
JPO_BATCH_1 = [
    ("DEMO0021", (UN_SECRETARIAT, "Department of Economic and Social Affairs"),
     "Associate Economic Affairs Officer", ["international-cooperation"]),
    ("DEMO0022", (UNCTAD, "Division on Investment and Enterprise"),
     "Associate Economic Affairs Officer", ["trade-economy"]),
    ("DEMO0023", (WIPO, "Global Challenges and Partnerships Sector"),
     "Associate Legal Officer", ["international-cooperation"]),
    ("DEMO0024", (UN_SECRETARIAT, "Department of Economic and Social Affairs"),
     "Associate Programme Management Officer", ["international-cooperation"]),
    ("DEMO0025", (UNCTAD, "Division on International Trade and Commodities"),
     "Associate Economic Affairs Officer", ["trade-economy"]),
    ("DEMO0026", (UNEP, "Ecosystems Division"),
     "Associate Programme Management Officer", ["environmental-protection"]),
    ("DEMO0027", (UNEP, "Law Division"),
     "Associate Legal Officer", ["environmental-protection"]),
    ("DEMO0028", (UNECE, "Sustainable Transport Division"),
     "Associate Economic Affairs Officer", ["transport"]),
]  # fmt: skip
JPO_BATCH_2 = [
    ("DEMO0029", (UNECE, "Forests, Land and Housing Division"),
     "Associate Economic Affairs Officer", ["urban-planning"]),
    ("DEMO0030", (UN_SECRETARIAT, "Office of Information and Communications Technology"),
     "Associate Information Systems Officer", ["digital-government"]),
    ("DEMO0031", (WIPO, "Patents and Technology Sector"),
     "Associate Programme Officer", ["science-technology"]),
    ("DEMO0032", (UN_SECRETARIAT, "Office of Legal Affairs"),
     "Associate Legal Officer", ["international-cooperation"]),
    ("DEMO0033", (UNEP, "Ecosystems Division"),
     "Associate Programme Management Officer", ["environmental-protection"]),
    ("DEMO0034", (UNECE, "Sustainable Transport Division"),
     "Associate Programme Management Officer", ["transport"]),
    ("DEMO0035", (UNCTAD, "Division on International Trade and Commodities"),
     "Associate Economic Affairs Officer", ["trade-economy"]),
    ("DEMO0036", (UNECE, "Sustainable Transport Division"),
     "Associate Economic Affairs Officer", ["transport", "infrastructure"]),
    ("DEMO0037", (UN_SECRETARIAT, "Department of Economic and Social Affairs"),
     "Associate Programme Management Officer", ["international-cooperation"]),
]  # fmt: skip

# Report texts for completed placements that have none of their own, by programme kind:
# (officer's summary, experience gained, host's feedback); "{unit}" is the host unit.
REPORT_TEXTS = {
    "secretariat_attachment": (
        "Six months in {unit} on Legislative Council business and public consultation.",
        "How policy is made and explained; drafting papers for the Legislative Council.",
        "A capable officer who handled policy work well beyond their own profession.",
    ),
    "international_secondment": (
        "Seconded to {unit}; took part in its work programme and meetings of members.",
        "Working in an international secretariat; contacts useful to the home department.",
        "A valued colleague; we would welcome further secondees from Hong Kong.",
    ),
    "un_jpo": (
        "Served as a Junior Professional Officer in {unit}.",
        "Multilateral work, drafting for intergovernmental meetings, a wide network.",
        "Committed and well prepared; contributed fully to the division's programme.",
    ),
    "mainland_exchange": (
        "Three months in {unit} on its work with the other side of the boundary.",
        "How the host government plans and delivers its policies; contacts for future work.",
        "An able officer who shared their own side's practice openly.",
    ),
    "departmental": (
        "A study tour with {unit}: visits, briefings and discussions with counterparts.",
        "Counterparts' monitoring and enforcement practice; contacts for joint work.",
        "Well prepared visitors; the discussions were useful to both sides.",
    ),
}
REPORT_SUBMITTED_AFTER_DAYS = 14

# --- Demo accounts -------------------------------------------------------------------------
# One account at least for each role. "department": the department on the profile (HR officers
# and programme coordinators); "host_unit": the unit the contact answers for; "participant":
# the officer record; "partner": the government a partner coordinator acts for.
# The role groups and their permissions are exchange_portal.roles'; these are their names.
ROLE_MANAGER = GROUP_NAMES[Role.CSB_MANAGER]
ROLE_VIEWER = GROUP_NAMES[Role.CSB_VIEWER]
ROLE_HR = GROUP_NAMES[Role.DEPARTMENT_HR]
ROLE_HOST = GROUP_NAMES[Role.HOST_CONTACT]
ROLE_PARTICIPANT = GROUP_NAMES[Role.PARTICIPANT]
ROLE_PARTNER = GROUP_NAMES[Role.PARTNER_COORDINATOR]
ROLE_COORDINATOR = GROUP_NAMES[Role.PROGRAMME_COORDINATOR]
ROLE_GROUPS = [
    ROLE_MANAGER,
    ROLE_VIEWER,
    ROLE_COORDINATOR,
    ROLE_HR,
    ROLE_HOST,
    ROLE_PARTICIPANT,
    ROLE_PARTNER,
]
PARTNER_COORDINATOR = "partner.gd"

DEMO_ACCOUNTS = [
    {
        "username": "csb.manager",
        "role": ROLE_MANAGER,
        "first_name": "Demo",
        "last_name": "Programme Manager",
        "email": "csb.manager@csb.demo.example",
        "is_staff": True,
        "is_superuser": False,
    },
    {
        "username": "csb.viewer",
        "role": ROLE_VIEWER,
        "first_name": "Demo",
        "last_name": "Viewer",
        "email": "csb.viewer@csb.demo.example",
        "is_staff": True,
        "is_superuser": False,
    },
    {
        "username": "coordinator.hkpf",
        "role": ROLE_COORDINATOR,
        "first_name": "Demo",
        "last_name": "Programme Coordinator (HKPF)",
        "email": "coordinator@hkpf.demo.example",
        "is_staff": True,
        "is_superuser": False,
        "department": "HKPF",
    },
    {
        "username": "hr.epd",
        "role": ROLE_HR,
        "first_name": "Demo",
        "last_name": "HR Officer (EPD)",
        "email": "hr@epd.demo.example",
        "is_staff": True,
        "is_superuser": False,
        "department": "EPD",
    },
    {
        "username": "host.futian",
        "role": ROLE_HOST,
        "first_name": "Demo",
        "last_name": "Host Contact (Futian)",
        "email": "contact@futian.demo.example",
        "is_staff": False,
        "is_superuser": False,
        "host_unit": FUTIAN_OFFICE,
    },
    {
        # Answers for the EPD unit receiving Guangdong officers of the running GBA batch.
        "username": "host.epd",
        "role": ROLE_HOST,
        "first_name": "Demo",
        "last_name": "Host Contact (EPD)",
        "email": "host@epd.demo.example",
        "is_staff": False,
        "is_superuser": False,
        "host_unit": EPD_CROSS_BOUNDARY,
    },
    {
        "username": "officer.chan",
        "role": ROLE_PARTICIPANT,
        "first_name": "Ka-wai",
        "last_name": "CHAN",
        "email": "ka-wai.chan@epd.demo.example",
        "is_staff": False,
        "is_superuser": False,
        "participant": "DEMO0005",
    },
    {
        "username": PARTNER_COORDINATOR,
        "role": ROLE_PARTNER,
        "first_name": "Demo",
        "last_name": "Partner Coordinator (Guangdong)",
        "email": "coordinator@gd.demo.example",
        "is_staff": False,
        "is_superuser": False,
        "partner": GUANGDONG,
    },
]

# --- Chinese forms of the stored texts above ----------------------------------------------
# Each English text of a programme, agreement, cohort or placement with its Traditional Chinese
# form (as Hong Kong writes it) and its Simplified form (in Mainland characters), so every
# page reads in its own language and script. The Chinese are this demo's own translations.
CHINESE_FORMS = {
    EPIDEMIC: (
        "疫情；交流於2023年恢復，首先與大灣區內地城市展開",
        "疫情；交流于2023年恢复，首先与大湾区内地城市展开",
    ),
    (
        "The Civil Service College of the Civil Service Bureau arranges for promising departmental"
        " officers to attach to policy bureaux for six months, acquiring hands-on experience in "
        "policy work: Legislative Council business, public consultations and policy promotion, and"
        " co-ordinating the work of taskforces."
    ): (
        "公務員事務局轄下的公務員學院安排具潛質的部門人員暫駐各決策局六個月，親身汲取政策工作經驗：立法會事務、公眾諮詢及政策推廣，以及統籌專責小組的工作。",
        "公务员事务局辖下的公务员学院安排具潜质的部门人员暂驻各决策局六个月，亲身汲取政策工作经验：立法会事务、公众咨询及政策推广，以及统筹专责小组的工作。",
    ),
    (
        "The Hong Kong Police Force seconds officers to the INTERPOL General Secretariat for a "
        "limited period, to facilitate exchanges and collaboration and to cultivate an "
        "international perspective in the civil service."
    ): (
        "香港警務處借調人員到國際刑警組織總秘書處工作一段有限時間，以促進交流合作，並培養公務員的國際視野。",
        "香港警务处借调人员到国际刑警组织总秘书处工作一段有限时间，以促进交流合作，并培养公务员的国际视野。",
    ),
    "The Department of Justice seconds counsel to the UNCITRAL Secretariat for a limited period.": (
        "律政司借調律師到聯合國國際貿易法委員會秘書處工作一段有限時間。",
        "律政司借调律师到联合国国际贸易法委员会秘书处工作一段有限时间。",
    ),
    (
        "The Financial Services and the Treasury Bureau seconds officers to the FATF Secretariat "
        "for a limited period."
    ): (
        "財經事務及庫務局借調人員到財務行動特別組織秘書處工作一段有限時間。",
        "财经事务及库务局借调人员到财务行动特别组织秘书处工作一段有限时间。",
    ),
    (
        "The Trade and Industry Department seconds officers to the APEC Secretariat for a limited "
        "period."
    ): (
        "工業貿易署借調人員到亞太區經濟合作組織秘書處工作一段有限時間。",
        "工业贸易署借调人员到亚太区经济合作组织秘书处工作一段有限时间。",
    ),
    (
        "With the support of the Central People's Government and the Office of the Commissioner of"
        " the Ministry of Foreign Affairs in the HKSAR, young public officers recommended by the "
        "Ministry of Foreign Affairs work as Chinese personnel in the UN headquarters or its "
        "affiliated bodies: the UN Secretariat, the UN Environment Programme, the UN Conference on"
        " Trade and Development, the World Intellectual Property Organization and the UN Economic "
        "Commission for Europe. The first two batches comprised 17 officers."
    ): (
        (
            "在中央人民政府及外交部駐香港特別行政區特派員公署支持下，由外交部推薦的年輕公職人員以"
            "中國籍人員身份到聯合國總部或其附屬機構工作：聯合國秘書處、聯合國環境規劃署、聯合國貿"
            "易和發展會議、世界知識產權組織及聯合國歐洲經濟委員會。首兩批共有17名人員。"
        ),
        (
            "在中央人民政府及外交部驻香港特别行政区特派员公署支持下，由外交部推荐的年轻公职人员以"
            "中国籍人员身份到联合国总部或其附属机构工作：联合国秘书处、联合国环境规划署、联合国贸"
            "易和发展会议、世界知识产权组织及联合国欧洲经济委员会。首两批共有17名人员。"
        ),
    ),
    (
        "Ministry of Foreign Affairs, through the Office of the Commissioner of the Ministry of "
        "Foreign Affairs in the HKSAR"
    ): (
        "外交部（經外交部駐香港特別行政區特派員公署）",
        "外交部（经外交部驻香港特别行政区特派员公署）",
    ),
    (
        "Since 2002 the Civil Service Bureau has organised the Civil Service Staff Exchange "
        "Programme jointly with Mainland municipalities: officers from Hong Kong and the Mainland "
        "are attached to each other's side to understand each other's structure, regulations, "
        "policy and operation. Resumed in 2023 with the Greater Bay Area; the exchange period was "
        "extended from four weeks to three months."
    ): (
        (
            "自2002年起，公務員事務局與內地省市合辦公務員交流計劃：香港與內地人員互派到對方工"
            "作，了解彼此的架構、規章、政策及運作。計劃於2023年與大灣區恢復，交流期由四星期延"
            "長至三個月。"
        ),
        (
            "自2002年起，公务员事务局与内地省市合办公务员交流计划：香港与内地人员互派到对方工"
            "作，了解彼此的架构、规章、政策及运作。计划于2023年与大湾区恢复，交流期由四星期延"
            "长至三个月。"
        ),
    ),
    (
        "Possible hosts named in the question: the Hospital Authority, the MTR Corporation "
        "Limited, post-secondary education institutions, research and development centres and "
        "scientific research institutions, and social welfare organisations."
    ): (
        "質詢提及的可能接待機構：醫院管理局、香港鐵路有限公司、專上教育院校、研發中心及科研機構，以及社會福利機構。",
        "质询提及的可能接待机构：医院管理局、香港铁路有限公司、专上教育院校、研发中心及科研机构，以及社会福利机构。",
    ),
    (
        "Bureaux and departments make their own arrangements for training and study tours related "
        "to their business to strengthen liaison with their Mainland counterparts."
    ): (
        "各決策局及部門自行安排與其業務相關的培訓及考察，加強與內地對口單位的聯繫。",
        "各决策局及部门自行安排与其业务相关的培训及考察，加强与内地对口单位的联系。",
    ),
    "GBA exchange phase 1 batch 1": (
        "大灣區交流第1期第1批",
        "大湾区交流第1期第1批",
    ),
    "Futian and Qianhai, Shenzhen": (
        "深圳福田及前海",
        "深圳福田及前海",
    ),
    "GBA exchange phase 2 batch 1 (Guangdong officers in Hong Kong)": (
        "大灣區交流第2期第1批（廣東人員來港）",
        "大湾区交流第2期第1批（广东人员来港）",
    ),
    "Hong Kong SAR Government departments": (
        "香港特區政府部門",
        "香港特区政府部门",
    ),
    "Secretariat Attachment Scheme 2024 intake": (
        "決策局暫駐計劃2024年批次",
        "决策局暂驻计划2024年批次",
    ),
    "Policy bureaux, Central Government Offices": (
        "政府總部各決策局",
        "政府总部各决策局",
    ),
    "UN JPO batch 1": (
        "聯合國初級專業人員第1批",
        "联合国初级专业人员第1批",
    ),
    "UN Secretariat and affiliated bodies (New York, Nairobi, Geneva)": (
        "聯合國秘書處及附屬機構（紐約、內羅畢、日內瓦）",
        "联合国秘书处及附属机构（纽约、内罗毕、日内瓦）",
    ),
    "UN JPO batch 2": (
        "聯合國初級專業人員第2批",
        "联合国初级专业人员第2批",
    ),
    "INTERPOL secondment 2026-2028": (
        "國際刑警組織借調（2026至2028年）",
        "国际刑警组织借调（2026至2028年）",
    ),
    "Lyon, France": (
        "法國里昂",
        "法国里昂",
    ),
    "UNCITRAL Secretariat secondment 2025-2027": (
        "聯合國國際貿易法委員會秘書處借調（2025至2027年）",
        "联合国国际贸易法委员会秘书处借调（2025至2027年）",
    ),
    "Vienna, Austria": (
        "奧地利維也納",
        "奥地利维也纳",
    ),
    "FATF Secretariat secondment 2024-2026": (
        "財務行動特別組織秘書處借調（2024至2026年）",
        "财务行动特别组织秘书处借调（2024至2026年）",
    ),
    "Paris, France": (
        "法國巴黎",
        "法国巴黎",
    ),
    "APEC Secretariat secondment 2026-2027": (
        "亞太區經濟合作組織秘書處借調（2026至2027年）",
        "亚太区经济合作组织秘书处借调（2026至2027年）",
    ),
    "Singapore": (
        "新加坡",
        "新加坡",
    ),
    "EPD study tour to Guangzhou, May 2026": (
        "環境保護署廣州考察（2026年5月）",
        "环境保护署广州考察（2026年5月）",
    ),
    "Guangzhou": (
        "廣州",
        "广州",
    ),
    "Study tour member": (
        "考察團成員",
        "考察团成员",
    ),
    "Visits and briefings on regional air quality monitoring and control.": (
        "參觀及聽取區域空氣質素監測及管控的簡介。",
        "参观及听取区域空气质量监测及管控的简介。",
    ),
    "Analysis of cross-border financial crime; liaison with member countries.": (
        "分析跨境金融罪案；與成員國聯絡。",
        "分析跨境金融犯罪；与成员国联络。",
    ),
    "Exchange officer (cross-boundary planning)": (
        "交流人員（跨界規劃）",
        "交流人员（跨界规划）",
    ),
    "Planning studies of the Northern Metropolis and boundary control points.": (
        "北部都會區及邊境管制站的規劃研究。",
        "北部都会区及边境管制站的规划研究。",
    ),
    "Exchange officer (cross-boundary transport)": (
        "交流人員（跨境交通）",
        "交流人员（跨境交通）",
    ),
    "Cross-boundary coach and ferry services; traffic forecasts at the boundary.": (
        "跨境巴士及渡輪服務；邊境交通預測。",
        "跨境巴士及渡轮服务；边境交通预测。",
    ),
    "Exchange officer (regional air quality)": (
        "交流人員（區域空氣質素）",
        "交流人员（区域空气质量）",
    ),
    "The Pearl River Delta air quality monitoring network; joint reviews.": (
        "珠江三角洲空氣質素監測網絡；聯合檢討。",
        "珠江三角洲空气质量监测网络；联合检讨。",
    ),
    "Exchange officer (innovation and technology)": (
        "交流人員（創新科技）",
        "交流人员（创新科技）",
    ),
    "The Hetao co-operation zone; support schemes for research and development.": (
        "河套合作區；研發資助計劃。",
        "河套合作区；研发资助计划。",
    ),
    "Exchange officer (waste and circular economy)": (
        "交流人員（廢物及循環經濟）",
        "交流人员（废物及循环经济）",
    ),
    "Waste reduction and recycling policy; co-operation on the circular economy.": (
        "減廢及回收政策；循環經濟合作。",
        "减废及回收政策；循环经济合作。",
    ),
    "Secretariat Attachment Scheme {start:%B %Y} intake": (
        "決策局暫駐計劃{start:%Y}年{start.month}月批次",
        "决策局暂驻计划{start:%Y}年{start.month}月批次",
    ),
    (
        "Project Agreement on Civil Servant Exchange and Cooperation between the Mainland Cities "
        "of the Greater Bay Area and the Hong Kong Special Administrative Region"
    ): (
        "大灣區內地城市與香港特別行政區公務員交流合作項目協議",
        "大湾区内地城市与香港特别行政区公务员交流合作项目协议",
    ),
    "Exchange agreements with major Mainland cities beyond the Greater Bay Area": (
        "與大灣區以外內地主要城市的交流協議",
        "与大湾区以外内地主要城市的交流协议",
    ),
    "Special Assistant to a Deputy Head of the Futian District Government": (
        "福田區人民政府副區長特別助理",
        "福田区人民政府副区长特别助理",
    ),
    (
        "Assists a deputy head of the district government on community governance and liaison with"
        " Hong Kong; joins visits to sub-district offices."
    ): (
        "協助區政府副區長處理社區治理及與香港的聯絡工作；參與街道辦事處的探訪。",
        "协助区政府副区长处理社区治理及与香港的联络工作；参与街道办事处的探访。",
    ),
    "Exchange officer (district administration)": (
        "交流人員（地區行政）",
        "交流人员（地区行政）",
    ),
    "Joins the district office's co-ordination of services for enterprises.": (
        "參與區政府辦公室統籌企業服務的工作。",
        "参与区政府办公室统筹企业服务的工作。",
    ),
    "Exchange officer (transport strategy)": (
        "交流人員（交通策略）",
        "交流人员（交通策略）",
    ),
    (
        "Transport planning studies for Futian; connectivity of transport services between "
        "Shenzhen and Hong Kong."
    ): (
        "福田的交通規劃研究；深港兩地交通服務的銜接。",
        "福田的交通规划研究；深港两地交通服务的衔接。",
    ),
    "Exchange officer (urban planning)": (
        "交流人員（城市規劃）",
        "交流人员（城市规划）",
    ),
    "Joins the review of district plans near the Hong Kong boundary.": (
        "參與檢討鄰近香港邊界的分區規劃。",
        "参与检讨邻近香港边界的分区规划。",
    ),
    "Exchange officer (ecological environment)": (
        "交流人員（生態環境）",
        "交流人员（生态环境）",
    ),
    "Regional air and water quality work; the Shenzhen Bay wetlands.": (
        "區域空氣及水質工作；深圳灣濕地。",
        "区域空气及水质工作；深圳湾湿地。",
    ),
    "Exchange officer (science and technology innovation)": (
        "交流人員（科技創新）",
        "交流人员（科技创新）",
    ),
    "Support for technology enterprises and research co-operation with Hong Kong.": (
        "支援科技企業及與香港的科研合作。",
        "支援科技企业及与香港的科研合作。",
    ),
    "Exchange officer (digital government)": (
        "交流人員（數碼政府）",
        "交流人员（数字政府）",
    ),
    "One-stop e-services and data sharing between district bureaux.": (
        "一站式電子服務及區內各局之間的數據共享。",
        "一站式电子服务及区内各局之间的数据共享。",
    ),
    "Exchange officer (infrastructure)": (
        "交流人員（基建）",
        "交流人员（基建）",
    ),
    "Road and infrastructure projects in Qianhai; cross-boundary links.": (
        "前海的道路及基建項目；跨境連接。",
        "前海的道路及基建项目；跨境连接。",
    ),
    "Exchange officer (Shenzhen-Hong Kong co-operation)": (
        "交流人員（深港合作）",
        "交流人员（深港合作）",
    ),
    "Policy research on Shenzhen-Hong Kong co-operation in Qianhai.": (
        "前海深港合作的政策研究。",
        "前海深港合作的政策研究。",
    ),
    "Exchange officer (services for Hong Kong residents and enterprises)": (
        "交流人員（香港居民及企業服務）",
        "交流人员（香港居民及企业服务）",
    ),
    "Services for Hong Kong enterprises and young people in Qianhai.": (
        "為在前海的香港企業及青年提供服務。",
        "为在前海的香港企业及青年提供服务。",
    ),
    "Assistant Secretary (attachment)": (
        "助理秘書長（暫駐）",
        "助理秘书长（暂驻）",
    ),
    "Legislative Council business and a public consultation on road safety.": (
        "立法會事務及道路安全公眾諮詢。",
        "立法会事务及道路安全公众咨询。",
    ),
    "Policy promotion on waste reduction; secretariat of a taskforce.": (
        "減廢政策推廣；專責小組秘書處工作。",
        "减废政策推广；专责小组秘书处工作。",
    ),
    "Legislative Council papers and public engagement on land supply.": (
        "立法會文件及土地供應公眾參與。",
        "立法会文件及土地供应公众参与。",
    ),
    "Seconded specialist officer": (
        "借調專業人員",
        "借调专业人员",
    ),
    "Seconded legal officer": (
        "借調法律人員",
        "借调法律人员",
    ),
    "Seconded policy analyst": (
        "借調政策分析員",
        "借调政策分析员",
    ),
    "Program Director": (
        "項目總監",
        "项目总监",
    ),
    "Associate Economic Affairs Officer": (
        "助理經濟事務幹事",
        "助理经济事务干事",
    ),
    "Associate Legal Officer": (
        "助理法律幹事",
        "助理法律干事",
    ),
    "Associate Programme Management Officer": (
        "助理計劃管理幹事",
        "助理计划管理干事",
    ),
    "Associate Information Systems Officer": (
        "助理資訊系統幹事",
        "助理资讯系统干事",
    ),
    "Associate Programme Officer": (
        "助理計劃幹事",
        "助理计划干事",
    ),
}

# --- Money (decision 0049) -----------------------------------------------------------------
# What each placement costs, in the currency paid where the officer is (by the host's city),
# with the Hong Kong dollar equivalent at a recorded rate. Invented amounts, plausible for
# the places; rates close to the year's HKMA averages (invented to four places).
CURRENCY_BY_CITY = {
    "Shenzhen": "CNY",
    "Guangzhou": "CNY",
    "Geneva": "CHF",
    "New York": "USD",
    "Nairobi": "USD",
    "Vienna": "EUR",
    "Paris": "EUR",
    "Lyon": "EUR",
    "Singapore": "SGD",
    "Hong Kong": "HKD",
}
# HK$ for one unit, by currency and calendar year of the day the cost is incurred.
RATES_TO_HKD = {
    ("CNY", 2023): "1.105200",
    ("CNY", 2024): "1.085800",
    ("CNY", 2025): "1.083500",
    ("CNY", 2026): "1.088000",
    ("USD", 2023): "7.829100",
    ("USD", 2024): "7.812400",
    ("USD", 2025): "7.784600",
    ("USD", 2026): "7.790000",
    ("CHF", 2023): "8.720500",
    ("CHF", 2024): "8.873200",
    ("CHF", 2025): "9.356400",
    ("CHF", 2026): "9.420000",
    ("EUR", 2023): "8.466700",
    ("EUR", 2024): "8.452300",
    ("EUR", 2025): "8.761900",
    ("EUR", 2026): "8.850000",
    ("SGD", 2024): "5.843100",
    ("SGD", 2025): "5.912700",
    ("SGD", 2026): "5.980000",
    ("SGD", 2027): "6.000000",
}
RATE_SOURCE_PLANNED = "HKMA indicative rate on the day planned"
RATE_SOURCE_ACTUAL = "Bank's advice of the remittance"
# By programme code: (category, per month or "once", amount in the local currency). A
# placement's costs are planned for each financial year it runs in (the months in that year
# times the monthly amount; a one-off in its first year), and recorded as actual once that part
# of the placement is over (ACTUAL_FACTORS of the plan). The Mainland exchange's inbound batch
# (Guangdong officers in Hong Kong) is paid in HK$ (COSTS_INBOUND).
COSTS_BY_PROGRAMME = {
    "MAINLAND-EX": [
        ("accommodation", "month", "6500.00"),
        ("subsistence", "month", "3000.00"),
        ("travel", "once", "1200.00"),
        ("insurance", "once", "420.00"),
    ],
    "EPD-MAINLAND-TOURS": [
        ("accommodation", "month", "19500.00"),
        ("subsistence", "month", "9000.00"),
        ("travel", "once", "640.00"),
    ],
    "UN-JPO": [
        ("allowance", "month", "9500.00"),
        ("travel", "once", "3200.00"),
        ("insurance", "month", "160.00"),
    ],
    "INTL-INTERPOL": [
        ("allowance", "month", "5800.00"),
        ("accommodation", "month", "1900.00"),
        ("travel", "once", "1850.00"),
        ("insurance", "month", "120.00"),
    ],
    "INTL-UNCITRAL": [
        ("allowance", "month", "5800.00"),
        ("accommodation", "month", "2100.00"),
        ("travel", "once", "1850.00"),
        ("insurance", "month", "120.00"),
    ],
    "INTL-FATF": [
        ("allowance", "month", "5800.00"),
        ("accommodation", "month", "2600.00"),
        ("travel", "once", "1750.00"),
        ("insurance", "month", "120.00"),
    ],
    "INTL-APEC": [
        ("allowance", "month", "7500.00"),
        ("accommodation", "month", "4200.00"),
        ("travel", "once", "950.00"),
        ("insurance", "month", "150.00"),
    ],
    "SAS": [
        ("other", "once", "1500.00"),
    ],
}
COSTS_INBOUND = [
    ("accommodation", "month", "16000.00"),
    ("subsistence", "month", "5500.00"),
    ("insurance", "once", "480.00"),
]
# What was paid against what was planned, by category (invented).
ACTUAL_FACTORS = {
    "allowance": "1.00",
    "accommodation": "0.97",
    "travel": "1.08",
    "subsistence": "0.95",
    "insurance": "1.00",
    "other": "1.00",
}
# Budgets in HK$ by programme code and financial year (from 1 April): 2024 is 2024-25. One
# cohort budget: the Mainland exchange's first batch, which ran in 2023-24.
BUDGETS = {
    "MAINLAND-EX": {2023: "450000.00", 2024: "200000.00", 2025: "300000.00", 2026: "600000.00"},
    "UN-JPO": {
        2023: "5000000.00",
        2024: "13800000.00",
        2025: "13000000.00",
        2026: "4200000.00",
    },
    "INTL-INTERPOL": {2026: "700000.00"},
    "INTL-UNCITRAL": {2024: "100000.00", 2025: "880000.00", 2026: "850000.00"},
    "INTL-FATF": {2024: "760000.00", 2025: "920000.00", 2026: "170000.00"},
    "INTL-APEC": {2025: "250000.00", 2026: "900000.00"},
    "EPD-MAINLAND-TOURS": {2026: "30000.00"},
    "SAS": {2024: "20000.00", 2025: "20000.00", 2026: "20000.00"},
}
COHORT_BUDGETS = [(GBA_P1B1, 2023, "420000.00")]
# --- Host preferences (issue 19, point 1) ----------------------------------------------------
# The calls that take host preferences, and the units some nominees named, first choice first:
# the open Secretariat Attachment intake (policy bureaux only) and the running inbound batch.
HOST_PREFERENCE_COHORTS = [SAS_OPEN, GBA_P2B1]
HOST_PREFERENCES = [
    (
        SAS_OPEN,
        "DEMO0014",
        [
            ("Environment and Ecology Bureau", "Environment Branch"),
            ("Development Bureau", "Planning and Lands Branch"),
        ],
    ),
    (
        SAS_OPEN,
        "DEMO0015",
        [
            ("Transport and Logistics Bureau", "Transport Division"),
            ("Development Bureau", "Planning and Lands Branch"),
            ("Constitutional and Mainland Affairs Bureau", "Mainland Affairs Division"),
        ],
    ),
    (
        GBA_P2B1,
        "jianguo.liu@gd.demo.example",
        [
            ("Planning Department", "Cross-boundary Infrastructure and Development Section"),
            ("Development Bureau", "Planning and Lands Branch"),
        ],
    ),
    (
        GBA_P2B1,
        "haoran.zheng@gd.demo.example",
        [EPD_CROSS_BOUNDARY, ("Environment and Ecology Bureau", "Environment Branch")],
    ),
]


# After return (issue 19, point 4) -------------------------------------------------------------

# The working languages of the Hong Kong demo officers (participants.Language codes, seeded by
# participants 0012): every officer writes English and Cantonese; many Putonghua too.
OFFICER_LANGUAGES = {
    "DEMO0001": ["en", "yue", "cmn"],
    "DEMO0002": ["en", "yue", "cmn", "fr"],
    "DEMO0003": ["en", "yue", "cmn"],
    "DEMO0004": ["en", "yue"],
    "DEMO0005": ["en", "yue", "cmn", "ja"],
    "DEMO0006": ["en", "yue", "cmn"],
    "DEMO0007": ["en", "yue", "de"],
    "DEMO0008": ["en", "yue", "cmn"],
    "DEMO0009": ["en", "yue", "cmn", "es"],
    "DEMO0010": ["en", "yue", "cmn"],
    "DEMO0011": ["en", "yue", "cmn"],
    "DEMO0012": ["en", "yue", "cmn"],
    "DEMO0013": ["en", "yue", "ko"],
    "DEMO0014": ["en", "yue", "cmn"],
    "DEMO0015": ["en", "yue"],
    "DEMO0016": ["en", "yue", "cmn"],
    "DEMO0017": ["en", "yue", "cmn", "fr"],
    "DEMO0018": ["en", "yue", "fr"],
    "DEMO0019": ["en", "yue", "cmn", "fr"],
    "DEMO0020": ["en", "yue", "cmn", "es"],
    "DEMO0021": ["en", "yue", "fr"],
    "DEMO0022": ["en", "yue", "cmn", "es"],
    "DEMO0023": ["en", "yue", "fr", "ar"],
    "DEMO0024": ["en", "yue", "cmn"],
    "DEMO0025": ["en", "yue", "cmn", "ru"],
    "DEMO0026": ["en", "yue", "cmn", "pt"],
    "DEMO0027": ["en", "yue", "fr"],
    "DEMO0028": ["en", "yue", "cmn", "de"],
    "DEMO0029": ["en", "yue", "cmn"],
    "DEMO0030": ["en", "yue", "ja"],
    "DEMO0031": ["en", "yue", "cmn"],
    "DEMO0032": ["en", "yue", "fr"],
    "DEMO0033": ["en", "yue", "cmn", "fr"],
    "DEMO0034": ["en", "yue", "cmn"],
    "DEMO0035": ["en", "yue", "es"],
    "DEMO0036": ["en", "yue", "cmn"],
    "DEMO0037": ["en", "yue", "cmn", "fr"],
}

# Follow-ups after return of GBA phase 1 batch 1 (back on 17 March 2024): (officer, months,
# what the officer applied, the department's view); None: not submitted. Submitted two weeks
# before the due date. CHAN Ka-wai's (officer.chan, EPD: hr.epd) 12-month follow-up is the one
# still open, and overdue. The officers write in their own words (one text, no Chinese forms).
FOLLOW_UP_SUBMITTED_DAYS_BEFORE_DUE = 14
FOLLOW_UPS = [
    (
        "DEMO0001",
        6,
        "Set up a monthly exchange of community-building practice between two District "
        "Offices and Futian's sub-district offices; briefed the District Councils' secretariat.",
        "Mr Leung led the district's new liaison arrangement with Futian and shared the "
        "grid-management model with three District Offices.",
    ),
    (
        "DEMO0001",
        12,
        "The pilot on joint handling of cross-boundary residents' enquiries is running in "
        "Yuen Long and Tuen Mun, modelled on Futian's one-window service.",
        "The pilot answered 1,200 enquiries in its first six months; the department will extend "
        "it to North District.",
    ),
    (
        "DEMO0002",
        6,
        "Applied Qianhai's land-use review method to two site studies of the Northern "
        "Metropolis; organised a sharing session for forty colleagues.",
        "Ms Wong's knowledge of Mainland planning procedures shortened the liaison on two "
        "cross-boundary projects.",
    ),
    (
        "DEMO0002",
        12,
        "Drafted the bureau's guide to consulting Shenzhen counterparts on boundary-area "
        "projects; remain the bureau's contact for Qianhai.",
        "The guide is in use across the bureau; she was posted to the Northern Metropolis "
        "Co-ordination Office on the strength of the exchange.",
    ),
    (
        "DEMO0005",
        6,
        "Brought back Shenzhen's river chief system: the division now runs a joint patrol plan "
        "with Futian for the Shenzhen River.",
        "Ms Chan's contacts in the Shenzhen bureau made the joint patrol plan possible within "
        "three months.",
    ),
    ("DEMO0005", 12, None, None),
    (
        "DEMO0009",
        6,
        "Used Shenzhen's planning data platform as the model for the division's new GIS "
        "dashboard of development projects.",
        "The dashboard is in daily use by the district planning offices.",
    ),
    (
        "DEMO0009",
        12,
        "Took part in the joint Shenzhen–Hong Kong study of the Lok Ma Chau Loop's "
        "transport links as the department's planner.",
        "Ms Ng is the department's first choice for cross-boundary planning studies.",
    ),
]
# A message CSB wrote to the GBA phase 1 officers before they left (issue 19.6): the briefing,
# in the three languages; each officer's copy is in the outbox, sent.
COHORT_MESSAGE = {
    "cohort": GBA_P1B1,
    "audiences": ("officers",),
    "sent_at": _hkt(2023, 12, 4, 10, 30),
    "subject_en": "Pre-departure briefing on 11 December",
    "body_en": (
        "The pre-departure briefing for the exchange in Futian and Qianhai is on Monday "
        "11 December at 10 a.m. in Room 1201, West Wing, Central Government Offices.\n\n"
        "Please bring your Mainland Travel Permit; the host units' contacts will join by video."
    ),
    "subject_zh_hant": "十二月十一日啟程前簡介會",
    "body_zh_hant": (
        "福田及前海交流計劃的啟程前簡介會於十二月十一日（星期一）上午十時在政府總部西翼 1201 室"
        "舉行。\n\n請帶備港澳居民來往內地通行證；接待單位聯絡人會以視像形式參與。"
    ),
    "subject_zh_hans": "十二月十一日启程前简介会",
    "body_zh_hans": (
        "福田及前海交流计划的启程前简介会于十二月十一日（星期一）上午十时在政府总部西翼 1201 室"
        "举行。\n\n请带备港澳居民来往内地通行证；接待单位联系人会以视像形式参与。"
    ),
}

# Placements' documents (issue 19.2, decision 0056) ----------------------------------------------
# What the GBA exchange's first outbound batch and the Police's INTERPOL secondment require:
# (programme code or cohort key, kind, title in three forms, provider, days from the start,
# only for postings outside Hong Kong). A cohort key sets the cohort's own requirement.
DOCUMENT_REQUIREMENTS = [
    (GBA_P1B1, "passport_copy", ("", "", ""), "officer", -30, True),
    (
        GBA_P1B1,
        "other",
        ("Home Return Permit copy", "回鄉證副本", "回乡证副本"),
        "officer",
        -30,
        True,
    ),
    (GBA_P1B1, "security_clearance", ("", "", ""), "department_hr", -45, False),
    (GBA_P1B1, "acceptance_letter", ("", "", ""), "host", -21, False),
    (GBA_P1B1, "duty_statement", ("", "", ""), "csb", -14, False),
    ("INTL-INTERPOL", "passport_copy", ("", "", ""), "officer", -30, True),
    ("INTL-INTERPOL", "security_clearance", ("", "", ""), "department_hr", -60, False),
    ("INTL-INTERPOL", "duty_statement", ("", "", ""), "host", -14, False),
    ("INTL-INTERPOL", "acceptance_letter", ("", "", ""), "host", -30, False),
]
# The documents uploaded, by officer and kind (the rest are missing: the INTERPOL secondee's
# acceptance letter is overdue, as the placement is under way).
DOCUMENTS_UPLOADED = {
    "DEMO0001": ["passport_copy", "other", "security_clearance", "acceptance_letter"],
    "DEMO0004": ["passport_copy", "security_clearance", "duty_statement"],
    "DEMO0010": ["passport_copy", "other", "security_clearance", "acceptance_letter"],
    "DEMO0017": ["passport_copy", "security_clearance", "duty_statement"],
}

# Check-ins and renewal (decision 0057) ---------------------------------------------------------
# The schedules of reports: the Mainland exchange asks both sides for a mid-point check-in, the
# UN JPO programme a yearly review from both before each anniversary (renewal is decided there).
CHECKIN_SCHEDULES = {
    "MAINLAND-EX": {"midpoint_checkin_writers": "both"},
    "UN-JPO": {"initial_checkin_writers": "participant", "yearly_review_writers": "both"},
}
# On the running GBA batch: the officer's mid-point check-in submitted, the host's still open.
GBA_MIDPOINT = {
    "officer": "jianguo.liu@gd.demo.example",
    "summary": (
        "Half-way through: settled in the section, taking part in the Northern Metropolis "
        "planning studies and the weekly cross-boundary coordination meetings."
    ),
    "experience_gained": "How Hong Kong consults the public on statutory plans.",
}
# A renewed JPO (invented): appointed for one year, its first yearly review submitted by both,
# CSB decided to renew for a second year, and the extension was approved as an amendment.
RENEWED_JPO = {
    "cohort": JPO_B2,
    "officer": "DEMO0029",
    "first_year_end": D(2025, 9, 1),
    "months": 12,
    "review": (
        "A productive first year on the housing and land-management programme; took part in "
        "two country profiles and the regional forum.",
        "Ms Lui has become a reliable member of the team; we ask for a second year.",
    ),
    "reason": (
        "Strong first yearly review; the host division asks for a second year, as the JPO "
        "programme provides."
    ),
    "amendment_reason": "Renewal for the second year of the JPO appointment.",
}
