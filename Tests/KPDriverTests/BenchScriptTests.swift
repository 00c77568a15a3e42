import Foundation
import XCTest

/// `scripts/bench` (issue 13's benchmark) runs against whatever kpcheck it is given and
/// prints a row per search and per call; here on the test build, 2,000 states each.
final class BenchScriptTests: XCTestCase {
    /// With `--against`, the same call with another build (here the same one) follows:
    /// a row per reset value with both state counts and the speed-up.
    func testTheBenchmarkPrintsARowPerSearchAndPerCall() throws {
        let run = try bench([KPCheckProcess.executable, "--quick", "--against", KPCheckProcess.executable, "--runs", "1"])
        let text = run.stdout
        XCTAssertEqual(run.status, 0, text + run.stderr)
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.first?.hasPrefix("search") ?? false, text)
        // Per thread count: two vmalloc-2x2 searches and one vmalloc-3x3, two calls.
        let searches = lines.filter { $0.hasPrefix("vmalloc-") }
        XCTAssertEqual(searches.count, 6, text)
        XCTAssertTrue(searches.allSatisfy { $0.split(separator: " ").contains("2000") }, text)
        XCTAssertEqual(lines.filter { $0.hasPrefix("= call:") }.count, 4, text)
        // Two tables of a row per reset value: one search on one thread and on two, then the
        // same call with the other build; states (equal in each row), a speed-up in "x", and
        // CPU seconds.
        let rows = lines.filter { $0.hasPrefix("exception-entry-reset=") }.map { $0.split(separator: " ").map(String.init) }
        XCTAssertEqual(rows.map { $0[0] }, ["exception-entry-reset=false", "exception-entry-reset=true",
                                            "exception-entry-reset=false", "exception-entry-reset=true"], text)
        XCTAssertTrue(rows.allSatisfy { $0[1] == "2000" && $0[3] == "2000" && $0[5].hasSuffix("x") }, text)
        // Then the least CPU seconds of each side's calls: every call costs some (it is read
        // with `times` in the shell that waited for it; in a subshell it would read 0); and
        // the speed-up of the medians, with one run each the speed-up itself.
        XCTAssertTrue(rows.allSatisfy { $0.count == 9 && $0[6...7].allSatisfy { (Double($0) ?? 0) > 0 } }, text)
        XCTAssertTrue(rows.allSatisfy { $0[8] == $0[5] }, text)
        XCTAssertTrue(lines.contains { $0.hasPrefix("one search, vmalloc-2x2") }, text)
        XCTAssertTrue(lines.contains { $0.hasPrefix("same call, vmalloc-2x2") }, text)
    }

    func testTheBenchmarkRefusesAMissingKpcheck() throws {
        let run = try bench(["/nonexistent/kpcheck"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("bench: no kpcheck at /nonexistent/kpcheck"), run.stderr)
    }

    private func bench(_ arguments: [String]) throws -> KPCheckProcess.Run {
        try KPCheckProcess.run([TestModels.packageRoot + "/scripts/bench"] + arguments, executable: "/bin/bash")
    }
}
