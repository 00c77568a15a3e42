import KPExplorer
import XCTest

/// A graph given by its arcs, each with a cost; a state is one word, its node.
private struct Graph: CostedTransitionSystem {
    struct NoFinding: SearchFinding {
        var propertyKey: Int { 0 }
        var stopsPath: Bool { false }
    }
    var initial: [UInt32] = [0]
    var arcs: [UInt32: [(to: UInt32, cost: Int)]]

    func initialStates() -> [PackedState] { initial.map { [$0] } }

    func successors(of state: PackedState, into successors: inout [Successor<NoFinding>]) {
        for arc in arcs[state[0]] ?? [] { successors.append(Successor(state: [arc.to])) }
    }

    func edges(of state: PackedState) -> [CostedEdge<Int>] {
        (arcs[state[0]] ?? []).map { CostedEdge(state: [$0.to], cost: $0.cost) }
    }
}

/// The cheapest and dearest run.
private struct MinMax: PathCostBounds, Equatable {
    var min: Int, max: Int
    static let unreached = MinMax(min: .max, max: .min)
    static let finished = MinMax(min: 0, max: 0)
    mutating func formUnion(_ other: MinMax) { min = Swift.min(min, other.min); max = Swift.max(max, other.max) }
    func prefixed(by cost: Int) -> MinMax { self == .unreached ? self : MinMax(min: min + cost, max: max + cost) }
}

/// How many complete runs: bounds need not be sums.
private struct RunCount: PathCostBounds {
    var runs: Int
    static let unreached = RunCount(runs: 0)
    static let finished = RunCount(runs: 1)
    mutating func formUnion(_ other: RunCount) { runs += other.runs }
    func prefixed(by cost: Int) -> RunCount { self }
}

final class CostTraversalTests: XCTestCase {
    /// 0→1→3 costs 1 + 4, 0→1→2→3 costs 1 + 1 + 1, 0→2→3 costs 5 + 1.
    private let diamond = Graph(arcs: [0: [(1, 1), (2, 5)], 1: [(3, 4), (2, 1)], 2: [(3, 1)]])

    func testBoundsOverADAGAreTheCheapestAndDearestRun() throws {
        let result = try PathCostSearch(system: diamond, bounds: MinMax.self).run()
        XCTAssertEqual(result.bounds, MinMax(min: 3, max: 6))
        XCTAssertEqual(result.states, 4)
        XCTAssertFalse(result.cyclic)
        // State 2 is reached twice but expanded once; its two runs through it both count.
        XCTAssertEqual(try PathCostSearch(system: diamond, bounds: RunCount.self).run().bounds.runs, 3)
    }

    /// A second initial state already reached from the first adds its own runs (2→3, cost 1).
    func testEveryInitialStateStartsRuns() throws {
        var system = diamond
        system.initial = [0, 2]
        let result = try PathCostSearch(system: system, bounds: MinMax.self).run()
        XCTAssertEqual(result.bounds, MinMax(min: 1, max: 6))
        XCTAssertEqual(result.states, 4)
    }

    /// 0→1→0 closes a cycle: flagged, and left out of the only run, 0→1→2.
    func testACycleIsFlaggedAndLeftOut() throws {
        let system = Graph(arcs: [0: [(1, 1)], 1: [(0, 1), (2, 2)]])
        let result = try PathCostSearch(system: system, bounds: MinMax.self).run()
        XCTAssertTrue(result.cyclic)
        XCTAssertEqual(result.bounds, MinMax(min: 3, max: 3))
        XCTAssertEqual(result.states, 3)
    }

    func testNoRunEndsWhenEveryRunLoops() throws {
        let result = try PathCostSearch(system: Graph(arcs: [0: [(1, 1)], 1: [(0, 1)]]), bounds: MinMax.self).run()
        XCTAssertTrue(result.cyclic)
        XCTAssertEqual(result.bounds, .unreached)
    }

    func testTheWalkTakesTheFirstStepToTheEnd() throws {
        let steps = try FirstChoiceWalk(system: diamond).run()
        XCTAssertEqual(steps.map(\.state), [[1], [3]])
        XCTAssertEqual(steps.map(\.cost), [1, 4])
    }

    /// 0→1→2→3→1: the step back to 1 is the last one taken.
    func testTheWalkStopsAtTheFirstRepeatedState() throws {
        let system = Graph(arcs: [0: [(1, 1), (2, 10)], 1: [(2, 2)], 2: [(3, 3)], 3: [(1, 4), (4, 5)]])
        let steps = try FirstChoiceWalk(system: system).run()
        XCTAssertEqual(steps.map(\.state), [[1], [2], [3], [1]])
        XCTAssertEqual(steps.map(\.cost).reduce(0, +), 10)
    }
}
