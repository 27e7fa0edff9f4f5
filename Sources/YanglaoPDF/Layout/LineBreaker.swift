/// Splits text into lines no wider than a given width. Chinese, Japanese and Korean text may
/// break between any two characters; Latin words break at spaces, and only a word longer than
/// the whole line is cut between characters. Closing punctuation is kept off the start of a
/// line and opening punctuation off its end. Line feeds in the text are kept as line breaks.
enum LineBreaker {
    static func lines(_ text: String, font: PDFFont, size: Double, width: Double) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .flatMap { wrap(String($0), font: font, size: size, width: width) }
    }

    enum Kind { case space, ideographic, word }

    struct Token {
        let text: String
        let kind: Kind
    }

    static func tokens(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var pending = ""
        var pendingKind = Kind.word
        for character in text {
            let kind = kind(of: character)
            if kind != .ideographic, kind == pendingKind, !pending.isEmpty {
                pending.append(character)
                continue
            }
            if !pending.isEmpty { tokens.append(Token(text: pending, kind: pendingKind)) }
            pending = String(character)
            pendingKind = kind
        }
        if !pending.isEmpty { tokens.append(Token(text: pending, kind: pendingKind)) }
        return tokens
    }

    static func kind(of character: Character) -> Kind {
        if character.isWhitespace { return .space }
        guard let scalar = character.unicodeScalars.first else { return .word }
        switch scalar.value {
        case 0x1100...0x11FF, 0x2E80...0x2FFF, 0x3001...0x303F, 0x3040...0x31FF, 0x3200...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFFEF, 0x20000...0x3FFFF:
            return .ideographic
        case 0x2014, 0x2026:  // dash and ellipsis, written doubled between Chinese characters
            return .ideographic
        default:
            return .word
        }
    }

    static let noLineStart = Set("，。、；：？！）》」』】〕〉〗”’…—·%,.;:?!)]}")
    static let noLineEnd = Set("（《「『【〔〈〖“‘([{")

    private static func wrap(_ text: String, font: PDFFont, size: Double, width: Double) -> [String] {
        var lines: [String] = []
        var current: [Token] = []
        var currentWidth = 0.0
        func measure(_ token: Token) -> Double { font.width(of: token.text, size: size) }
        func add(_ token: Token) {
            current.append(token)
            currentWidth += measure(token)
        }
        func flush() {
            while current.last?.kind == .space { current.removeLast() }
            lines.append(current.map(\.text).joined())
            current = []
            currentWidth = 0
        }
        func isOnly(_ token: Token, in set: Set<Character>) -> Bool {
            token.text.count == 1 && set.contains(token.text.first!)
        }

        var queue = Array(tokens(text).reversed())
        while let token = queue.popLast() {
            let tokenWidth = measure(token)
            if token.kind == .space {
                // Spaces at a line break are dropped, except indentation at the start of the text.
                if current.isEmpty && !lines.isEmpty { continue }
                if currentWidth + tokenWidth > width { flush() } else { add(token) }
                continue
            }
            if currentWidth + tokenWidth <= width {
                add(token)
                continue
            }
            if current.allSatisfy({ $0.kind == .space }) {
                if token.text.count > 1 {
                    queue += token.text.reversed().map { Token(text: String($0), kind: .ideographic) }
                } else {
                    add(token)  // a single character wider than the line: nothing better to do
                }
                continue
            }
            var carried: [Token] = []
            if isOnly(token, in: noLineStart), current.count > 1, current.last?.kind != .space {
                carried.append(current.removeLast())
            }
            while current.count > 1, let last = current.last, isOnly(last, in: noLineEnd) {
                carried.insert(current.removeLast(), at: 0)
            }
            flush()
            carried.forEach(add)
            queue.append(token)
        }
        if !current.isEmpty || lines.isEmpty { flush() }
        return lines
    }
}
