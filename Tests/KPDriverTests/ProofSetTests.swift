import Foundation
import KPDriver
import XCTest

final class ProofSetTests: XCTestCase {
    /// Each distinct obligation becomes one SMT-LIB2 file with its expected answer,
    /// and the summary lists the jobs and the files.
    func testObligationsAreWrittenOnceWithTheirAnswers() throws {
        var proofs = ProofSet(variant: "kpkeys-v8")
        let first = try TestModels.check("kpkeys-v8", "switch", set: ["exception-entry-reset": "false"])
        XCTAssertFalse(first.obligations.isEmpty)
        proofs.add(first, job: "switch")
        let count = proofs.fileCount
        // Obligations asked twice under different purposes are one script.
        let scripts = Set(first.obligations.filter { $0.expected != .unknown }.map {
            $0.smtlib.split(separator: "\n").filter { !$0.hasPrefix(";") }.joined(separator: "\n")
        })
        XCTAssertEqual(count, scripts.count)
        proofs.add(first, job: "switch again")
        XCTAssertEqual(proofs.fileCount, count, "the same obligations are not written twice")

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kpcheck-proofs-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try proofs.write(to: directory)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory + "/kpkeys-v8").sorted()
        XCTAssertEqual(files.count, count + 1)
        XCTAssertEqual(files.first, "0001.smt2")
        XCTAssertEqual(files.last, "SUMMARY.md")
        let text = try String(contentsOfFile: directory + "/kpkeys-v8/0001.smt2", encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("; first asked by: switch\n"))
        XCTAssertTrue(text.contains("\n; expected: sat\n") || text.contains("\n; expected: unsat\n"), text)
        XCTAssertTrue(text.contains("(check-sat)"))
        let summary = try String(contentsOfFile: directory + "/kpkeys-v8/SUMMARY.md", encoding: .utf8)
        XCTAssertTrue(summary.contains("| switch | exception-entry-reset=false | \(first.metrics.states) |"), summary)
        XCTAssertTrue(summary.contains("| 0001.smt2 |"))
    }
}
