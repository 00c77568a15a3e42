import KPDriver
import KPFrontend
import KPMachine
import KPReport
import XCTest

/// `--exact` stores every state whole instead of its fingerprint: on shipped scenarios it
/// gives the same verdicts, state counts and trace lengths, and reports no collision
/// probability; the fingerprint search reports the birthday bound over its states.
final class ExactStorageTests: XCTestCase {
    private func assertSame(_ variant: String, _ scenario: String, set: [String: String],
                            search: SearchMethod? = nil, reduction: Reduction = .partialOrder,
                            file: StaticString = #filePath, line: UInt = #line) throws -> (JobOutcome, JobOutcome) {
        let hashed = try TestModels.check(variant, scenario, set: set, reduction: reduction, search: search)
        let exact = try TestModels.check(variant, scenario, set: set, reduction: reduction, search: search, exact: true)
        let label = "\(variant) \(scenario) \(set)"
        XCTAssertEqual(exact.results.map(\.status), hashed.results.map(\.status), label, file: file, line: line)
        XCTAssertEqual(exact.results.map { $0.trace?.count }, hashed.results.map { $0.trace?.count }, label,
                       file: file, line: line)
        XCTAssertEqual(exact.results.map(\.message), hashed.results.map(\.message), label, file: file, line: line)
        XCTAssertEqual([exact.metrics.states, exact.metrics.transitions, exact.metrics.depth],
                       [hashed.metrics.states, hashed.metrics.transitions, hashed.metrics.depth], label,
                       file: file, line: line)
        XCTAssertTrue(exact.metrics.exact, label, file: file, line: line)
        XCTAssertEqual(exact.metrics.collisionProbability, 0, label, file: file, line: line)
        XCTAssertFalse(hashed.metrics.exact, label, file: file, line: line)
        XCTAssertGreaterThan(hashed.metrics.collisionProbability, 0, label, file: file, line: line)
        return (hashed, exact)
    }

    func testInterleavedSearchesAgree() throws {
        let (hashed, _) = try assertSame("kpkeys-v8", "vmalloc", set: ["exception-entry-reset": "true"])
        XCTAssertEqual(hashed.metrics.states, 44_286)
        XCTAssertEqual(hashed.metrics.collisionProbability, 44_286.0 * 44_285 / 0x1p65, accuracy: 1e-20)
        _ = try assertSame("kpkeys-v8", "vmalloc", set: ["exception-entry-reset": "false"], reduction: .none)
        _ = try assertSame("kpkeys-v8", "switch", set: ["exception-entry-reset": "false"])
        _ = try assertSame("kpkeys-v8-unbatched", "nested", set: ["exception-entry-reset": "true"])
        let (v4, _) = try assertSame("kpkeys-v4-batching", "irq-write", set: ["exception-entry-reset": "true"])
        XCTAssertEqual(v4.status(.pgtableWritePermitted), .violated)
        XCTAssertEqual(v4.result(.pgtableWritePermitted)?.trace?.count, 4)
        _ = try assertSame("kpkeys-v4-batching", "pmd", set: ["exception-entry-reset": "false"])
    }

    /// The modular search keeps views, items and its step summaries exactly too; a
    /// violation it suspects is confirmed by an exact interleaved search.
    func testModularSearchesAgree() throws {
        let (hashed, _) = try assertSame("kpkeys-v8", "any-1cpu", set: ["exception-entry-reset": "false", "nest": "0"],
                                         search: .modular)
        XCTAssertEqual(hashed.worst, .holds)
        let (v4, exact) = try assertSame("kpkeys-v4-batching", "any-1cpu",
                                         set: ["exception-entry-reset": "true", "nest": "1", "preemption": "false"],
                                         search: .modular)
        XCTAssertEqual(v4.status(.pgtableWritePermitted), .violated)
        XCTAssertEqual(exact.status(.pgtableWritePermitted), .violated)
    }

    /// The collision probability is in every JSON metrics row (DESIGN.md §6), with `exact`.
    func testMetricsRowsCarryTheCollisionProbability() throws {
        let outcome = try TestModels.check("kpkeys-v8", "pause", set: ["exception-entry-reset": "false"])
        let row = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(outcome.metrics)) as? [String: Any]
        XCTAssertEqual(row?["collision_probability"] as? Double, outcome.metrics.collisionProbability)
        XCTAssertEqual(row?["exact"] as? Bool, false)
        XCTAssertEqual(outcome.metrics.collisionProbability, 947.0 * 946 / 0x1p65, accuracy: 1e-22)
    }
}
