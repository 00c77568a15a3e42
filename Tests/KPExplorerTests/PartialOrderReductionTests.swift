import KPExplorer
import XCTest

/// Two processes, each a counter that goes round a ring of `size` values and never
/// talks to the other; process 1 "fails" when its counter reaches `target`. The wrap
/// from `size - 1` to 0 is the back edge of each ring.
private struct Rings: TransitionSystem {
    struct Hit: SearchFinding {
        var propertyKey: Int { 0 }
        var stopsPath: Bool { false }
    }
    var size: UInt32
    var target: UInt32
    /// Whether the wraps are reported as back edges (the system's promise to the proviso).
    var marksBackEdges = true

    func initialStates() -> [PackedState] { [[0, 0]] }

    func successors(of state: PackedState, into successors: inout [Successor<Hit>]) {
        for p in 0..<2 {
            var next = state
            next[p] = (state[p] + 1) % size
            let hit = p == 1 && next[1] == target
            successors.append(Successor(state: next, findings: hit ? [Hit()] : [], process: p, local: true,
                                        backEdge: marksBackEdges && next[p] == 0))
        }
    }
}

final class PartialOrderReductionTests: XCTestCase {
    func testReducedSearchFindsWhatTheFullSearchFinds() throws {
        var full = BreadthFirstSearch(system: Rings(size: 8, target: 5))
        full.partialOrderReduction = false
        var reduced = BreadthFirstSearch(system: Rings(size: 8, target: 5))
        reduced.partialOrderReduction = true
        let a = try full.run(), b = try reduced.run()
        XCTAssertEqual(a.states, 64)
        XCTAssertNotNil(a.findings[0])
        XCTAssertNotNil(b.findings[0])
        // Process 0 runs its ring alone; process 1 moves only where process 0 waits at its
        // back edge, and then runs alone: 8 + 8 + ... states, not 64.
        XCTAssertLessThan(b.states, a.states)
        XCTAssertGreaterThan(b.reducedStates, 0)
        XCTAssertEqual(b.outcome, .complete)
    }

    /// Without the proviso, process 0 would go round its ring for ever and process 1
    /// would never be expanded: the back-edge marks are what make the search sound.
    func testWithoutBackEdgesTheOtherProcessIsIgnored() throws {
        var search = BreadthFirstSearch(system: Rings(size: 8, target: 5, marksBackEdges: false))
        search.partialOrderReduction = true
        let result = try search.run()
        XCTAssertEqual(result.states, 8)
        XCTAssertNil(result.findings[0])
    }

    func testTheStateQueueGivesBackWhatItWasGiven() {
        let reference = PackedState((0..<100).map { UInt32($0 % 7) })
        var queue = StateQueue(reference: reference)
        var expected: [(UInt32, PackedState)] = []
        var generator = SystemRandomNumberGenerator()
        for id in 0..<50 {
            var state = reference
            for _ in 0..<(id % 9) { state[Int.random(in: 0..<100, using: &generator)] = UInt32.random(in: 0...9, using: &generator) }
            queue.append(id: UInt32(id), state)
            expected.append((UInt32(id), state))
        }
        XCTAssertEqual(queue.count, 50)
        // A state close to the reference costs its id, a 4-word bitmap and its differences.
        XCTAssertLessThan(queue.memoryBytes, 50 * (1 + 4 + 9) * 4)
        var state: PackedState = []
        for (id, want) in expected {
            XCTAssertEqual(queue.next(into: &state), id)
            XCTAssertEqual(state, want)
        }
        XCTAssertNil(queue.next(into: &state))
        XCTAssertTrue(queue.isEmpty)
    }

    /// Process 0 moves first in the reduced graph, so process 1 reaches 5 only after
    /// process 0 went round its ring; the bounded full search finds the 5-step trace.
    func testTracesAreShortestWithReduction() throws {
        var search = BreadthFirstSearch(system: Rings(size: 8, target: 5))
        search.partialOrderReduction = true
        search.shortestTraces = false
        let raw = try XCTUnwrap(try search.run().findings[0])
        XCTAssertEqual(raw.path.count, 1 + 7 + 5)
        search.shortestTraces = true
        let shortest = try XCTUnwrap(try search.run().findings[0])
        XCTAssertEqual(shortest.path, [0, 1, 1, 1, 1, 1])
    }

    func testTheDepthBoundStopsTheSearch() throws {
        let result = try BreadthFirstSearch(system: Rings(size: 8, target: 7), limits: SearchLimits(maxDepth: 3)).run()
        XCTAssertEqual(result.outcome, .boundHit("depth bound of 3 steps reached"))
        XCTAssertNil(result.findings[0])
        // (a, b) with a + b <= 3.
        XCTAssertEqual(result.states, 10)
    }
}
