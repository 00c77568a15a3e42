import KPDriver
import KPExplorer
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

    /// The reduced search meets the violation along a longer interleaving; the full
    /// search down to that depth gives back the shortest one (9 steps, as
    /// `--reduction none` finds it).
    func testTracesAreShortestWithReduction() throws {
        let set = ["exception-entry-reset": "true", "nest": "1", "preemption": "false"]
        let reduced = try TestModels.check("kpkeys-v4-batching", "any", set: set, properties: [.pgtableWritePermitted])
        XCTAssertEqual(reduced.status(.pgtableWritePermitted), .violated)
        XCTAssertEqual(reduced.traces.first?.path.count, 10)

        var search = BreadthFirstSearch(system: try Machine(config: reduced.config),
                                        limits: SearchLimits(stopWhenFound: [Property.pgtableWritePermitted.rawValue]))
        search.partialOrderReduction = true
        let raw = try XCTUnwrap(try search.run().findings[Property.pgtableWritePermitted.rawValue])
        XCTAssertGreaterThan(raw.path.count, 10)
    }
}
