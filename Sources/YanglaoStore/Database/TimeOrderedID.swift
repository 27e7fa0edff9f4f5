import Foundation

extension UUID {
    /// A version 7 UUID: 48 bits of Unix milliseconds, then random bits. Rows created in
    /// bulk get ids that sort in creation order, so primary-key and foreign-key indexes
    /// grow at their end instead of at random places (which thrashes large SQLite files).
    static func timeOrdered(at date: Date = Date()) -> UUID {
        var ids = TimeOrderedIDs(at: date)
        return ids.next()
    }
}

/// Version 7 UUIDs for a batch of rows made at one moment: the time prefix and a random
/// start drawn once, then counted up, so the ids of a batch are unique, strictly
/// increasing (rows land at the end of every index on them) and cost no random draw each.
struct TimeOrderedIDs {
    private var high: UInt64
    private var low: UInt64

    init(at date: Date = Date()) {
        let millis = UInt64(max(0, date.timeIntervalSince1970 * 1000)) & 0xFFFF_FFFF_FFFF
        var rng = SystemRandomNumberGenerator()
        // 16 random bits after the time (12 of them kept by the version nibble) and 62 in the low word.
        high = millis << 16 | UInt64(UInt16.random(in: 0...UInt16.max, using: &rng))
        // The top bits of the low word start clear so counting up does not carry into the variant bits soon.
        low = UInt64.random(in: 0...UInt64.max, using: &rng) >> 4
    }

    /// A generator for the next `count` ids (handed to one batch), skipping them here, so
    /// batches made side by side still get ids in batch order.
    mutating func reserve(_ count: Int) -> TimeOrderedIDs {
        let batch = self
        for _ in 0..<count { step() }
        return batch
    }

    private mutating func step() {
        low &+= 1
        if low > 0x3FFF_FFFF_FFFF_FFFF {
            low = 0
            high &+= 1
        }
    }

    mutating func next() -> UUID {
        step()
        let h = (high & 0xFFFF_FFFF_FFFF_0FFF) | 0x7000  // version 7
        let l = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000  // RFC 9562 variant
        return UUID(
            uuid: (
                UInt8(truncatingIfNeeded: h >> 56), UInt8(truncatingIfNeeded: h >> 48), UInt8(truncatingIfNeeded: h >> 40),
                UInt8(truncatingIfNeeded: h >> 32), UInt8(truncatingIfNeeded: h >> 24), UInt8(truncatingIfNeeded: h >> 16),
                UInt8(truncatingIfNeeded: h >> 8), UInt8(truncatingIfNeeded: h),
                UInt8(truncatingIfNeeded: l >> 56), UInt8(truncatingIfNeeded: l >> 48), UInt8(truncatingIfNeeded: l >> 40),
                UInt8(truncatingIfNeeded: l >> 32), UInt8(truncatingIfNeeded: l >> 24), UInt8(truncatingIfNeeded: l >> 16),
                UInt8(truncatingIfNeeded: l >> 8), UInt8(truncatingIfNeeded: l)
            ))
    }
}
