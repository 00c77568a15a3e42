import KPIR

/// A problem that does not stop a build (a definition in the user's override file that
/// nothing uses), printed like a compiler's warning: `file:line:col: warning: message`,
/// the source line with a caret, then its notes.
public struct BuildWarning: Sendable, CustomStringConvertible {
    public var diagnostic: Diagnostic
    public var notes: [Diagnostic]
    /// The lines of the files the diagnostic and its notes point into.
    var sourceLines: [String: [String]] = [:]

    init(_ message: String, at location: SourceLocation, notes: [Diagnostic] = []) {
        diagnostic = Diagnostic(message, at: location, severity: .warning)
        self.notes = notes
    }

    /// The first line: `file:line:col: warning: message`.
    public var description: String { diagnostic.description }

    public func render() -> String { DiagnosticError.render([diagnostic], notes: notes, sources: sourceLines) }

    /// The warning with the lines of the files it points into, taken from `lines`.
    func quoting(_ lines: [String: [String]]) -> BuildWarning {
        var copy = self
        for location in ([diagnostic] + notes).compactMap(\.location) { copy.sourceLines[location.file] = lines[location.file] }
        return copy
    }
}
