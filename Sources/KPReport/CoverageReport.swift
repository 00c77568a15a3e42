import Foundation
import KPProperties

/// The model lines and functions a search never executed, so a user sees when a
/// scenario does not exercise the code they changed.
public enum CoverageReport {
    public static func render(_ coverage: Coverage, job: String) -> String {
        var out = "never executed in \(job): \(coverage.linesWithCode - coverage.linesExecuted) of \(coverage.linesWithCode) lines with code\n"
        let width = coverage.unexecutedLines.map { "\($0.file):\($0.line)".count }.max() ?? 0
        for line in coverage.unexecutedLines {
            out += "  " + "\(line.file):\(line.line)".padding(toLength: width, withPad: " ", startingAt: 0) + "  \(line.function)\n"
        }
        if !coverage.unexecutedFunctions.isEmpty {
            out += "  functions never entered: \(coverage.unexecutedFunctions.joined(separator: ", "))\n"
        }
        return out
    }
}
