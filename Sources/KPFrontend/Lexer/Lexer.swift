import KPIR

/// Splits a model file into preprocessing tokens. Backslash-newline splices are removed
/// first, keeping for every remaining byte the line and column where it was written;
/// comments become whitespace.
final class Lexer {
    private let file: String
    private var bytes: [UInt8] = []
    private var lines: [Int32] = []
    private var columns: [Int32] = []
    private var position = 0

    init(file: String, text: String) {
        self.file = file
        removeSplices(Array(text.utf8))
    }

    /// Fills `bytes`, `lines` and `columns` in local arrays, assigned once: appending to
    /// the properties byte by byte checked exclusive access at every append (2% of a
    /// check's fixed cost).
    private func removeSplices(_ source: [UInt8]) {
        var bytes: [UInt8] = [], lines: [Int32] = [], columns: [Int32] = []
        bytes.reserveCapacity(source.count)
        lines.reserveCapacity(source.count)
        columns.reserveCapacity(source.count)
        var line: Int32 = 1, column: Int32 = 1, i = 0
        while i < source.count {
            let byte = source[i]
            if byte == UInt8(ascii: "\\") {
                var j = i + 1
                if j < source.count && source[j] == UInt8(ascii: "\r") { j += 1 }
                if j < source.count && source[j] == UInt8(ascii: "\n") {
                    i = j + 1
                    line += 1
                    column = 1
                    continue
                }
            }
            bytes.append(byte)
            lines.append(line)
            columns.append(column)
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else {
                column += 1
            }
            i += 1
        }
        (self.bytes, self.lines, self.columns) = (bytes, lines, columns)
    }

    private func location(_ offset: Int) -> SourceLocation {
        if offset < bytes.count {
            return SourceLocation(file: file, line: Int(lines[offset]), column: Int(columns[offset]))
        }
        guard let last = lines.last, let column = columns.last else { return SourceLocation(file: file, line: 1, column: 1) }
        return SourceLocation(file: file, line: Int(last), column: Int(column) + 1)
    }

    private func byte(_ offset: Int) -> UInt8 { offset < bytes.count ? bytes[offset] : 0 }

    /// All tokens of the file.
    func tokenize() throws(DiagnosticError) -> [Token] {
        var tokens: [Token] = []
        var atLineStart = true
        var spaceBefore = false
        while position < bytes.count {
            let c = bytes[position]
            switch c {
            case UInt8(ascii: "\n"):
                atLineStart = true
                spaceBefore = false
                position += 1
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), 0x0B, 0x0C:
                spaceBefore = true
                position += 1
            case UInt8(ascii: "/") where byte(position + 1) == UInt8(ascii: "*"):
                let start = position
                position += 2
                while position < bytes.count && !(bytes[position] == UInt8(ascii: "*") && byte(position + 1) == UInt8(ascii: "/")) {
                    position += 1
                }
                if position >= bytes.count { throw DiagnosticError(LexicalError.unterminatedComment, at: location(start)) }
                position += 2
                spaceBefore = true
            case UInt8(ascii: "/") where byte(position + 1) == UInt8(ascii: "/"):
                while position < bytes.count && bytes[position] != UInt8(ascii: "\n") { position += 1 }
                spaceBefore = true
            default:
                let start = position
                let kind = scanToken()
                tokens.append(Token(kind: kind, text: String(decoding: bytes[start..<position], as: UTF8.self),
                                    location: location(start), atLineStart: atLineStart, spaceBefore: spaceBefore))
                atLineStart = false
                spaceBefore = false
            }
        }
        return tokens
    }

    private static func isIdentifierStart(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
            || c == UInt8(ascii: "_")
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    private func scanToken() -> Token.Kind {
        let c = bytes[position]
        if Self.isIdentifierStart(c) {
            while position < bytes.count && (Self.isIdentifierStart(bytes[position]) || Self.isDigit(bytes[position])) {
                position += 1
            }
            return .identifier
        }
        if Self.isDigit(c) || (c == UInt8(ascii: ".") && Self.isDigit(byte(position + 1))) {
            scanNumber()
            return .number
        }
        if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
            return scanQuoted(c)
        }
        let length = punctuatorLength()
        if length > 0 {
            position += length
            return .punctuator
        }
        // One whole UTF-8 character, so messages can quote it.
        position += 1
        while position < bytes.count && bytes[position] & 0xC0 == 0x80 { position += 1 }
        return .other
    }

    /// The length of the C punctuator at `position` (longest match), or 0.
    private func punctuatorLength() -> Int {
        let c = bytes[position], next = byte(position + 1), third = byte(position + 2)
        func ascii(_ s: Unicode.Scalar) -> UInt8 { UInt8(ascii: s) }
        switch c {
        case ascii("{"), ascii("}"), ascii("("), ascii(")"), ascii("["), ascii("]"), ascii(";"), ascii(","),
             ascii("~"), ascii("?"), ascii(":"):
            return 1
        case ascii("."):
            return next == ascii(".") && third == ascii(".") ? 3 : 1
        case ascii("<"), ascii(">"):
            if next == c { return third == ascii("=") ? 3 : 2 }
            return next == ascii("=") ? 2 : 1
        case ascii("-"):
            return next == ascii(">") || next == ascii("-") || next == ascii("=") ? 2 : 1
        case ascii("+"), ascii("&"), ascii("|"):
            return next == c || next == ascii("=") ? 2 : 1
        case ascii("#"):
            return next == ascii("#") ? 2 : 1
        case ascii("*"), ascii("/"), ascii("%"), ascii("^"), ascii("="), ascii("!"):
            return next == ascii("=") ? 2 : 1
        default:
            return 0
        }
    }

    /// A pp-number: digits, letters, `_`, `.`, and a sign after an exponent letter.
    private func scanNumber() {
        position += 1
        while position < bytes.count {
            let c = bytes[position]
            if (c == UInt8(ascii: "+") || c == UInt8(ascii: "-")),
               [UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "p"), UInt8(ascii: "P")].contains(bytes[position - 1]) {
                position += 1
            } else if Self.isIdentifierStart(c) || Self.isDigit(c) || c == UInt8(ascii: ".") {
                position += 1
            } else {
                break
            }
        }
    }

    /// A string or character literal; without its closing quote on the line it is `.other`.
    private func scanQuoted(_ quote: UInt8) -> Token.Kind {
        position += 1
        while position < bytes.count && bytes[position] != UInt8(ascii: "\n") {
            let c = bytes[position]
            position += 1
            if c == UInt8(ascii: "\\") && position < bytes.count && bytes[position] != UInt8(ascii: "\n") {
                position += 1
            } else if c == quote {
                return quote == UInt8(ascii: "\"") ? .string : .character
            }
        }
        return .other
    }
}

enum LexicalError: UserError {
    case unterminatedComment

    var description: String {
        switch self {
        case .unterminatedComment: "unterminated /* comment"
        }
    }
}
