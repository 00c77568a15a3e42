import KPIR

/// Typed, located access to a manifest table, rejecting keys the manifest does not know.
struct ManifestTable {
    let table: TOMLTable
    /// "variant manifest", "[[expect]]", ...: names the table in messages.
    let context: String

    /// Throws at the first key not in `allowed`.
    func rejectUnknownKeys(allowing allowed: [String]) throws(DiagnosticError) {
        for entry in table.entries where !allowed.contains(entry.key) {
            throw DiagnosticError(ManifestError.unknownKey(key: entry.key, manifest: context), at: entry.keyLocation)
        }
    }

    func location(_ key: String) -> SourceLocation? { table.entry(key)?.value.location }

    private func typed<T>(_ key: String, _ expected: String, _ extract: (TOMLValue.Kind) -> T?) throws(DiagnosticError) -> T? {
        guard let value = table[key] else { return nil }
        guard let result = extract(value.kind) else {
            throw DiagnosticError(ManifestError.wrongType(key: key, expected: expected, found: value.typeName), at: value.location)
        }
        return result
    }

    func string(_ key: String) throws(DiagnosticError) -> String? {
        try typed(key, "a string") { if case .string(let s) = $0 { s } else { nil } }
    }

    func integer(_ key: String, minimum: Int) throws(DiagnosticError) -> Int? {
        guard let value = try typed(key, "an integer", { if case .integer(let i) = $0 { i } else { nil } }) else { return nil }
        if value < minimum { throw DiagnosticError(ManifestError.outOfRange(key: key, minimum: minimum), at: location(key)) }
        return value
    }

    /// An interrupt budget: a count, or "unbounded" (-1): interrupts whenever unmasked.
    func budget(_ key: String) throws(DiagnosticError) -> Int? {
        try typed(key, "an integer of at least 0 or \"unbounded\"") {
            switch $0 {
            case .integer(let i) where i >= 0: i
            case .string("unbounded"): -1
            default: nil
            }
        }
    }

    func boolean(_ key: String) throws(DiagnosticError) -> Bool? {
        try table[key]?.boolean(for: key)
    }

    func subtable(_ key: String) throws(DiagnosticError) -> TOMLTable? {
        try typed(key, "a table") { if case .table(let t) = $0 { t } else { nil } }
    }

    func array(_ key: String) throws(DiagnosticError) -> [TOMLValue]? {
        try typed(key, "an array") { if case .array(let a) = $0 { a } else { nil } }
    }

    /// An array of strings, each with its location.
    func strings(_ key: String) throws(DiagnosticError) -> [(value: String, location: SourceLocation)]? {
        guard let elements = try array(key) else { return nil }
        var result: [(value: String, location: SourceLocation)] = []
        for element in elements {
            guard case .string(let text) = element.kind else {
                throw DiagnosticError(ManifestError.wrongType(key: key, expected: "an array of strings", found: "an array holding \(element.typeName)"),
                                      at: element.location)
            }
            result.append((text, element.location))
        }
        return result
    }

    func required<T>(_ value: T?, _ key: String, at fallback: SourceLocation) throws(DiagnosticError) -> T {
        guard let value else { throw DiagnosticError(ManifestError.missingKey(key: key, manifest: context), at: fallback) }
        return value
    }
}
