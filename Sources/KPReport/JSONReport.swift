import Foundation

public enum JSONReport {
    public static func render(_ report: Report) throws -> String { try text(of: report) }

    /// Any of kpcheck's JSON documents as it writes them: indented, keys sorted (so equal
    /// documents read the same), a newline at the end.
    package static func text(of value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
