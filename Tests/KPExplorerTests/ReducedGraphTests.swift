@testable import KPExplorer
import KPTestSupport
import XCTest

/// The cycle proviso's question (`ReducedGraph.statesToExpandFully`): the sweeps that
/// answer "none" must agree with Tarjan's search on every graph, cycles, back edges and
/// edges added by later full expansions included.
final class ReducedGraphTests: XCTestCase {
    /// A graph of `n` states, state `v`'s edges `edges[v]`, the fully expanded ones `full`.
    private func graph(_ edges: [[UInt32]], full: Set<Int>) -> ReducedGraph {
        var g = ReducedGraph()
        for (v, out) in edges.enumerated() {
            g.expand(UInt32(v), fully: full.contains(v))
            for w in out { g.addEdge(to: w) }
        }
        return g
    }

    func testATerminalCycleWithoutAFullExpansionIsNamedByItsOldestState() {
        // 0 -> 1 -> 2 -> 3 -> 1: the cycle {1, 2, 3} reaches nothing else.
        let g = graph([[1], [2], [3], [1]], full: [0])
        XCTAssertFalse(g.everyStateReachesAFullExpansion())
        XCTAssertEqual(g.statesToExpandFully(), [1])
        // One fully expanded state in the cycle: nothing to expand.
        XCTAssertEqual(graph([[1], [2], [3], [1]], full: [2]).statesToExpandFully(), [])
    }

    func testBackEdgesAreFollowedBySweepsUntilNothingChanges() {
        // Forward edges (into later levels): one sweep, in decreasing id order, sees each
        // target settled before its source.
        let forward = graph([[1], [2], [3], [4], [5], []], full: [5])
        XCTAssertTrue(forward.everyStateReachesAFullExpansion(maxSweeps: 1))
        // Back edges settle one state a sweep: 5 -> 4 -> ... -> 0 needs five.
        let backward = graph([[], [0], [1], [2], [3], [4]], full: [0])
        XCTAssertTrue(backward.everyStateReachesAFullExpansion(maxSweeps: 5))
        XCTAssertFalse(backward.everyStateReachesAFullExpansion(maxSweeps: 4))
        // Past the sweeps allowed, Tarjan decides: the same answer.
        XCTAssertEqual(backward.statesToExpandFully(), [])
        XCTAssertEqual(graph([[], [0], [1], [2], [3], [4], [7], [6]], full: [0]).statesToExpandFully(), [6])
    }

    func testEdgesOfLaterFullExpansionsCount() {
        var g = graph([[1], [0], []], full: [2])
        XCTAssertEqual(g.statesToExpandFully(), [0])
        g.markFullyExpanded(0)
        g.addLaterEdge(from: 0, to: 2)
        XCTAssertTrue(g.everyStateReachesAFullExpansion())
        XCTAssertEqual(g.statesToExpandFully(), [])
    }

    /// Random graphs, mostly forward edges as a breadth-first search makes them: the
    /// sweeps say "every state reaches one" exactly when Tarjan finds nothing to expand.
    func testSweepsAgreeWithTarjanOnRandomGraphs() {
        var rng = SplitMix64(seed: 13)
        var both = (none: 0, some: 0)
        for _ in 0..<2_000 {
            let n = Int(rng.next() % 40) + 1
            var edges: [[UInt32]] = []
            var full = Set<Int>()
            for v in 0..<n {
                if rng.next() % 6 == 0 { full.insert(v) }
                let degree = Int(rng.next() % 3)
                edges.append((0..<degree).map { _ in
                    rng.next() % 4 == 0 || v == n - 1 ? UInt32(rng.next() % UInt64(n))
                        : UInt32(v + 1 + Int(rng.next() % UInt64(n - v - 1)))
                })
            }
            var g = graph(edges, full: full)
            if rng.next() % 4 == 0 {
                let v = UInt32(rng.next() % UInt64(n))
                g.markFullyExpanded(v)
                g.addLaterEdge(from: v, to: UInt32(rng.next() % UInt64(n)))
            }
            let tarjan = g.terminalComponentsWithoutFullExpansion()
            for sweeps in [1, 4, 100] {
                let reaches = g.everyStateReachesAFullExpansion(maxSweeps: sweeps)
                if reaches { XCTAssertEqual(tarjan, [], "\(edges) \(full)") }
                if sweeps == 100 { XCTAssertEqual(reaches, tarjan.isEmpty, "\(edges) \(full)") }
            }
            XCTAssertEqual(g.statesToExpandFully(), tarjan)
            if tarjan.isEmpty { both.none += 1 } else { both.some += 1 }
        }
        XCTAssertGreaterThan(both.none, 50)
        XCTAssertGreaterThan(both.some, 50)
    }
}
