import KPIR

/// Reads the TOML subset of the manifests: `key = value` with bare or quoted keys,
/// strings with escapes, integers, booleans, arrays (multi-line, trailing comma), inline
/// tables, `[table]`, `[[array-of-tables]]` and `#` comments.
final class TOMLReader {
    private let file: String
    private let bytes: [UInt8]
    private var position = 0
    private var line = 1
    private var lineStart = 0

    init(file: String, text: String) {
        self.file = file
        bytes = Array(text.utf8)
    }

    private var location: SourceLocation { SourceLocation(file: file, line: line, column: position - lineStart + 1) }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private func error(_ error: ManifestError, at location: SourceLocation? = nil) -> DiagnosticError {
        DiagnosticError(error, at: location ?? self.location)
    }

    private func advance() {
        if bytes[position] == UInt8(ascii: "\n") {
            line += 1
            lineStart = position + 1
        }
        position += 1
    }

    /// The whole document as its root table.
    func read() throws(DiagnosticError) -> TOMLTable {
        var root = TOMLTable()
        // Where `key = value` lines go: the root, the last [table], or the last element of
        // the last [[array-of-tables]].
        var target: (name: String, isArray: Bool)?
        var definedTables: Set<String> = []
        while true {
            skipBlank(newlines: true)
            guard let c = current else { return root }
            if c == UInt8(ascii: "[") {
                let headerLocation = location
                advance()
                let isArray = current == UInt8(ascii: "[")
                if isArray { advance() }
                skipBlank(newlines: false)
                let (name, _) = try readKey()
                skipBlank(newlines: false)
                if current == UInt8(ascii: ".") { throw error(.unsupported("dotted table names")) }
                try expect("]")
                if isArray { try expect("]") }
                try endOfLine()
                if isArray {
                    try appendArrayTable(name, at: headerLocation, to: &root)
                } else {
                    if definedTables.contains(name) || root[name] != nil {
                        throw error(.duplicateKey(name), at: headerLocation)
                    }
                    definedTables.insert(name)
                    root.entries.append(.init(key: name, keyLocation: headerLocation,
                                              value: TOMLValue(kind: .table(TOMLTable()), location: headerLocation)))
                }
                target = (name, isArray)
                continue
            }
            let entry = try readKeyValue()
            try endOfLine()
            try insert(entry, into: &root, target: target)
        }
    }

    private func appendArrayTable(_ name: String, at location: SourceLocation, to root: inout TOMLTable) throws(DiagnosticError) {
        let element = TOMLValue(kind: .table(TOMLTable()), location: location)
        guard let index = root.entries.firstIndex(where: { $0.key == name }) else {
            root.entries.append(.init(key: name, keyLocation: location, value: TOMLValue(kind: .array([element]), location: location)))
            return
        }
        guard case .array(var elements) = root.entries[index].value.kind,
              elements.allSatisfy({ if case .table = $0.kind { true } else { false } }) else {
            throw self.error(.duplicateKey(name), at: location)
        }
        elements.append(element)
        root.entries[index].value.kind = .array(elements)
    }

    private func insert(_ entry: TOMLTable.Entry, into root: inout TOMLTable, target: (name: String, isArray: Bool)?)
        throws(DiagnosticError) {
        func add(_ table: inout TOMLTable) throws(DiagnosticError) {
            if table[entry.key] != nil { throw error(.duplicateKey(entry.key), at: entry.keyLocation) }
            table.entries.append(entry)
        }
        guard let target else { return try add(&root) }
        let index = root.entries.firstIndex { $0.key == target.name }!
        switch root.entries[index].value.kind {
        case .table(var table):
            try add(&table)
            root.entries[index].value.kind = .table(table)
        case .array(var elements):
            guard case .table(var table) = elements[elements.count - 1].kind else { return }
            try add(&table)
            elements[elements.count - 1].kind = .table(table)
            root.entries[index].value.kind = .array(elements)
        default:
            break
        }
    }

    private func readKeyValue() throws(DiagnosticError) -> TOMLTable.Entry {
        let (key, keyLocation) = try readKey()
        skipBlank(newlines: false)
        if current == UInt8(ascii: ".") { throw error(.unsupported("dotted keys")) }
        try expect("=")
        skipBlank(newlines: false)
        return TOMLTable.Entry(key: key, keyLocation: keyLocation, value: try readValue())
    }

    private static func isBareKey(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
            || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
    }

    private func readKey() throws(DiagnosticError) -> (String, SourceLocation) {
        let start = location
        if current == UInt8(ascii: "\"") || current == UInt8(ascii: "'") {
            guard case .string(let key) = try readValue().kind else { throw error(.expectedKey, at: start) }
            return (key, start)
        }
        let begin = position
        while let c = current, Self.isBareKey(c) { advance() }
        guard position > begin else { throw error(.expectedKey, at: start) }
        return (String(decoding: bytes[begin..<position], as: UTF8.self), start)
    }

    private func readValue() throws(DiagnosticError) -> TOMLValue {
        let start = location
        guard let c = current else { throw error(.expectedValue) }
        switch c {
        case UInt8(ascii: "\""):
            return TOMLValue(kind: .string(try readBasicString()), location: start)
        case UInt8(ascii: "'"):
            return TOMLValue(kind: .string(try readLiteralString()), location: start)
        case UInt8(ascii: "["):
            return TOMLValue(kind: .array(try readArray()), location: start)
        case UInt8(ascii: "{"):
            return TOMLValue(kind: .table(try readInlineTable()), location: start)
        default:
            let begin = position
            while let c = current, Self.isBareKey(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: ".") || c == UInt8(ascii: ":") {
                advance()
            }
            let word = String(decoding: bytes[begin..<position], as: UTF8.self)
            if word == "true" || word == "false" { return TOMLValue(kind: .boolean(word == "true"), location: start) }
            if let integer = Self.integer(word) { return TOMLValue(kind: .integer(integer), location: start) }
            if word.isEmpty { throw error(.expectedValue, at: start) }
            if BooleanSpelling.parse(word) != nil { throw error(.bareBoolean(word), at: start) }
            throw error(.invalidValue(word), at: start)
        }
    }

    private static func integer(_ word: String) -> Int? {
        guard !word.hasPrefix("_"), !word.hasSuffix("_"), !word.contains("__") else { return nil }
        var digits = Substring(word.filter { $0 != "_" })
        var negative = false
        if let sign = digits.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        var radix = 10
        for (prefix, base) in [("0x", 16), ("0o", 8), ("0b", 2)] where digits.hasPrefix(prefix) {
            radix = base
            digits = digits.dropFirst(2)
        }
        if radix == 10 && digits.count > 1 && digits.hasPrefix("0") { return nil }
        guard !digits.isEmpty, let magnitude = Int(digits, radix: radix) else { return nil }
        return negative ? -magnitude : magnitude
    }

    private func readBasicString() throws(DiagnosticError) -> String {
        let start = location
        advance()
        if current == UInt8(ascii: "\""), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "\"") {
            throw error(.unsupported("multi-line strings"), at: start)
        }
        var scalars = String.UnicodeScalarView()
        var raw: [UInt8] = []
        func flush() {
            scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
            raw.removeAll()
        }
        while true {
            guard let c = current, c != UInt8(ascii: "\n") else { throw error(.unterminatedString, at: start) }
            if c == UInt8(ascii: "\"") {
                advance()
                flush()
                return String(scalars)
            }
            if c != UInt8(ascii: "\\") {
                raw.append(c)
                advance()
                continue
            }
            let escapeLocation = location
            advance()
            guard let e = current else { throw error(.unterminatedString, at: start) }
            advance()
            switch e {
            case UInt8(ascii: "n"): raw.append(UInt8(ascii: "\n"))
            case UInt8(ascii: "t"): raw.append(UInt8(ascii: "\t"))
            case UInt8(ascii: "r"): raw.append(UInt8(ascii: "\r"))
            case UInt8(ascii: "b"): raw.append(0x08)
            case UInt8(ascii: "f"): raw.append(0x0C)
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): raw.append(e)
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                let count = e == UInt8(ascii: "u") ? 4 : 8
                guard position + count <= bytes.count,
                      let code = UInt32(String(decoding: bytes[position..<(position + count)], as: UTF8.self), radix: 16),
                      let scalar = Unicode.Scalar(code) else {
                    throw error(.invalidEscape, at: escapeLocation)
                }
                for _ in 0..<count { advance() }
                flush()
                scalars.append(scalar)
            default:
                throw error(.invalidEscape, at: escapeLocation)
            }
        }
    }

    private func readLiteralString() throws(DiagnosticError) -> String {
        let start = location
        advance()
        let begin = position
        while let c = current, c != UInt8(ascii: "'") {
            if c == UInt8(ascii: "\n") { throw error(.unterminatedString, at: start) }
            advance()
        }
        guard current != nil else { throw error(.unterminatedString, at: start) }
        let text = String(decoding: bytes[begin..<position], as: UTF8.self)
        advance()
        return text
    }

    private func readArray() throws(DiagnosticError) -> [TOMLValue] {
        advance()
        var elements: [TOMLValue] = []
        while true {
            skipBlank(newlines: true)
            if current == UInt8(ascii: "]") {
                advance()
                return elements
            }
            elements.append(try readValue())
            skipBlank(newlines: true)
            if current == UInt8(ascii: ",") {
                advance()
            } else if current != UInt8(ascii: "]") {
                throw error(.expected("',' or ']' in an array"))
            }
        }
    }

    private func readInlineTable() throws(DiagnosticError) -> TOMLTable {
        advance()
        var table = TOMLTable()
        skipBlank(newlines: false)
        if current == UInt8(ascii: "}") {
            advance()
            return table
        }
        while true {
            skipBlank(newlines: false)
            let entry = try readKeyValue()
            if table[entry.key] != nil { throw error(.duplicateKey(entry.key), at: entry.keyLocation) }
            table.entries.append(entry)
            skipBlank(newlines: false)
            if current == UInt8(ascii: "}") {
                advance()
                return table
            }
            try expect(",")
        }
    }

    private func expect(_ character: Character) throws(DiagnosticError) {
        guard current == character.asciiValue else { throw error(.expected("'\(character)'")) }
        advance()
    }

    /// Spaces and comments; newlines too when `newlines`.
    private func skipBlank(newlines: Bool) {
        while let c = current {
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r") || (newlines && c == UInt8(ascii: "\n")) {
                advance()
            } else if c == UInt8(ascii: "#") {
                while let c = current, c != UInt8(ascii: "\n") { advance() }
            } else {
                return
            }
        }
    }

    private func endOfLine() throws(DiagnosticError) {
        skipBlank(newlines: false)
        guard current == nil || current == UInt8(ascii: "\n") else { throw error(.expected("the end of the line")) }
    }
}
