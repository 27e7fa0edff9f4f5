import Foundation

/// A day on the Gregorian calendar without a time or a time zone: birth dates, death
/// dates, enrolment dates. Written `YYYY-MM-DD`; ordered by day.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Nil when the parts do not name a real day (2023-02-29, month 13, year 0).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Self.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` (also `YYYY/MM/DD`, `YYYY.MM.DD` and `YYYYMMDD`, which spreadsheets produce).
    public init?(_ text: String) {
        // The stored form, YYYY-MM-DD, read straight from its bytes: the register reads
        // hundreds of thousands of dates in a monthly run.
        if text.utf8.count == 10, let stored = Self.stored(text) {
            self = stored
            return
        }
        let trimmed = text.trimmingSpaces
        let digits = trimmed.filter(\.isASCIIDigit)
        let parts: [Substring]
        if digits.count == trimmed.count, digits.count == 8 {
            parts = [digits.prefix(4), digits.dropFirst(4).prefix(2), digits.suffix(2)].map { Substring($0) }
        } else {
            parts = trimmed.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." })
        }
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
            parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    static func stored(_ text: String) -> CalendarDate? {
        guard text.utf8.count == 10 else { return nil }
        var digits: [Int] = []
        digits.reserveCapacity(8)
        for (i, byte) in text.utf8.enumerated() {
            if i == 4 || i == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
            } else {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                digits.append(Int(byte - UInt8(ascii: "0")))
            }
        }
        let y = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3]
        return CalendarDate(year: y, month: digits[4] * 10 + digits[5], day: digits[6] * 10 + digits[7])
    }

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public var description: String {
        let y = String(year)
        let m = String(month)
        let d = String(day)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + (m.count == 1 ? "0" + m : m) + "-" + (d.count == 1 ? "0" + d : d)
    }

    public static func < (a: Self, b: Self) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    /// 周岁: whole years completed on `date`. Someone born on 29 February turns a year older on 1 March in common years.
    public func age(on date: CalendarDate) -> Int {
        var years = date.year - year
        if (date.month, date.day) < (month, day) { years -= 1 }
        return years
    }

    /// The day this date's person turns `years` old (29 February moves to 1 March in common years).
    public func anniversary(_ years: Int) -> CalendarDate {
        let y = year + years
        return CalendarDate(year: y, month: month, day: day) ?? CalendarDate(year: y, month: 3, day: 1)!
    }

    /// The latest birth date of someone who is at least `years` old on this date.
    public func latestBirthDate(forAge years: Int) -> CalendarDate {
        CalendarDate(year: year - years, month: month, day: day)
            ?? CalendarDate(year: year - years, month: 2, day: 28)!
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CalendarDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date (YYYY-MM-DD): \(text)"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension StringProtocol {
    /// Without leading and trailing spaces, tabs, newlines and full-width spaces (U+3000), which pasted Chinese text often carries.
    /// Works on Unicode scalars from both ends, so a cell without spaces (nearly all of an
    /// import file) costs two scalar checks rather than a walk over its characters.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        func isSpace(_ s: Unicode.Scalar) -> Bool {
            s.isASCII ? (s == " " || (0x09...0x0D).contains(s.value)) : (s.properties.isWhitespace || s.value == 0x3000)
        }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }), let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        if first == scalars.startIndex, scalars.index(after: last) == scalars.endIndex { return String(self) }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}

extension CalendarDate {
    /// China has one time zone; dates of record (birth, death, enrolment) are in it.
    public static let chinaTimeZone = TimeZone(identifier: "Asia/Shanghai")!

    /// The calendar day of an instant in a time zone.
    public init(_ instant: Date, in zone: TimeZone = CalendarDate.chinaTimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        self.init(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    public static func today(in zone: TimeZone = CalendarDate.chinaTimeZone) -> CalendarDate { CalendarDate(Date(), in: zone) }

    /// The first instant of this day in China (UTC+8 all year).
    public var startOfDay: Date { Date(timeIntervalSince1970: Double(dayNumber) * 86_400 - 8 * 3_600) }
}

extension CalendarDate {
    /// Days since 1970-01-01 (negative before), by the civil-from-days algorithm.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(dayNumber: Int) {
        let z = dayNumber + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)!
    }

    public func addingDays(_ n: Int) -> CalendarDate { CalendarDate(dayNumber: dayNumber + n) }

    /// The Monday of this date's week (1970-01-01, day 0, was a Thursday).
    public var monday: CalendarDate { addingDays(-((dayNumber % 7 + 7 + 3) % 7)) }

    /// The same day `n` years later (or earlier); 29 February becomes 28 February in common years.
    public func addingYears(_ n: Int) -> CalendarDate {
        CalendarDate(year: year + n, month: month, day: day) ?? CalendarDate(year: year + n, month: 2, day: 28)!
    }

    /// The same day `n` months later (or earlier), or the month's last day when it is shorter (31 January + 1 → 28/29 February).
    public func addingMonths(_ n: Int) -> CalendarDate {
        let index = year * 12 + (month - 1) + n
        let (y, m) = (index / 12, index % 12 + 1)
        var d = day
        while CalendarDate(year: y, month: m, day: d) == nil { d -= 1 }
        return CalendarDate(year: y, month: m, day: d)!
    }
}
