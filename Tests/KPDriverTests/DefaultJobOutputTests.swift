import Foundation
import XCTest

/// The default job's output as people see it (issue 14, item 7). On a terminal, where
/// both streams land in one place, the progress is one line rewritten in place, cleared
/// before the table, and the summary comes after the table; in a log every progress line
/// is kept and the summary still ends the report. `--max-states 300` stops every search
/// early, so the run is short and its verdicts (incomplete) differ from the manifests'.
final class DefaultJobOutputTests: XCTestCase {
    private let arguments = ["--max-states", "300", "--models", TestModels.packageRoot + "/Models"]
    private let summary = #/^(\d+) verdicts differ from what the manifests expect$/#

    /// The number of verdicts the report's table marks as unexpected.
    private func unexpectedRows(_ report: Substring) -> Int {
        report.split(separator: "\n").filter { $0.contains(" EXPECTED ") }.count
    }

    #if canImport(Glibc)
    func testOnATerminalProgressIsOneLineAndTheSummaryFollowsTheTable() throws {
        let run = try KPCheckProcess.runOnTerminal(arguments)
        XCTAssertEqual(run.status, 1)
        let screen = run.stdout
        let clear = "\r\u{1B}[K"
        let finish = try XCTUnwrap(screen.range(of: clear, options: .backwards))
        let progress = screen[..<finish.lowerBound], report = screen[finish.upperBound...]

        // Progress: rewrites of one line, one per search at least, never a new line.
        XCTAssertFalse(progress.contains("\n"), String(progress.prefix(500)))
        XCTAssertTrue(progress.hasPrefix(clear + "\u{1B}[?7l[1/64] kpkeys-v4-batching vmalloc exception-entry-reset=true: 0 states, "),
                      String(progress.prefix(200)))
        let last = try XCTUnwrap(progress.components(separatedBy: clear).last)
        XCTAssertNotNil(last.wholeMatch(of: #/\e\[\?7l\[64/64\] mainline pmd exception-entry-reset=false: \d+ states, \d+ states/s, \d+ MiB, \d+ s\e\[\?7h/#),
                        last)

        // The report: the table first, the summary last, nothing of the progress inside.
        XCTAssertTrue(report.hasPrefix("variant "), String(report.prefix(200)))
        XCTAssertFalse(report.contains("\u{1B}"))
        XCTAssertFalse(report.contains("checking "))
        let lines = report.split(separator: "\n")
        let counted = try XCTUnwrap(lines.last.flatMap { try summary.wholeMatch(in: $0) }, "\(lines.suffix(3))")
        XCTAssertEqual(Int(counted.1), unexpectedRows(report))
        XCTAssertGreaterThan(unexpectedRows(report), 0)
    }
    #endif

    func testInALogProgressLinesAreKeptAndTheSummaryEndsTheReport() throws {
        let run = try KPCheckProcess.run(arguments)
        XCTAssertEqual(run.status, 1, run.stderr)
        let progress = run.stderr.split(separator: "\n")
        XCTAssertEqual(progress.count, 64, run.stderr)
        XCTAssertEqual(progress.first, "checking kpkeys-v4-batching vmalloc exception-entry-reset=true")
        XCTAssertTrue(progress.allSatisfy { $0.hasPrefix("checking ") }, run.stderr)
        XCTAssertFalse(run.stderr.contains("\u{1B}"))

        let counted = try XCTUnwrap(run.stdout.split(separator: "\n").last.flatMap { try summary.wholeMatch(in: $0) })
        XCTAssertEqual(Int(counted.1), unexpectedRows(run.stdout[...]))
    }

    /// A report other programs read keeps standard output to itself: the summary goes to
    /// standard error, after the report.
    func testWithJSONTheSummaryGoesToStandardError() throws {
        let run = try KPCheckProcess.run(arguments + ["--format", "json"])
        XCTAssertEqual(run.status, 1, run.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((json["results"] as? [Any])?.count, 448)
        let lines = run.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 65, run.stderr)
        XCTAssertNotNil(try lines.last.flatMap { try summary.wholeMatch(in: $0) }, run.stderr)
    }
}
