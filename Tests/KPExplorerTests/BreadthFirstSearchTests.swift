import KPExplorer
import XCTest

/// Two counters, each stepped by +1 or +2 up to a bound; reaching (x, y) with x == y == target is
/// the "violation". The shortest path is known in closed form.
private struct Counters: TransitionSystem {
    struct Hit: SearchFinding {
        var propertyKey: Int
        var stopsPath: Bool
    }
    var bound: UInt32
    var target: UInt32
    /// The two counters are alike: (x, y) and (y, x) are one orbit.
    var symmetric = false

    func initialStates() -> [PackedState] { [[0, 0]] }

    func canonicalRepresentative(of state: PackedState) -> PackedState {
        symmetric ? state.sorted() : state
    }

    func successors(of state: PackedState, into successors: inout [Successor<Hit>]) {
        for i in 0..<2 {
            for step: UInt32 in [1, 2] where state[i] + step <= bound {
                var next = state
                next[i] += step
                let hit = next[0] == target && next[1] == target
                successors.append(Successor(state: next, findings: hit ? [Hit(propertyKey: 0, stopsPath: true)] : []))
            }
        }
    }
}

final class BreadthFirstSearchTests: XCTestCase {
    func testVisitsEveryStateOnce() throws {
        let result = try BreadthFirstSearch(system: Counters(bound: 9, target: 100)).run()
        XCTAssertEqual(result.outcome, .complete)
        XCTAssertEqual(result.states, 100)
        // Each counter below 8 has two moves, 8 has one, 9 has none: per counter 8*2 + 1 = 17.
        XCTAssertEqual(result.transitions, 2 * 17 * 10)
        // (9, 9) is ceil(9/2) + ceil(9/2) = 10 levels from (0, 0).
        XCTAssertEqual(result.depth, 10)
        XCTAssertEqual(result.terminalStates, 1)
        XCTAssertTrue(result.findings.isEmpty)
    }

    func testFindsAShortestPath() throws {
        let result = try BreadthFirstSearch(system: Counters(bound: 9, target: 5)).run()
        let found = try XCTUnwrap(result.findings[0])
        // 5 = 2 + 2 + 1 on each counter: 6 steps, plus the initial-state index.
        XCTAssertEqual(found.path.count, 7)
        var state: PackedState = [0, 0]
        let system = Counters(bound: 9, target: 5)
        for choice in found.path.dropFirst() {
            var successors: [Successor<Counters.Hit>] = []
            system.successors(of: state, into: &successors)
            state = successors[Int(choice)].state
        }
        XCTAssertEqual(state, [5, 5])
    }

    /// With symmetry, one state per orbit: the unordered pairs, 10 · 11 / 2. The path
    /// found is as short and replays, from the initial state, to the target.
    func testSymmetryKeepsOneStatePerOrbitAndRealShortestPaths() throws {
        var search = BreadthFirstSearch(system: Counters(bound: 9, target: 100, symmetric: true))
        search.symmetry = true
        XCTAssertEqual(try search.run().states, 55)
        search.system.target = 5
        let found = try XCTUnwrap(try search.run().findings[0])
        XCTAssertEqual(found.path.count, 7)
        var state: PackedState = [0, 0]
        for choice in found.path.dropFirst() {
            var successors: [Successor<Counters.Hit>] = []
            search.system.successors(of: state, into: &successors)
            state = successors[Int(choice)].state
        }
        XCTAssertEqual(state, [5, 5])
    }

    func testStateBoundGivesIncomplete() throws {
        let search = BreadthFirstSearch(system: Counters(bound: 9, target: 100), limits: SearchLimits(maxStates: 30))
        let result = try search.run()
        XCTAssertEqual(result.outcome, .boundHit("--max-states 30 reached"))
        XCTAssertEqual(result.states, 30)
    }

    func testStopsWhenEveryPropertyIsFound() throws {
        let search = BreadthFirstSearch(system: Counters(bound: 9, target: 2), limits: SearchLimits(stopWhenFound: [0]))
        let result = try search.run()
        XCTAssertEqual(result.outcome, .allFound)
        XCTAssertLessThan(result.states, 100)
    }

    func testCountsAreDeterministic() throws {
        let a = try BreadthFirstSearch(system: Counters(bound: 30, target: 17)).run()
        let b = try BreadthFirstSearch(system: Counters(bound: 30, target: 17)).run()
        XCTAssertEqual(a.states, b.states)
        XCTAssertEqual(a.transitions, b.transitions)
        XCTAssertEqual(a.findings[0]?.path, b.findings[0]?.path)
    }

    func testVisitedSetKeepsIdsAcrossGrowth() {
        var set = VisitedSet(capacity: 4)
        var ids: [UInt32] = []
        for i in 0..<1000 { ids.append(set.insert(key: Fingerprint([UInt32(i), 7])).id) }
        XCTAssertEqual(ids, (0..<1000).map(UInt32.init))
        for i in 0..<1000 {
            let again = set.insert(key: Fingerprint([UInt32(i), 7]))
            XCTAssertFalse(again.inserted)
            XCTAssertEqual(again.id, UInt32(i))
        }
        XCTAssertEqual(set.count, 1000)
    }
}
