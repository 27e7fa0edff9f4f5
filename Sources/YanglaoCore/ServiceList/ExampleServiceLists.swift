/// Example lists for the demo city and one of its counties. The national list's items are
/// known only in outline (standards.md §5) and no Henan, 濮阳 or 许昌 list was at hand: every
/// amount and frequency here is an EXAMPLE VALUE, to be replaced by the published list.
public enum ExampleServiceLists {
    public static let label = "示例清单（金额与频次为示例值，须按本地正式发布的清单替换）"

    public static let city: [ServiceListItem] = cityItems.map(withRule)

    /// The county raises two standards and adds an item of its own.
    public static let county: [ServiceListItem] = countyItems.map(withRule)

    /// Who each example item is for. Everyone must be in the register (alive, living here).
    public static let rules: [String: EligibilityCondition] = {
        let poor: [ElderCategory] = [.extremePoverty, .minimumLiving, .lowIncome]
        func registered(_ conditions: EligibilityCondition...) -> EligibilityCondition { .all([.inRegister] + conditions) }
        return [
            "extreme_poverty_support": registered(.category(.extremePoverty)),
            "minimum_living_allowance": registered(.category(.minimumLiving)),
            "advanced_age_allowance": registered(.localHousehold, .ageAtLeast(80)),
            "poverty_service_subsidy": registered(.anyCategory([.extremePoverty, .minimumLiving])),
            "disability_care_subsidy": registered(.anyCategory(poor), .abilityAtLeast(.severe)),
            "ability_assessment": registered(),
            "priority_public_admission": registered(
                .anyCategory(poor), .any([.abilityAtLeast(.moderate), .ageAtLeast(80), .category(.livingAlone)])),
            "home_care_visits": registered(.anyCategory(poor), .abilityAtLeast(.moderate)),
            "caring_visits": registered(.anyCategory([.livingAlone, .emptyNest, .leftBehind, .disabled, .severeDisability, .familyPlanningSpecial])),
            "health_checkup": registered(.ageAtLeast(65)),
            "meal_assistance": registered(.localHousehold, .ageAtLeast(70)),
        ]
    }()

    static func withRule(_ item: ServiceListItem) -> ServiceListItem {
        var item = item
        item.eligibility = rules[item.code]
        return item
    }

    static let cityItems: [ServiceListItem] = [
        ServiceListItem(
            code: "extreme_poverty_support", category: .materialAid, name: "特困人员供养",
            targetGroup: "特困人员（无劳动能力、无生活来源、无法定赡养扶养义务人的老年人）",
            content: "提供基本生活条件，对生活不能自理的给予照料，提供疾病治疗，办理丧葬事宜",
            standard: .yuan(700, per: .month, note: "基本生活标准，示例值"), payer: "县级财政", leadDepartment: "民政部门"),
        ServiceListItem(
            code: "minimum_living_allowance", category: .materialAid, name: "最低生活保障",
            targetGroup: "符合条件的最低生活保障家庭中的老年人",
            content: "按月发放最低生活保障金", standard: .yuan(450, per: .month, note: "保障标准，示例值"),
            payer: "各级财政", leadDepartment: "民政部门"),
        ServiceListItem(
            code: "advanced_age_allowance", category: .materialAid, name: "高龄津贴",
            targetGroup: "具有本地户籍的80周岁及以上老年人",
            content: "按年龄段按月发放高龄津贴", standard: .yuan(50, per: .month, note: "80–89周岁，示例值；90–99周岁、100周岁及以上另定"),
            payer: "市、县级财政", leadDepartment: "民政部门"),
        ServiceListItem(
            code: "poverty_service_subsidy", category: .materialAid, name: "经济困难老年人养老服务补贴",
            targetGroup: "低保、特困家庭中的老年人", content: "按月发放养老服务补贴，可用于购买居家上门服务",
            standard: .yuan(100, per: .month, note: "示例值"), payer: "市、县级财政", leadDepartment: "民政部门"),
        ServiceListItem(
            code: "disability_care_subsidy", category: .materialAid, name: "失能老年人护理补贴",
            targetGroup: "经能力评估为重度、完全失能的经济困难老年人", content: "按月发放护理补贴",
            standard: .yuan(150, per: .month, note: "示例值"), payer: "市、县级财政", leadDepartment: "民政部门"),
        ServiceListItem(
            code: "ability_assessment", category: .care, name: "老年人能力综合评估",
            targetGroup: "有需求的老年人", content: "按 GB/T 42195-2022 免费开展能力评估，结果全市互认",
            standard: .times(1, per: .year, note: "每年不少于一次，状况变化时即时评估"), payer: "县级财政", leadDepartment: "民政部门"),
        ServiceListItem(
            code: "priority_public_admission", category: .care, name: "公办养老机构优先入住",
            targetGroup: "经济困难的失能、高龄、无人照顾老年人", content: "在公办养老机构优先安排入住",
            standard: .described("有需求即优先安排"), payer: "县级财政", leadDepartment: "民政部门"),
        ServiceListItem(
            code: "home_care_visits", category: .care, name: "居家上门照护服务",
            targetGroup: "经济困难的失能老年人", content: "提供助餐、助洁、助浴、助医等上门服务",
            standard: .times(4, per: .month, note: "示例值"), payer: "市、县级财政", leadDepartment: "民政部门"),
        ServiceListItem(
            code: "caring_visits", category: .concern, name: "探访关爱",
            targetGroup: "独居、空巢、留守、失能、重残、计划生育特殊家庭老年人", content: "上门或电话探访，了解需求并及时处置",
            standard: .times(1, per: .month, note: "每月至少一次，示例值"), payer: "县级财政", leadDepartment: "民政部门"),
        ServiceListItem(
            code: "health_checkup", category: .concern, name: "老年人健康管理",
            targetGroup: "65周岁及以上常住老年人", content: "提供生活方式和健康状况评估、体格检查、辅助检查和健康指导",
            standard: .times(1, per: .year), payer: "基本公共卫生服务经费", leadDepartment: "卫生健康部门"),
    ]

    static let countyItems: [ServiceListItem] =
        cityItems.map { item in
            var item = item
            switch item.code {
            case "advanced_age_allowance": item.standard = .yuan(60, per: .month, note: "80–89周岁，示例值；高于市级标准")
            case "caring_visits": item.standard = .times(2, per: .month, note: "每月两次，示例值")
            default: break
            }
            return item
        } + [
            ServiceListItem(
                code: "meal_assistance", category: .care, name: "老年助餐",
                targetGroup: "本地户籍70周岁及以上老年人", content: "在老年食堂、助餐点就餐给予餐费补助",
                standard: .yuan(3, per: .day, note: "每餐补助，示例值"), payer: "县级财政", leadDepartment: "民政部门")
        ]
}
