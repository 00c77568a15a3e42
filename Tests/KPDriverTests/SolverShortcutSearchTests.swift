import KPDriver
import KPExplorer
import KPMachine
import KPProperties
import KPSolver
import XCTest

/// Answering a question from an earlier answer's model, or from contradicting literals
/// (`Solver.usesShortcuts`), changes nothing a search finds: the same states, shortest
/// traces, and solver questions with the same expected answers, so `prove` writes the
/// same obligations.
final class SolverShortcutSearchTests: XCTestCase {
    private struct Run: Equatable {
        var outcome: SearchOutcome
        var states, transitions, depth: Int
        var traces: [String: [UInt32]]
        var obligations: [String]
        var expected: [String]
    }

    private static func run(_ config: MachineConfig, shortcuts: Bool) throws -> (Run, solver: Solver) {
        let machine = try Machine(config: config)
        machine.solver.usesShortcuts = shortcuts
        let result = try BreadthFirstSearch(system: machine, limits: SearchLimits(maxStates: 400_000)).run()
        let run = Run(outcome: result.outcome, states: result.states, transitions: result.transitions, depth: result.depth,
                      traces: Dictionary(uniqueKeysWithValues: result.findings.map {
                          (Property(rawValue: $0.key)!.name, $0.value.path)
                      }),
                      obligations: machine.solver.obligations.map(\.smtlib),
                      expected: machine.solver.obligations.map(\.expectedZ3Answer))
        return (run, machine.solver)
    }

    func testShortcutsChangeNoVerdictTraceOrObligation() throws {
        var witnessHits = 0, contradictions = 0, violated = 0
        for (label, config) in try TestModels.vmallocAndBarrierMutants() {
            let (plain, plainSolver) = try Self.run(config, shortcuts: false)
            let (shortcut, solver) = try Self.run(config, shortcuts: true)
            XCTAssertEqual(shortcut, plain, label)
            XCTAssertEqual(plainSolver.witnessHits + plainSolver.contradictions, 0, label)
            XCTAssertEqual(plainSolver.z3Calls, plain.obligations.count, label)
            XCTAssertEqual(solver.witnessHits + solver.contradictions + solver.z3Calls, plain.obligations.count, label)
            XCTAssertTrue(plain.expected.contains("sat") && plain.expected.contains("unsat"), label)
            witnessHits += solver.witnessHits
            contradictions += solver.contradictions
            if !plain.traces.isEmpty { violated += 1 }
        }
        XCTAssertGreaterThan(witnessHits, 0, "no question was satisfied by a witness: the test compares nothing")
        XCTAssertGreaterThan(contradictions, 0, "no question was a contradiction: the test compares nothing")
        XCTAssertGreaterThanOrEqual(violated, 1, "the sample must hold a mutant that breaks")
    }
}
