import KPIR

/// A value of the TOML subset manifests use, with where it was written.
struct TOMLValue: Sendable {
    enum Kind: Sendable {
        case string(String)
        case integer(Int)
        case boolean(Bool)
        case array([TOMLValue])
        case table(TOMLTable)
    }

    var kind: Kind
    var location: SourceLocation

    /// How the value's type is named in messages.
    var typeName: String {
        switch kind {
        case .string: "a string"
        case .integer: "an integer"
        case .boolean: "a boolean"
        case .array: "an array"
        case .table: "a table"
        }
    }

    /// A boolean written as TOML's `true`/`false`, as a quoted spelling people use
    /// (`"y"`, `"off"`, see `BooleanSpelling`) or as 1/0.
    func boolean(for key: String) throws(DiagnosticError) -> Bool {
        let flag: Bool? = switch kind {
        case .boolean(let b): b
        case .string(let text): BooleanSpelling.parse(text)
        case .integer(let i) where i == 0 || i == 1: i == 1
        default: nil
        }
        guard let flag else {
            throw DiagnosticError(ManifestError.wrongType(key: key, expected: BooleanSpelling.expected, found: shown), at: location)
        }
        return flag
    }

    /// The value itself when it is short (`'maybe'`, `3`), else its type.
    var shown: String {
        switch kind {
        case .string(let text): "'\(text)'"
        case .integer(let i): String(i)
        default: typeName
        }
    }
}

/// A TOML table: its keys in the order written, each with its location.
struct TOMLTable: Sendable {
    struct Entry: Sendable {
        var key: String
        var keyLocation: SourceLocation
        var value: TOMLValue
    }

    var entries: [Entry] = []

    subscript(key: String) -> TOMLValue? {
        entries.first { $0.key == key }?.value
    }

    func entry(_ key: String) -> Entry? { entries.first { $0.key == key } }
}
