import KPDriver
import KPExplorer
import KPMachine
import KPProperties
import XCTest

/// The partial-order reduction computes the steps of the CPU that moved last alone when
/// they are all local (`PersistentSet.expand`, `Machine.processCount`): the search takes
/// the steps it would take from a whole expansion, so states, transitions, verdicts and
/// traces are the same, and only the work on the steps it drops is saved.
final class ProcessExpansionTests: XCTestCase {
    private struct Run: Equatable {
        var outcome: SearchOutcome
        var states, transitions, depth, provisoExpansions: Int
        var traces: [String: [UInt32]]
    }

    private static func run(_ config: MachineConfig, alone: Bool, shortest: Bool) throws -> (Run, cacheHits: Int) {
        let machine = try Machine(config: config)
        machine.expandsProcessesAlone = alone
        XCTAssertEqual(machine.processCount, alone ? config.cpus : 0)
        var search = BreadthFirstSearch(system: machine, limits: SearchLimits(maxStates: 400_000))
        search.partialOrderReduction = true
        search.symmetry = true
        search.shortestTraces = shortest
        let result = try search.run()
        let run = Run(outcome: result.outcome, states: result.states, transitions: result.transitions,
                      depth: result.depth, provisoExpansions: result.provisoExpansions,
                      traces: Dictionary(uniqueKeysWithValues: result.findings.map {
                          (Property(rawValue: $0.key)!.name, $0.value.path)
                      }))
        return (run, machine.solver.cacheHits)
    }

    func testExpandingTheLastCPUAloneChangesNoCountVerdictOrTrace() throws {
        var violated = 0, saved = 0
        for (label, config) in try TestModels.vmallocAndBarrierMutants() {
            for shortest in [false, true] {
                let (whole, wholeHits) = try Self.run(config, alone: false, shortest: shortest)
                let (alone, aloneHits) = try Self.run(config, alone: true, shortest: shortest)
                XCTAssertEqual(alone, whole, "\(label), shortest traces \(shortest)")
                // The dropped CPUs' steps ask the solver (its cache) too.
                XCTAssertLessThanOrEqual(aloneHits, wholeHits, label)
                saved += wholeHits - aloneHits
                if !whole.traces.isEmpty { violated += 1 }
            }
        }
        XCTAssertGreaterThanOrEqual(violated, 2, "the sample must hold a mutant that breaks, so traces are compared")
        XCTAssertGreaterThan(saved, 0, "no step was dropped unexpanded: the test compares nothing")
    }
}
