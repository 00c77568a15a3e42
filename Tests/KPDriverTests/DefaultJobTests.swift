import KPDriver
import KPFrontend
import KPMachine
import KPReport
import KPTestSupport
import XCTest

/// The default job and the acceptance checks of the machine issue, end to end.
final class DefaultJobTests: XCTestCase {
    func testEveryShippedVerdictIsAsExpected() throws {
        let outcome = try DefaultJob(root: TestModels.root, settings: CheckSettings()).run()
        let unexpected = outcome.report.results.filter { !$0.asExpected }
        XCTAssertEqual(unexpected.map { "\($0.variant) \($0.scenario) \($0.options) \($0.property): \($0.status)" }, [])
        XCTAssertTrue(outcome.allAsExpected)
        // 4 variants x 8 scenarios x 2 values of exception-entry-reset x 7 properties.
        XCTAssertEqual(outcome.report.results.count, 4 * 8 * 2 * 7)
        XCTAssertEqual(outcome.report.metrics.count, 4 * 8 * 2)

        let violated = outcome.report.results.filter { $0.status == .violated }
        XCTAssertEqual(Set(violated.map(\.variant)), ["kpkeys-v4-batching"])
        XCTAssertEqual(Set(violated.map(\.property)), ["pgtable-write-permitted"])
        XCTAssertEqual(Set(violated.map(\.scenario)), ["irq-write", "softirq-lazy", "pmd"])
        // Both with and without the exception-entry reset.
        XCTAssertEqual(violated.filter { $0.scenario == "irq-write" }.count, 2)
        // irq-default-context only applies with the reset.
        let notApplicable = outcome.report.results.filter { $0.status == .notApplicable }
        XCTAssertEqual(Set(notApplicable.map(\.property)), ["irq-default-context"])
        XCTAssertEqual(Set(notApplicable.map { $0.options["exception-entry-reset"] }), ["false"])
        XCTAssertEqual(notApplicable.count, 4 * 8)
    }

    func testStateCountsAreTheSameEveryRun() throws {
        let first = try TestModels.check("kpkeys-v8", "vmalloc", set: ["exception-entry-reset": "true"])
        let second = try TestModels.check("kpkeys-v8", "vmalloc", set: ["exception-entry-reset": "true"])
        XCTAssertEqual(first.metrics.states, second.metrics.states)
        XCTAssertEqual(first.metrics.transitions, second.metrics.transitions)
        XCTAssertEqual(first.metrics.depth, second.metrics.depth)
        XCTAssertGreaterThan(first.metrics.states, 1_000)
    }

    /// The seed patch as posted, applied with `--patch` to the unbatched variant, gives
    /// the verdicts (and the very state spaces) of kpkeys-v8. Skips without the mail (a
    /// user's clone).
    func testSeedPatchAsOverrideMatchesKpkeysV8() throws {
        let root = URL(fileURLWithPath: TestModels.packageRoot)
        guard let mail = SeedPatch.mailURL(above: root) else { throw XCTSkip(SeedPatch.missingMailReason(above: root)) }
        let applied = try AppliedPatch.apply([mail.path], to: try TestModels.root.variant("kpkeys-v8-unbatched"))
        defer { applied.remove() }
        XCTAssertEqual(applied.taken.count, 8)
        let seed = applied.overridePath
        for scenario in try TestModels.root.variant("kpkeys-v8").defaultScenarios ?? [] {
            for reset in ["true", "false"] {
                let set = ["exception-entry-reset": reset]
                let patched = try TestModels.check("kpkeys-v8-unbatched", scenario, overrides: [seed], set: set)
                let shipped = try TestModels.check("kpkeys-v8", scenario, set: set)
                XCTAssertEqual(patched.results.map(\.status), shipped.results.map(\.status), "\(scenario) reset=\(reset)")
                XCTAssertEqual(patched.metrics.states, shipped.metrics.states, "\(scenario) reset=\(reset)")
                XCTAssertEqual(patched.metrics.isb, shipped.metrics.isb)
            }
        }
    }

    func testAStateBoundGivesIncompleteNeverHolds() throws {
        let outcome = try TestModels.check("kpkeys-v8", "vmalloc", set: ["exception-entry-reset": "false"], maxStates: 500)
        // irq-default-context does not apply without the reset; everything else is unfinished.
        XCTAssertEqual(Set(outcome.results.map(\.status)), [.incomplete, .notApplicable])
        XCTAssertEqual(outcome.metrics.states, 500)
        XCTAssertTrue(outcome.metrics.outcome.hasPrefix("incomplete"))
        XCTAssertEqual(outcome.worst, .incomplete)
    }

    /// Canonical cost of vmalloc (2 PTEs in a section, then one single write), by hand:
    /// unbatched: 3 guarded stores x (write + isb, restore + isb) + the section's flush
    /// isb + the single write's barrier isb = 8 isb, 6 POR writes; v8: enter (write +
    /// isb), exit merged with the flush isb (write), single write (2 + 2 isb) and its
    /// barrier isb = 5 isb, 4 POR writes. Every variant: 2 barrier dsb + 2 task-switch
    /// dsb = 4 dsb.
    func testCanonicalCostOfVmalloc() throws {
        let unbatched = try TestModels.check("kpkeys-v8-unbatched", "vmalloc", set: ["exception-entry-reset": "false"])
        let batched = try TestModels.check("kpkeys-v8", "vmalloc", set: ["exception-entry-reset": "false"])
        XCTAssertEqual([unbatched.metrics.isb, unbatched.metrics.dsb, unbatched.metrics.porWrites], [8, 4, 6])
        XCTAssertEqual([batched.metrics.isb, batched.metrics.dsb, batched.metrics.porWrites], [5, 4, 4])
        XCTAssertEqual(unbatched.metrics.exposure, 0)
        XCTAssertGreaterThan(batched.metrics.exposure, 0)
    }
}
