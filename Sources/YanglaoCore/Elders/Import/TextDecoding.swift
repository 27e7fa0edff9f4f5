#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Text files as Chinese offices produce them: UTF-8 (with or without a byte-order mark),
/// or GB18030 — what Excel writes when a Chinese workbook is saved as CSV.
public enum TextDecoding {
    public enum Encoding: String, Sendable {
        case utf8 = "UTF-8"
        case gb18030 = "GB18030"
    }

    public struct Failure: Error, Sendable, Equatable {}

    /// The text of `bytes`: UTF-8 when the bytes are valid UTF-8, GB18030 otherwise.
    public static func decode(_ bytes: [UInt8]) throws(Failure) -> (text: String, encoding: Encoding) {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let text = String(validating: body, as: UTF8.self) { return (text, .utf8) }
        return (try gb18030(Array(bytes)), .gb18030)
    }

    static func gb18030(_ bytes: [UInt8]) throws(Failure) -> String {
        guard let utf8 = convert(bytes, from: "GB18030", to: "UTF-8"), let text = String(validating: utf8, as: UTF8.self) else { throw Failure() }
        return text
    }

    /// `text` in GB18030, as Chinese Excel saves CSV (for tests and sample files).
    public static func encode(_ text: String) -> [UInt8]? { convert(Array(text.utf8), from: "UTF-8", to: "GB18030") }

    /// iconv over the whole input; nil when any byte sequence is invalid in `source`.
    static func convert(_ bytes: [UInt8], from source: String, to target: String) -> [UInt8]? {
        let converter = iconv_open(target, source)
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        // Neither encoding needs more than 4 bytes per character: twice the input (plus slack) is ample.
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
        var input = bytes.map { CChar(bitPattern: $0) }
        let produced: Int? = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = inBuf.baseAddress
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress!).assumingMemoryBound(to: CChar.self)
                var outLeft = outBuf.count
                guard iconv(converter, &inPtr, &inLeft, &outPtr, &outLeft) != -1, inLeft == 0 else { return nil }
                return outBuf.count - outLeft
            }
        }
        return produced.map { Array(output[..<$0]) }
    }
}
