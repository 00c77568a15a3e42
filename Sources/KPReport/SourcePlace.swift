/// A trace or result location (`path:line:col`) taken apart. Steps the machine
/// synthesises (`<exception entry>`) have no place in a file.
public struct SourcePlace: Equatable, Sendable {
    public var file: String
    public var line: Int
    public var column: Int

    public init?(_ location: String) {
        let parts = location.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let line = Int(parts[parts.count - 2]), let column = Int(parts[parts.count - 1]),
              line > 0 else { return nil }
        file = parts.dropLast(2).joined(separator: ":")
        self.line = line
        self.column = column
    }
}
