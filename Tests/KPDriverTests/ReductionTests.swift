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

    /// Two CPUs whose tasks never interact (no interrupts, so no preemption): the
    /// reduction explores about one CPU's states plus the other's, not their product.
    func testIndependentCPUsAddUpInsteadOfMultiplying() throws {
        let set = ["exception-entry-reset": "true", "interrupts": "0"]
        let reduced = try TestModels.check("kpkeys-v8", "any", set: set, search: .interleaved, symmetry: .off)
        XCTAssertEqual(reduced.worst, .holds)
        XCTAssertEqual(reduced.metrics.states, 31_543)
        XCTAssertEqual(reduced.metrics.bounds, "2 CPUs, 2 tasks (and an idle task per CPU), no interrupts, preemption, nest=2")
        let alone = try TestModels.check("kpkeys-v8", "any-1cpu", set: set)
        XCTAssertEqual(alone.metrics.states, 11_774)
        XCTAssertLessThan(reduced.metrics.states, 3 * alone.metrics.states)
    }
}
