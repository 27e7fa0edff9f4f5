import Crypto
import Foundation

/// Encryption at rest of personal numbers (ID and phone numbers): AES-GCM for the value,
/// and a keyed hash (HMAC-SHA256) for exact lookup and uniqueness, so the database never
/// holds a number in clear text and a copy of it cannot be searched by number without the key.
/// Both keys are derived from one 32-byte data key (HKDF), which lives outside the database.
public struct DataProtection: Sendable {
    /// SymmetricKey is immutable after creation but not marked Sendable in swift-crypto 3.
    fileprivate struct Key: @unchecked Sendable { let key: SymmetricKey }
    private let sealing: Key
    private var sealingKey: SymmetricKey { sealing.key }
    /// HMAC state after absorbing the key; copied per hash (copy-on-write) instead of
    /// deriving the padded keys again for each of an import's millions of numbers.
    private let lookupStart: LookupState
    private struct LookupState: @unchecked Sendable { let hmac: HMAC<SHA256> }
    /// Identifies the data key without revealing it; stored in the database to catch a wrong key.
    public let keyCheck: String

    static let version = "v1"

    public init(dataKey: SymmetricKey) {
        func derive(_ label: String) -> SymmetricKey {
            HKDF<SHA256>.deriveKey(inputKeyMaterial: dataKey, salt: Data("yanglao".utf8), info: Data(label.utf8), outputByteCount: 32)
        }
        sealing = Key(key: derive("personal-data-encryption"))
        lookupStart = LookupState(hmac: HMAC<SHA256>(key: derive("personal-data-lookup")))
        keyCheck = Data(HMAC<SHA256>.authenticationCode(for: Data("key-check".utf8), using: derive("key-check"))).hexString
    }

    /// A key that lives as long as the process (in-memory databases, tests).
    public static func ephemeral() -> DataProtection { DataProtection(dataKey: SymmetricKey(size: .bits256)) }

    /// The key of a database location, from the environment or its key file (see `DataKeySource`).
    public static func load(for location: DatabaseLocation) throws -> (protection: DataProtection, origin: String) {
        let (key, origin) = try DataKeySource.load(for: location)
        return (DataProtection(dataKey: key), origin)
    }

    /// `v1:` + base64 of nonce, ciphertext and tag.
    public func seal(_ value: String) throws -> String { try seal(Data(value.utf8)) }

    /// Bytes sealed the same way (uploaded files waiting for a commit).
    public func seal(_ data: Data) throws -> String {
        Self.stored(try AES.GCM.seal(data, using: sealingKey))
    }

    /// The stored form of a sealed value: `v1:` + base64 of nonce, ciphertext and tag.
    fileprivate static func stored(_ box: AES.GCM.SealedBox) -> String {
        version + ":" + box.combined!.base64EncodedString()
    }

    /// Seals many values in a row (an import batch) with nonces counted up from a random
    /// start instead of drawn one by one: the random-prefix-plus-counter construction of
    /// NIST SP 800-38D §8.2.1, without a system call per value.
    public func batchSealer() -> BatchSealer { BatchSealer(key: sealing) }

    public struct BatchSealer {
        fileprivate let key: Key
        private var prefix: UInt32
        private var counter: UInt64

        fileprivate init(key: Key) {
            self.key = key
            var rng = SystemRandomNumberGenerator()
            prefix = rng.next()
            counter = rng.next()
        }

        public mutating func seal(_ value: String) throws -> String {
            counter &+= 1
            var nonce = [UInt8](repeating: 0, count: 12)
            for i in 0..<4 { nonce[i] = UInt8(truncatingIfNeeded: prefix >> (8 * (3 - i))) }
            for i in 0..<8 { nonce[4 + i] = UInt8(truncatingIfNeeded: counter >> (8 * (7 - i))) }
            let box = try AES.GCM.seal(Array(value.utf8), using: key.key, nonce: try AES.GCM.Nonce(data: nonce))
            return DataProtection.stored(box)
        }
    }

    public func openData(_ stored: String) throws -> Data {
        guard stored.hasPrefix(Self.version + ":"), let data = Data(base64Encoded: String(stored.dropFirst(Self.version.count + 1))) else {
            throw DataProtectionError.malformed
        }
        return try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: sealingKey)
    }

    public func open(_ stored: String) throws -> String {
        let plain = try openData(stored)
        guard let text = String(data: plain, encoding: .utf8) else { throw DataProtectionError.malformed }
        return text
    }

    /// The lookup hash of a value of a kind (`citizen_id`, `phone`); equal values of one kind hash equal.
    public func lookupHash(_ value: String, kind: String) -> String {
        var hmac = lookupStart.hmac
        hmac.update(data: Array((kind + ":" + value).utf8))
        return Data(hmac.finalize()).hexString
    }
}

public enum DataProtectionError: Error, Sendable, CustomStringConvertible {
    case malformed
    case badKey(String)
    case keyFile(String)
    case wrongKeyForDatabase

    public var description: String {
        switch self {
        case .malformed: "an encrypted value could not be read"
        case .badKey(let why): "YANGLAO_DATA_KEY is not usable: \(why)"
        case .keyFile(let why): "data key file: \(why)"
        case .wrongKeyForDatabase:
            "the data key does not match the key this database was written with; restore the key file that belongs to it (see README, 'Data key')"
        }
    }
}

extension Data {
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(count * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
