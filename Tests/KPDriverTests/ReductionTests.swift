import KPDriver
import KPMachine
import KPReport
import XCTest

/// Partial-order reduction keeps every verdict and every shortest trace of the full search.
final class ReductionTests: XCTestCase {
    func testTwoCPUVerdictsMatchTheFullSearchWithFewerStates() throws {
        for variant in ["kpkeys-v8", "kpkeys-v8-unbatched", "mainline", "kpkeys-v4-batching"] {
            for reset in ["true", "false"] {
                let set = ["exception-entry-reset": reset]
                let full = try TestModels.check(variant, "vmalloc", set: set, reduction: .none)
                let reduced = try TestModels.check(variant, "vmalloc", set: set)
                XCTAssertEqual(reduced.results.map(\.status), full.results.map(\.status), "\(variant) reset=\(reset)")
                XCTAssertLessThan(reduced.metrics.states, full.metrics.states * 3 / 4, "\(variant) reset=\(reset)")
            }
        }
    }

    /// Two CPUs whose tasks never interact (no interrupts, no preemption, so no task
    /// switch of either kind): the reduction explores about one CPU's states plus the
    /// other's, not their product.
    func testIndependentCPUsAddUpInsteadOfMultiplying() throws {
        let set = ["exception-entry-reset": "true", "interrupts": "0", "preemption": "false"]
        let reduced = try TestModels.check("kpkeys-v8", "any", set: set, search: .interleaved, symmetry: .off)
        XCTAssertEqual(reduced.worst, .holds)
        XCTAssertEqual(reduced.metrics.states, 31_543)
        XCTAssertEqual(reduced.metrics.bounds, "2 CPUs, 2 tasks (and an idle task per CPU), no interrupts, no preemption, nest=2")
        let alone = try TestModels.check("kpkeys-v8", "any-1cpu", set: set)
        XCTAssertEqual(alone.metrics.states, 11_774)
        XCTAssertLessThan(reduced.metrics.states, 3 * alone.metrics.states)
    }

    /// A buggy patch whose every run ends at a fatal store: the cycle proviso expands
    /// such states again, fully, and no edge leaves them. It used to pick them again
    /// forever; it must count them as fully expanded and stop (BreadthFirstSearch's
    /// termination argument), with the unreduced search's verdicts and trace lengths.
    func testTheCycleProvisoTerminatesWhenFullExpansionsOnlyReachFatalFindings() throws {
        let overrides = [TestModels.mutant("set-context-without-isb")]
        for reset in ["true", "false"] {
            let set = ["exception-entry-reset": reset]
            let full = try TestModels.check("kpkeys-v8-unbatched", "vmalloc", overrides: overrides, set: set,
                                            reduction: .none)
            let reduced = try TestModels.check("kpkeys-v8-unbatched", "vmalloc", overrides: overrides, set: set)
            XCTAssertEqual(full.metrics.states, reset == "true" ? 1_690 : 777)
            XCTAssertEqual(reduced.status(.pgtableWritePermitted), .violated)
            XCTAssertEqual(reduced.results.map(\.status), full.results.map(\.status), "reset=\(reset)")
            XCTAssertEqual(reduced.results.map { $0.trace?.count }, full.results.map { $0.trace?.count })
            XCTAssertNotNil(reduced.statistics.range(of: "[1-9][0-9]* expanded again by the cycle proviso",
                                                     options: .regularExpression),
                            "the proviso must have been exercised: \(reduced.statistics)")
        }
    }
}
