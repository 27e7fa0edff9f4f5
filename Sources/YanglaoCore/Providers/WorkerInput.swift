/// 服务人员 as a provider registers them: skills within what the provider offers, a
/// certificate level, a home base, working hours and how many orders they take at once.
public struct WorkerInput: Sendable, Hashable, Codable {
    public var name: String
    public var phone: String
    public var skills: [String]
    /// 养老护理员 职业技能等级: 0 none, 1 五级/初级工 … 5 一级/高级技师.
    public var certificateLevel: Int
    public var latitude: Double
    public var longitude: Double
    /// "08:00"
    public var workStart: String
    /// "18:00"
    public var workEnd: String
    public var capacity: Int

    public init(
        name: String, phone: String, skills: [String], certificateLevel: Int, latitude: Double, longitude: Double,
        workStart: String = "08:00", workEnd: String = "18:00", capacity: Int = 4
    ) {
        self.name = name
        self.phone = phone
        self.skills = skills
        self.certificateLevel = certificateLevel
        self.latitude = latitude
        self.longitude = longitude
        self.workStart = workStart
        self.workEnd = workEnd
        self.capacity = capacity
    }

    public static let certificateNames = ["无证书", "五级/初级工", "四级/中级工", "三级/高级工", "二级/技师", "一级/高级技师"]

    /// Minutes after midnight of "HH:MM", or nil.
    public static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
            (0...23).contains(h), (0...59).contains(m)
        else { return nil }
        return h * 60 + m
    }

    /// Every problem, each naming its field; `offered` are the provider's service types. An
    /// edit may leave the phone empty (`phoneOptional`): the number on file stays.
    public func problems(offered: [String], phoneOptional: Bool = false) -> [AppError] {
        var problems: [AppError] = []
        if name.trimmingSpaces.isEmpty || name.count > 40 { problems.append(AppError(.invalidInput, "required", field: "name")) }
        if !(phoneOptional && phone.trimmingSpaces.isEmpty) {
            do { _ = try PhoneNumber(phone) } catch { problems.append(AppError(.invalidInput, "phone_invalid", field: "phone", ["value": phone])) }
        }
        if skills.isEmpty { problems.append(AppError(.invalidInput, "required", field: "skills")) }
        for skill in skills where !offered.contains(skill) {
            problems.append(AppError(.invalidInput, "worker_skill_not_offered", field: "skills", ["code": skill]))
        }
        if !(0..<Self.certificateNames.count).contains(certificateLevel) {
            problems.append(
                AppError(
                    .invalidInput, "out_of_range", field: "certificateLevel", ["minimum": "0", "maximum": String(Self.certificateNames.count - 1)]))
        }
        if !GeoPoint(latitude: latitude, longitude: longitude).isValid {
            problems.append(AppError(.invalidInput, "out_of_range", field: "latitude", ["minimum": "-90", "maximum": "90"]))
        }
        let start = Self.minutes(workStart)
        let end = Self.minutes(workEnd)
        if start == nil { problems.append(AppError(.invalidInput, "worker_hours_invalid", field: "workStart", ["value": workStart])) }
        if end == nil { problems.append(AppError(.invalidInput, "worker_hours_invalid", field: "workEnd", ["value": workEnd])) }
        if let start, let end, end <= start {
            problems.append(AppError(.invalidInput, "worker_hours_order", field: "workEnd", ["start": workStart, "end": workEnd]))
        }
        if !(1...20).contains(capacity) {
            problems.append(AppError(.invalidInput, "out_of_range", field: "capacity", ["minimum": "1", "maximum": "20"]))
        }
        return problems
    }
}
