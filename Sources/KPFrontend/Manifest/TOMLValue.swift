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
