import KPReport
import XCTest

final class KTAPWriterTests: XCTestCase {
    /// The parts of KTAP version 1 that `kunit.py parse` relies on, read back strictly:
    /// version lines, plans that match the number of results, results numbered from 1.
    struct Reader {
        struct Test { var ok: Bool; var name: String; var directive: String?; var diagnostics: [String] }
        struct Suite { var name: String; var ok: Bool; var tests: [Test] }

        static func read(_ text: String) throws -> [Suite] {
            var lines = text.split(separator: "\n").map(String.init)[...]
            XCTAssertEqual(lines.popFirst(), "KTAP version 1")
            let plan = try XCTUnwrap(lines.popFirst().flatMap { Int($0.dropFirst(3)) })
            var suites: [Suite] = []
            while !lines.isEmpty {
                XCTAssertEqual(lines.popFirst(), "    KTAP version 1")
                let name = try XCTUnwrap(lines.popFirst()?.replacingOccurrences(of: "    # Subtest: ", with: ""))
                let count = try XCTUnwrap(lines.popFirst().flatMap { Int($0.dropFirst("    1..".count)) })
                var tests: [Test] = [], diagnostics: [String] = []
                while let line = lines.first, line.hasPrefix("    ") {
                    lines.removeFirst()
                    if line.hasPrefix("    # ") { diagnostics.append(String(line.dropFirst(6))); continue }
                    let (ok, rest) = line.hasPrefix("    ok ") ? (true, line.dropFirst(7)) : (false, line.dropFirst(11))
                    XCTAssertTrue(ok || line.hasPrefix("    not ok "), line)
                    let parts = rest.components(separatedBy: " # ")
                    let words = parts[0].split(separator: " ", maxSplits: 1)
                    XCTAssertEqual(Int(words[0]), tests.count + 1)
                    tests.append(Test(ok: ok, name: String(words[1]), directive: parts.count > 1 ? parts[1] : nil,
                                      diagnostics: diagnostics))
                    diagnostics = []
                }
                XCTAssertEqual(tests.count, count, "plan of \(name)")
                let result = try XCTUnwrap(lines.popFirst())
                XCTAssertTrue(result == "ok \(suites.count + 1) \(name)" || result == "not ok \(suites.count + 1) \(name)", result)
                suites.append(Suite(name: name, ok: result.hasPrefix("ok"), tests: tests))
            }
            XCTAssertEqual(suites.count, plan)
            return suites
        }
    }

    func testSubtestPerVariantWithTraceAsDiagnostics() throws {
        let report = try Fixtures.irqWriteReport()
        let suites = try Reader.read(KTAPWriter.render(report))
        XCTAssertEqual(suites.map(\.name), ["kpkeys-v4-batching"])
        XCTAssertFalse(suites[0].ok)
        let tests = suites[0].tests
        XCTAssertEqual(tests.count, 14)
        XCTAssertEqual(tests.filter { !$0.ok }.map(\.name),
                       ["irq-write[exception-entry-reset=true]:pgtable-write-permitted",
                        "irq-write[exception-entry-reset=false]:pgtable-write-permitted"])
        XCTAssertEqual(tests.filter { $0.directive != nil }.map(\.name),
                       ["irq-write[exception-entry-reset=false]:irq-default-context"])
        XCTAssertEqual(tests.compactMap(\.directive), ["SKIP not applicable"])
        XCTAssertTrue(tests.filter { $0.directive != nil }.allSatisfy(\.ok))

        let failed = try XCTUnwrap(tests.first { !$0.ok })
        let violation = try XCTUnwrap(report.results.first { $0.status == .violated })
        XCTAssertEqual(failed.diagnostics.first, "pgtable-write-permitted violated at \(violation.location ?? "")")
        XCTAssertEqual(failed.diagnostics.count, 2 + 1 + (violation.trace?.count ?? 0), "message, header, one line per step")
        XCTAssertTrue(tests.filter(\.ok).allSatisfy(\.diagnostics.isEmpty))
    }

    func testAllHoldingVariantIsOk() throws {
        let report = Report(version: "0", results: [CheckResult(variant: "v", scenario: "s", options: [:],
                                                                 property: "por-restored", status: .holds)], metrics: [])
        XCTAssertEqual(KTAPWriter.render(report),
                       "KTAP version 1\n1..1\n    KTAP version 1\n    # Subtest: v\n    1..1\n    ok 1 s:por-restored\nok 1 v\n")
    }
}
