/// The one error kpcheck throws, from the front end, the machine, the driver and the
/// command line alike: the first problem found, where in a model it is if anywhere, with
/// notes (such as where a redefined name was first defined) and the source lines needed
/// to print it like a compiler does.
public struct DiagnosticError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    /// Extra information about the first diagnostic, printed as `note:` lines.
    public var notes: [Diagnostic]
    /// Lines of the files read when the error was found, by path.
    public var sourceLines: [String: [String]]

    public init(diagnostics: [Diagnostic], notes: [Diagnostic] = [], sourceLines: [String: [String]] = [:]) {
        self.diagnostics = diagnostics
        self.notes = notes
        self.sourceLines = sourceLines
    }

    /// `error` (a typed case whose description is the message) at `location`, if known.
    public init(_ error: some UserError, at location: SourceLocation? = nil, notes: [Diagnostic] = []) {
        self.init(diagnostics: [Diagnostic(error.description, at: location)], notes: notes)
    }

    /// The first diagnostic's message, without location or severity.
    public var message: String { diagnostics.first?.message ?? "" }

    /// Where the first diagnostic points, if anywhere.
    public var location: SourceLocation? { diagnostics.first?.location }

    /// `file:line:col: error: message` lines only.
    public var description: String {
        (diagnostics.map(\.description) + notes.map(Self.noteLine)).joined(separator: "\n")
    }

    /// The files the diagnostics and notes point into.
    public var files: [String] {
        var seen: Set<String> = []
        return (diagnostics + notes).compactMap(\.location?.file).filter { seen.insert($0).inserted }
    }

    /// Each diagnostic as `file:line:col: error: message`, then the source line and a caret
    /// under the column. `sources` (path → lines) supplements the lines captured when the
    /// error was thrown.
    public func render(sources: [String: [String]] = [:]) -> String {
        Self.render(diagnostics, notes: notes, sources: sources.merging(sourceLines) { given, _ in given })
    }

    /// Diagnostics (errors or warnings) and their notes, each with its source line and caret.
    public static func render(_ diagnostics: [Diagnostic], notes: [Diagnostic], sources: [String: [String]]) -> String {
        var out = ""
        for diagnostic in diagnostics {
            out += diagnostic.description + "\n"
            out += excerpt(diagnostic.location, sources)
        }
        for note in notes {
            out += Self.noteLine(note) + "\n"
            out += excerpt(note.location, sources)
        }
        return out
    }

    private static func noteLine(_ note: Diagnostic) -> String {
        if let location = note.location { return "\(location): note: \(note.message)" }
        return "note: \(note.message)"
    }

    private static func excerpt(_ location: SourceLocation?, _ sources: [String: [String]]) -> String {
        guard let location, let lines = sources[location.file],
              location.line >= 1, location.line <= lines.count else { return "" }
        let line = lines[location.line - 1]
        // Keep the tabs of the line before the caret so it lines up however tabs are shown.
        let prefix = line.utf8.prefix(max(0, location.column - 1)).map { $0 == UInt8(ascii: "\t") ? "\t" : " " }
        return line + "\n" + prefix.joined() + "^\n"
    }
}

/// An error case whose description is the message the user sees; thrown as a
/// `DiagnosticError` with the location it is about.
public protocol UserError: Error, CustomStringConvertible, Sendable {}
