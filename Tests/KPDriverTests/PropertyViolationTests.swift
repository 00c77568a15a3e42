import KPDriver
import KPMachine
import KPProperties
import KPReport
import XCTest

/// Every property is shown violated by some model: a checker that always said
/// "holds" would fail here. Each shortest trace has a known length and replays.
final class PropertyViolationTests: XCTestCase {
    private func assertViolated(_ property: Property, variant: String, scenario: String, mutant: String? = nil,
                                set: [String: String] = [:], steps: Int,
                                file: StaticString = #filePath, line: UInt = #line) throws {
        let overrides = mutant.map { [TestModels.mutant($0)] } ?? []
        let outcome = try TestModels.check(variant, scenario, overrides: overrides, set: set, properties: [property])
        let result = try XCTUnwrap(outcome.result(property), file: file, line: line)
        XCTAssertEqual(result.status, .violated, "\(property.name)", file: file, line: line)
        XCTAssertEqual(result.trace?.count, steps, "shortest trace of \(property.name)", file: file, line: line)
        XCTAssertEqual(result.trace?.last?.violations.contains { $0.hasPrefix(property.name + ":") }, true,
                       file: file, line: line)
        let trace = try XCTUnwrap(outcome.traces.first, file: file, line: line)
        switch try Replayer(root: TestModels.root).replay(trace, extraOverrides: [], extraSettings: [:]) {
        case .confirmed(let n, _): XCTAssertEqual(n, steps, file: file, line: line)
        case let other: XCTFail("replay did not confirm: \(other)", file: file, line: line)
        }
    }

    func testV4BatchingFaultsInInterruptHandler() throws {
        try assertViolated(.pgtableWritePermitted, variant: "kpkeys-v4-batching", scenario: "irq-write",
                           set: ["exception-entry-reset": "true"], steps: 4)
    }

    func testNestingThatEntersEveryLevelLeavesPageTablesWritable() throws {
        try assertViolated(.porRestored, variant: "kpkeys-v8", scenario: "nested",
                           mutant: "nesting-enters-every-level", set: ["exception-entry-reset": "false"], steps: 31)
    }

    func testExitWithoutSynchronizationLeavesStaleValue() throws {
        try assertViolated(.isbBeforeUse, variant: "kpkeys-v8", scenario: "user-zap",
                           mutant: "exit-without-isb", set: ["exception-entry-reset": "false"], steps: 11)
    }

    func testBarrierWithoutISB() throws {
        try assertViolated(.pteBarriers, variant: "kpkeys-v8-unbatched", scenario: "vmalloc",
                           mutant: "barrier-without-isb", set: ["exception-entry-reset": "false"], steps: 8)
    }

    func testEntryWithoutResetRunsHandlerWritable() throws {
        try assertViolated(.irqDefaultContext, variant: "kpkeys-v8", scenario: "irq-write",
                           mutant: "entry-without-reset", set: ["exception-entry-reset": "true"], steps: 6)
    }

    func testWholeRegisterWriteLosesOtherPkeys() throws {
        try assertViolated(.otherPkeysPreserved, variant: "kpkeys-v8-unbatched", scenario: "vmalloc",
                           mutant: "whole-register", set: ["exception-entry-reset": "false"], steps: 2)
    }

    func testWarningFires() throws {
        try assertViolated(.assertions, variant: "kpkeys-v8-unbatched", scenario: "vmalloc",
                           mutant: "leave-warns-pending", set: ["exception-entry-reset": "false"], steps: 20)
    }
}
