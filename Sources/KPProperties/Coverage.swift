/// Which model code the explored states executed, like SPIN's unreached-code report:
/// so a user knows when a scenario does not exercise their change.
public struct Coverage: Sendable {
    public struct Line: Hashable, Sendable, Comparable {
        public var file: String
        public var line: Int
        public var function: String

        public init(file: String, line: Int, function: String) {
            self.file = file
            self.line = line
            self.function = function
        }

        public static func < (a: Line, b: Line) -> Bool {
            (a.file, a.line, a.function) < (b.file, b.line, b.function)
        }
    }

    /// Source lines with instructions of which none ran.
    public var unexecutedLines: [Line]
    /// Functions of which no instruction ran.
    public var unexecutedFunctions: [String]
    /// Lines with instructions, and lines of those that ran.
    public var linesWithCode: Int
    public var linesExecuted: Int

    public init(unexecutedLines: [Line], unexecutedFunctions: [String], linesWithCode: Int, linesExecuted: Int) {
        self.unexecutedLines = unexecutedLines
        self.unexecutedFunctions = unexecutedFunctions
        self.linesWithCode = linesWithCode
        self.linesExecuted = linesExecuted
    }
}
