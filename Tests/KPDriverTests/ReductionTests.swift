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
}
