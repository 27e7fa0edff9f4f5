/// Why a font could not be used for PDF output.
public enum PDFError: Error, Sendable, Equatable, CustomStringConvertible {
    /// None of the candidate font files exists; the paths that were tried.
    case noFontFound(tried: [String])
    case fontUnreadable(path: String, reason: String)
    /// The file is a font, but not one this module can embed (for example CFF outlines).
    case unsupportedFont(path: String, reason: String)
    case faceIndexOutOfRange(path: String, index: Int, faceCount: Int)
    /// The font's tables are inconsistent or cut short.
    case malformedFont(String)

    public var description: String {
        switch self {
        case .noFontFound(let tried):
            return "No CJK TrueType font found for PDF output (tried: \(tried.joined(separator: ", "))). "
                + "Install fonts-wqy-zenhei or set YANGLAO_PDF_FONT=/path/to/font.ttc[#face]."
        case .fontUnreadable(let path, let reason):
            return "Cannot read font file \(path): \(reason)"
        case .unsupportedFont(let path, let reason):
            return "Font \(path) cannot be embedded: \(reason)"
        case .faceIndexOutOfRange(let path, let index, let faceCount):
            return "Font \(path) has \(faceCount) face(s); face index \(index) does not exist"
        case .malformedFont(let reason):
            return "Malformed TrueType font: \(reason)"
        }
    }
}
