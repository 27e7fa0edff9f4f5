// The 26 items of GB/T 42195-2022 Annex B, worded as ../shared/reference/standards.md §1.3
// gives them. Where that file abbreviates an option with "…" (B.3.9, B.4.3) the full text
// is the one three independent public transcriptions of Annex B agree on.

extension AbilityScale {
    /// 标准协助选项: the five-step assistance scale many items share.
    static let assistanceScale: [AssessmentOption] = [
        .init(4, "独立完成，不需要协助"),
        .init(3, "在他人指导或提示下完成"),
        .init(2, "需要他人协助，但以自身完成为主"),
        .init(1, "主要依靠他人协助，自身能给予配合"),
        .init(0, "完全依赖他人协助，且不能给予配合"),
    ]

    static let gbt42195Items: [AssessmentItem] = selfCareItems + basicMobilityItems + mentalStateItems + perceptionAndSocialItems

    /// B.1 自理能力 (max 32).
    static let selfCareItems: [AssessmentItem] = [
        AssessmentItem(
            code: "B.1.1", dimension: .selfCare, chineseName: "进食", englishName: "Eating",
            definition: "使用适当的器具将食物送入口中并咽下",
            options: [
                .init(4, "独立使用器具将食物送进口中并咽下，没有呛咳"),
                .init(3, "在他人指导或提示下完成，或独立使用辅具，没有呛咳"),
                .init(2, "进食中至少需要少量接触式协助，偶尔（每月一次及以上）呛咳"),
                .init(1, "在进食中需要大量接触式协助，经常（每周一次及以上）呛咳"),
                .init(0, "完全依赖他人协助进食，或吞咽困难，或留置营养管"),
            ]),
        AssessmentItem(
            code: "B.1.2", dimension: .selfCare, chineseName: "修饰", englishName: "Grooming",
            definition: "洗脸、刷牙、梳头、刮脸、剪指（趾）甲等", options: assistanceScale),
        AssessmentItem(
            code: "B.1.3", dimension: .selfCare, chineseName: "洗澡", englishName: "Bathing",
            definition: "清洗和擦干身体", options: assistanceScale),
        AssessmentItem(
            code: "B.1.4", dimension: .selfCare, chineseName: "穿/脱上衣", englishName: "Dressing the upper body",
            definition: "穿/脱上身衣服、系扣、拉拉链等", options: assistanceScale),
        AssessmentItem(
            code: "B.1.5", dimension: .selfCare, chineseName: "穿/脱裤子和鞋袜", englishName: "Dressing the lower body, shoes and socks",
            definition: "穿/脱裤子、鞋袜等", options: assistanceScale),
        AssessmentItem(
            code: "B.1.6", dimension: .selfCare, chineseName: "小便控制", englishName: "Bladder control",
            definition: "控制和排出尿液的能力",
            options: [
                .init(4, "可自行控制排尿，排尿次数、排尿控制均正常"),
                .init(3, "白天可自行控制排尿次数，夜间出现排尿次数增多、排尿控制较差，或自行使用尿布、尿垫等辅助用物"),
                .init(2, "白天大部分时间可自行控制排尿，偶出现（每天<1次，但每周>1次）尿失禁，夜间控制排尿较差，或他人少量协助使用尿布、尿垫等辅助用物"),
                .init(1, "白天大部分时间不能控制排尿（每天≥1次，但尚非完全失控），夜间出现尿失禁，或他人大量协助使用尿布、尿垫等辅助用物"),
                .init(0, "小便失禁，完全不能控制排尿，或留置导尿管"),
            ]),
        AssessmentItem(
            code: "B.1.7", dimension: .selfCare, chineseName: "大便控制", englishName: "Bowel control",
            definition: "控制和排出粪便的能力",
            options: [
                .init(4, "可正常自行控制大便排出"),
                .init(3, "有时出现（每周<1次）便秘或大便失禁，或自行使用开塞露、尿垫等辅助用物"),
                .init(2, "经常出现（每天<1次，但每周>1次）便秘或大便失禁，或他人少量协助使用开塞露、尿垫等辅助用物"),
                .init(1, "大部分时间均出现（每天≥1次）便秘或大便失禁，但尚非完全失控，或他人大量协助使用开塞露、尿垫等辅助用物"),
                .init(0, "严重便秘或者完全大便失禁，需要依赖他人协助排便或清洁皮肤"),
            ]),
        AssessmentItem(
            code: "B.1.8", dimension: .selfCare, chineseName: "如厕", englishName: "Toileting",
            definition: "上厕所排泄大小便，并清洁身体",
            note: "评估中强调排泄前解开裤子、完成排泄后清洁身体、穿上裤子", options: assistanceScale),
    ]

    /// B.2 基础运动能力 (max 15).
    static let basicMobilityItems: [AssessmentItem] = [
        AssessmentItem(
            code: "B.2.1", dimension: .basicMobility, chineseName: "床上体位转移", englishName: "Moving in bed",
            definition: "卧床翻身及坐起躺下", options: assistanceScale),
        AssessmentItem(
            code: "B.2.2", dimension: .basicMobility, chineseName: "床椅转移", englishName: "Bed–chair transfer",
            definition: "从坐位到站位，再从站位到坐位的转换过程", options: assistanceScale),
        AssessmentItem(
            code: "B.2.3", dimension: .basicMobility, chineseName: "平地行走", englishName: "Walking on level ground",
            definition: "双脚交互的方式在地面行动，总是一只脚在前",
            note: "包括他人辅助和使用辅具的步行",
            options: [
                .init(4, "独立平地行走50m左右，不需要协助，无摔倒风险"),
                .init(3, "能平地行走50m左右，存在摔倒风险，需要他人监护或指导，或使用拐杖、助行器等辅助工具"),
                .init(2, "在步行时需要他人少量扶持协助"),
                .init(1, "在步行时需要他人大量扶持协助"),
                .init(0, "完全不能步行"),
            ]),
        AssessmentItem(
            code: "B.2.4", dimension: .basicMobility, chineseName: "上下楼梯", englishName: "Climbing stairs",
            definition: "双脚交替完成楼梯台阶连续的上下移动",
            options: [
                .init(3, "可独立上下楼梯（连续上下10个~15个台阶），不需要协助"),
                .init(2, "在他人指导或提示下完成"),
                .init(1, "需要他人协助，但以自身完成为主"),
                .init(0, "主要依靠他人协助，自身能给予配合；或者完全依赖他人协助，且不能给予配合"),
            ]),
    ]

    /// B.3 精神状态 (max 28).
    static let mentalStateItems: [AssessmentItem] = [
        AssessmentItem(
            code: "B.3.1", dimension: .mentalState, chineseName: "时间定向", englishName: "Orientation to time",
            definition: "知道并确认时间的能力",
            options: [
                .init(4, "时间观念（年、月）清楚，日期（或星期几）可相差一天"),
                .init(3, "时间观念有些下降，年、月、日（或星期几）不能全部分清（相差两天或以上）"),
                .init(2, "时间观念较差，年、月、日不清楚，可知上半年或下半年或季节"),
                .init(1, "时间观念很差，年、月、日不清楚，可知上午、下午或白天、夜间"),
                .init(0, "无时间观念"),
            ]),
        AssessmentItem(
            code: "B.3.2", dimension: .mentalState, chineseName: "空间定向", englishName: "Orientation to place",
            definition: "知道并确认空间的能力",
            options: [
                .init(4, "能在日常生活范围内单独外出，如在日常居住小区内独自外出购物等"),
                .init(3, "不能单独外出，但能准确知道自己日常生活所在地的地址信息"),
                .init(2, "不能单独外出，但知道较多有关自己日常生活的地址信息"),
                .init(1, "不能单独外出，但知道较少自己居住或生活所在地的地址信息"),
                .init(0, "不能单独外出，无空间观念"),
            ]),
        AssessmentItem(
            code: "B.3.3", dimension: .mentalState, chineseName: "人物定向", englishName: "Orientation to people",
            definition: "知道并确认人物的能力",
            options: [
                .init(4, "认识长期共同一起生活的人，能称呼并知道关系"),
                .init(3, "能认识大部分共同生活居住的人，能称呼或知道关系"),
                .init(2, "能认识部分日常同住的亲人或照护者等，能称呼或知道关系等"),
                .init(1, "只认识自己或极少数日常同住的亲人或照护者等"),
                .init(0, "不认识任何人（包括自己）"),
            ]),
        AssessmentItem(
            code: "B.3.4", dimension: .mentalState, chineseName: "记忆", englishName: "Memory",
            definition: "短时、近期和远期记忆能力",
            options: [
                .init(4, "总是能保持与社会、年龄所适应的记忆能力，能完整的回忆"),
                .init(3, "出现轻度的记忆紊乱或回忆不能（不能回忆即时信息，3个词语经过5分钟后仅能回忆0个~1个）"),
                .init(2, "出现中度的记忆紊乱或回忆不能（不能回忆近期记忆，不记得上一顿饭吃了什么）"),
                .init(1, "出现重度的记忆紊乱或回忆不能（不能回忆远期记忆，不记得自己老朋友）"),
                .init(0, "记忆完全紊乱或者完全不能对既往事物进行正确的回忆"),
            ]),
        AssessmentItem(
            code: "B.3.5", dimension: .mentalState, chineseName: "理解能力", englishName: "Understanding",
            definition: "理解语言信息和非语言信息的能力（可借助平时使用助听设备等），即理解别人的话",
            options: [
                .init(4, "能正常理解他人的话"),
                .init(3, "能理解他人的话，但需要增加时间"),
                .init(2, "理解有困难，需频繁重复或简化口头表达"),
                .init(1, "理解有严重困难，需要大量他人帮助"),
                .init(0, "完全不能理解他人的话"),
            ]),
        AssessmentItem(
            code: "B.3.6", dimension: .mentalState, chineseName: "表达能力", englishName: "Expression",
            definition: "表达信息能力，包括口头的和非口头的，即表达自己的想法",
            options: [
                .init(4, "能正常表达自己的想法"),
                .init(3, "能表达自己的需要，但需要增加时间"),
                .init(2, "表达需要有困难，需频繁重复或简化口头表达"),
                .init(1, "表达有严重困难，需要大量他人帮助"),
                .init(0, "完全不能表达需要"),
            ]),
        AssessmentItem(
            code: "B.3.7", dimension: .mentalState, chineseName: "攻击行为", englishName: "Aggressive behaviour",
            definition: "身体攻击行为（如打/踢/推/咬/抓/摔东西）和语言攻击行为（如骂人、语言威胁、尖叫）",
            note: "长期的行为状态",
            options: [
                .init(1, "未出现"),
                .init(0, "近一个月内出现过攻击行为"),
            ]),
        AssessmentItem(
            code: "B.3.8", dimension: .mentalState, chineseName: "抑郁症状", englishName: "Depressive symptoms",
            definition: "存在情绪低落、兴趣减退、活力减退等症状，甚至出现妄想、幻觉、自杀念头或自杀行为",
            note: "长期的负性情绪",
            options: [
                .init(1, "未出现"),
                .init(0, "近一个月内出现过负性情绪"),
            ]),
        // The standard's note under B.3.9 ("处于昏迷状态者，直接评定为重度失能") contradicts C.4
        // and is left out; coma is a fact of its own (A.5.11), see LevelChangeFacts.
        AssessmentItem(
            code: "B.3.9", dimension: .mentalState, chineseName: "意识水平", englishName: "Level of consciousness",
            definition: "机体对自身和周围环境的刺激做出应答反应的能力程度，包括清醒和持续的觉醒状态",
            options: [
                .init(2, "神志清醒，对周围环境能做出正确反应"),
                .init(1, "嗜睡，表现为睡眠状态过度延长。当呼唤或推动老年人的肢体时可唤醒，并能进行正确的交谈或执行指令，停止刺激后又继续入睡；意识模糊，注意力涣散，对外界刺激不能清晰的认识，空间和时间定向力障碍，理解力迟钝，记忆力模糊和不连贯"),
                .init(0, "昏睡，一般的外界刺激不能使其觉醒，给予较强烈的刺激时可有短时的意识清醒，醒后可简短回答提问，当刺激减弱后又很快进入睡眠状态；或者昏迷：意识丧失，随意运动丧失，对一般刺激全无反应"),
            ]),
    ]

    /// B.4 感知觉与社会参与 (max 15).
    static let perceptionAndSocialItems: [AssessmentItem] = [
        AssessmentItem(
            code: "B.4.1", dimension: .perceptionAndSocial, chineseName: "视力", englishName: "Vision",
            definition: "感受存在的光线并感受物体的大小、形状的能力。在个体的最好矫正视力下进行评估",
            options: [
                .init(2, "视力正常"),
                .init(1, "能看清楚大字体，但看不清书报上的标准字体；视力有限，看不清报纸大标题，但能辨认物体"),
                .init(0, "只能看到光、颜色和形状；完全失明"),
            ]),
        AssessmentItem(
            code: "B.4.2", dimension: .perceptionAndSocial, chineseName: "听力", englishName: "Hearing",
            definition: "能辨别声音的方位、音调、音量和音质的有关能力（可借助平时使用助听设备等）",
            options: [
                .init(2, "听力正常"),
                .init(1, "在轻声说话或说话距离超过两米时听不清；正常交流有些困难，需要在安静的环境或大声说话才能听到"),
                .init(0, "讲话者大声说话或说话很慢，才能部分听见；完全失聪"),
            ]),
        AssessmentItem(
            code: "B.4.3", dimension: .perceptionAndSocial, chineseName: "执行日常事务", englishName: "Managing daily affairs",
            definition: "计划、安排并完成日常事务，包括但不限于洗衣服、小金额购物、服药管理",
            options: [
                .init(4, "能完全独立计划、安排和完成日常事务，无需协助"),
                .init(3, "在计划、安排和完成日常事务时需要他人监护或指导"),
                .init(2, "在计划、安排和完成日常事务时需要少量协助"),
                .init(1, "在计划、安排和完成日常事务时需要大量协助"),
                .init(0, "完全依赖他人进行日常事务"),
            ]),
        AssessmentItem(
            code: "B.4.4", dimension: .perceptionAndSocial, chineseName: "使用交通工具外出", englishName: "Going out by transport",
            definition: nil,
            options: [
                .init(3, "能自己骑车或搭乘公共交通工具外出"),
                .init(2, "能自己搭乘出租车，但不会搭乘其他公共交通工具外出"),
                .init(1, "当有人协助或陪伴，可搭乘公共交通工具外出"),
                .init(0, "只能在他人协助下搭乘出租车或私家车外出；完全不能出门，或者外出完全需要协助"),
            ]),
        AssessmentItem(
            code: "B.4.5", dimension: .perceptionAndSocial, chineseName: "社会交往能力", englishName: "Social interaction",
            definition: nil,
            options: [
                .init(4, "参与社会，在社会环境有一定的适应能力，待人接物恰当"),
                .init(3, "能适应单纯环境，主动接触他人，初见面时难让人发现智力问题，不能理解隐喻语"),
                .init(2, "脱离社会，可被动接触，不会主动待人，谈话中很多不适词句，容易上当受骗"),
                .init(1, "勉强可与他人接触，谈吐内容不清楚，表情不恰当"),
                .init(0, "不能与人交往"),
            ]),
    ]
}
