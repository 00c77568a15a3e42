import KPExplorer
import XCTest

/// Two processes, each a counter that never talks to the other; process 1 "fails"
/// when its counter reaches `target`. Process 1 goes round a ring of `size` values;
/// process 0 counts to `size - 1` and then goes round from `loopStart`.
private struct Rings: TransitionSystem {
    struct Hit: SearchFinding {
        var propertyKey: Int { 0 }
        var stopsPath: Bool { false }
    }
    var size: UInt32
    var target: UInt32
    var loopStart: UInt32 = 0

    func initialStates() -> [PackedState] { [[0, 0]] }

    func successors(of state: PackedState, into successors: inout [Successor<Hit>]) {
        for p in 0..<2 {
            var next = state
            next[p] = state[p] + 1 == size ? (p == 0 ? loopStart : 0) : state[p] + 1
            let hit = p == 1 && next[1] == target
            successors.append(Successor(state: next, findings: hit ? [Hit()] : [], process: p, local: true))
        }
    }
}

/// Process 0 goes round a ring of local steps; process 1's only step, from anywhere,
/// is fatal: it ends its path, so it adds no edge to the reduced graph.
private struct RingAndCrash: TransitionSystem {
    struct Crash: SearchFinding {
        var propertyKey: Int { 0 }
        var stopsPath: Bool { true }
    }

    func initialStates() -> [PackedState] { [[0]] }

    func successors(of state: PackedState, into successors: inout [Successor<Crash>]) {
        successors.append(Successor(state: [(state[0] + 1) % 4], process: 0, local: true))
        successors.append(Successor(state: state, findings: [Crash()], process: 1, local: true))
    }
}

/// `Rings` whose process 0 steps are not local (so the reduction takes process 1's),
/// expanding one process at a time when `byProcess`, and counting the expansions of each.
private final class CountedRings: TransitionSystem {
    typealias Finding = Rings.Hit
    var rings: Rings
    let byProcess: Bool
    var expansions = [0, 0]

    init(_ rings: Rings, byProcess: Bool) {
        self.rings = rings
        self.byProcess = byProcess
    }

    func initialStates() -> [PackedState] { rings.initialStates() }

    var processCount: Int { byProcess ? 2 : 0 }

    func successors(of state: PackedState, into successors: inout [Successor<Rings.Hit>]) {
        for p in 0..<2 { self.successors(of: state, process: p, into: &successors) }
    }

    func successors(of state: PackedState, process: Int, into successors: inout [Successor<Rings.Hit>]) {
        expansions[process] += 1
        var all: [Successor<Rings.Hit>] = []
        rings.successors(of: state, into: &all)
        var step = all[process]
        step.local = process == 1
        successors.append(step)
    }
}

final class PartialOrderReductionTests: XCTestCase {
    /// Expanding the process that moved last alone takes the steps a whole expansion
    /// takes, without computing the others': the same states, transitions and traces, and
    /// a trace names each step by its index among all of its state's successors.
    func testExpandingOneProcessAloneTakesTheStepsAWholeExpansionTakes() throws {
        var results: [SearchResult<Rings.Hit>] = [], systems: [CountedRings] = []
        for byProcess in [false, true] {
            let system = CountedRings(Rings(size: 8, target: 5), byProcess: byProcess)
            var search = BreadthFirstSearch(system: system)
            search.partialOrderReduction = true
            search.shortestTraces = false
            results.append(try search.run())
            systems.append(system)
        }
        let (whole, alone) = (results[0], results[1])
        XCTAssertEqual(alone.outcome, .complete)
        XCTAssertEqual(alone.states, whole.states)
        XCTAssertEqual(alone.transitions, whole.transitions)
        XCTAssertEqual(alone.provisoExpansions, whole.provisoExpansions)
        // Process 1's steps are taken (index 1 of each state's two successors) up to the target.
        XCTAssertEqual(whole.findings[0]?.path, [0, 1, 1, 1, 1, 1])
        XCTAssertEqual(alone.findings[0]?.path, whole.findings[0]?.path)
        // Alone, process 0 is expanded only where process 1 did not move last (the
        // initial state), the proviso's states, and the trace's replay.
        XCTAssertEqual(systems[0].expansions[0], systems[0].expansions[1])
        XCTAssertLessThan(systems[1].expansions[0] * 2, systems[1].expansions[1])
        XCTAssertEqual(PersistentSet.resolve(PersistentSet.choice(step: 0, of: 1), in: [
            Successor<Rings.Hit>(state: [], process: 0), Successor(state: [], process: 1), Successor(state: [], process: 1),
        ]), 1)
    }

    /// The proviso expands one state of process 0's ring fully; its only new step is
    /// fatal, so no edge leaves the ring. The state still counts as fully expanded and
    /// the search stops (it used to pick the same state again for ever).
    func testTheProvisoStopsWhenAFullExpansionOnlyReachesFatalSteps() throws {
        var search = BreadthFirstSearch(system: RingAndCrash())
        search.partialOrderReduction = true
        let result = try search.run()
        XCTAssertEqual(result.outcome, .complete)
        XCTAssertEqual(result.states, 4)
        XCTAssertEqual(result.provisoExpansions, 1)
        XCTAssertEqual(result.findings[0]?.path, [0, 1])
    }

    func testReducedSearchFindsWhatTheFullSearchFinds() throws {
        var full = BreadthFirstSearch(system: Rings(size: 8, target: 5))
        full.partialOrderReduction = false
        var reduced = BreadthFirstSearch(system: Rings(size: 8, target: 5))
        reduced.partialOrderReduction = true
        let a = try full.run(), b = try reduced.run()
        XCTAssertEqual(a.states, 64)
        XCTAssertNotNil(a.findings[0])
        XCTAssertEqual(b.outcome, .complete)
        // Process 0 goes round its ring alone (8 states, one terminal component); the
        // proviso expands one of them fully, and process 1 then goes round its ring
        // alone (7 more states); that component has a fully expanded state, so it stops.
        XCTAssertEqual(b.states, 15)
        XCTAssertEqual(b.provisoExpansions, 1)
        // Without the proviso the search would end after process 0's ring, missing this.
        XCTAssertNotNil(b.findings[0])
    }

    /// Process 0 moves first in the reduced graph and the proviso expands its loop at
    /// 3, so process 1 reaches 5 after process 0's first 3 steps; the bounded full
    /// search finds the 5-step trace.
    func testTracesAreShortestWithReduction() throws {
        var search = BreadthFirstSearch(system: Rings(size: 8, target: 5, loopStart: 3))
        search.partialOrderReduction = true
        search.shortestTraces = false
        let raw = try XCTUnwrap(try search.run().findings[0])
        XCTAssertEqual(raw.path.count, 1 + 3 + 5)
        search.shortestTraces = true
        let shortest = try XCTUnwrap(try search.run().findings[0])
        XCTAssertEqual(shortest.path, [0, 1, 1, 1, 1, 1])
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

    func testTheDepthBoundStopsTheSearch() throws {
        let result = try BreadthFirstSearch(system: Rings(size: 8, target: 7), limits: SearchLimits(maxDepth: 3)).run()
        XCTAssertEqual(result.outcome, .boundHit("depth bound of 3 steps reached"))
        XCTAssertNil(result.findings[0])
        // (a, b) with a + b <= 3.
        XCTAssertEqual(result.states, 10)
    }
}
