public enum PDFPageSize: Sendable {
    case a4, a4Landscape

    /// Width and height in points (1/72 inch).
    public var dimensions: (width: Double, height: Double) {
        switch self {
        case .a4: return (595.28, 841.89)
        case .a4Landscape: return (841.89, 595.28)
        }
    }
}
