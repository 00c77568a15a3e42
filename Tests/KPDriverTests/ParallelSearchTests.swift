import Foundation
import KPDriver
import KPExplorer
import KPMachine
import KPProperties
import XCTest

/// A search on several threads (`BreadthFirstSearch.threads`) must be the search on one:
/// the same states, transitions, levels and reductions, the same shortest trace of each
/// property to the step, the same solver questions in the same order (so `prove` writes
/// the same obligations), the same coverage. Chunks of 3 states make the threads hand
/// work back and forth hundreds of times a search, and replicas meet terms and path
/// conditions the machine has not made yet, which they must give back (`generation`).
final class ParallelSearchTests: XCTestCase {
    /// Everything a search's result and its machine's tables show.
    private struct Run: Equatable {
        var outcome: SearchOutcome
        var states, transitions, depth, terminal, reduced, proviso: Int
        var traces: [String: [UInt32]]
        var obligations: [String]
        var unexecutedLines: Int
        var unknownAnswers: Int
    }

    private static func run(_ config: MachineConfig, threads: Int, partialOrder: Bool = true, symmetry: Bool = true,
                            exact: Bool = false, maxStates: Int = 400_000, replicasTakeEveryChunk: Bool = false,
                            replication: Replication<Machine> = Replication(), chunkSize: Int = 3) throws -> Run {
        let machine = try Machine(config: config)
        machine.recordsCoverage = true
        var search = BreadthFirstSearch(system: machine, limits: SearchLimits(maxStates: maxStates))
        search.partialOrderReduction = partialOrder
        search.symmetry = symmetry
        search.exactStates = exact
        search.threads = threads
        search.replication = replication
        search.chunkSize = chunkSize
        search.replicasTakeEveryChunk = replicasTakeEveryChunk
        let result = try search.run()
        // The search let go of the system's lock during Z3's checks, and no longer does.
        XCTAssertNil(machine.solver.whileChecking, "the solver still releases a search's lock")
        return Run(outcome: result.outcome, states: result.states, transitions: result.transitions, depth: result.depth,
                   terminal: result.terminalStates, reduced: result.reducedStates, proviso: result.provisoExpansions,
                   traces: Dictionary(uniqueKeysWithValues: result.findings.map {
                       (Property(rawValue: $0.key)!.name, $0.value.path)
                   }),
                   obligations: machine.solver.obligations.map(\.smtlib),
                   unexecutedLines: machine.coverage().unexecutedLines.count, unknownAnswers: machine.unknownAnswers)
    }

    /// Two CPUs, interrupts and preemption: the shipped variant and mutants that break it.
    private func configs() throws -> [(label: String, config: MachineConfig)] {
        try TestModels.vmallocAndBarrierMutants()
    }

    func testThreadsChangeNothingASearchFinds() throws {
        var violated = 0
        for (label, config) in try configs() {
            let one = try Self.run(config, threads: 1)
            XCTAssertEqual(one.outcome == .complete || one.outcome == .allFound, true, label)
            XCTAssertGreaterThan(one.states, 500, label)
            XCTAssertGreaterThan(one.obligations.count, 0, label)
            if !one.traces.isEmpty { violated += 1 }
            XCTAssertEqual(try Self.run(config, threads: 2), one, "\(label), 2 threads")
            XCTAssertEqual(try Self.run(config, threads: 1, replicasTakeEveryChunk: true), one, "\(label), on replicas")
            if label == "kpkeys-v8 vmalloc" { XCTAssertEqual(try Self.run(config, threads: 3), one, "\(label), 3 threads") }
        }
        XCTAssertGreaterThanOrEqual(violated, 2, "the sample must hold mutants that break")
    }

    /// Every interleaving (no partial-order or symmetry reduction), and exact storage.
    func testThreadsChangeNothingWithoutReductionsOrWithExactStates() throws {
        let config = try XCTUnwrap(configs().first).config
        let full = try Self.run(config, threads: 1, partialOrder: false, symmetry: false)
        XCTAssertEqual(try Self.run(config, threads: 2, partialOrder: false, symmetry: false), full)
        let exact = try Self.run(config, threads: 1, exact: true)
        XCTAssertEqual(try Self.run(config, threads: 2, exact: true), exact)
        XCTAssertGreaterThan(full.states, exact.states, "the reductions reduce this model")
    }

    /// Two interrupts and four tasks' POR_EL1 symbols: path conditions a replica may see
    /// before the machine made them. Were replicas to keep what they conjoin or rename
    /// (see `Machine.generation`), this search would take other transitions by 30,000
    /// states, and the bound stops it in the middle of a level, with workers busy.
    func testThreadsChangeNothingWherePathConditionsGrow() throws {
        let run = try MutationRun(root: try TestModels.root, variant: "kpkeys-v8", scenarios: ["vmalloc-2x2"],
                                  settings: ["exception-entry-reset": "true"])
        let config = try XCTUnwrap(run.targets.first).config
        let one = try Self.run(config, threads: 1, maxStates: 30_000)
        XCTAssertEqual(one.outcome, .boundHit("--max-states 30000 reached"))
        XCTAssertEqual(try Self.run(config, threads: 2, maxStates: 30_000), one)
        // Where the replicas' answers are taken depends on timing, above; here, on
        // nothing: every chunk, on one thread.
        XCTAssertEqual(try Self.run(config, threads: 1, maxStates: 30_000, replicasTakeEveryChunk: true), one)
    }

    /// Replicas as `kpcheck check` makes them: a worker's on its own thread, the search's
    /// on the first worker's after its own, each from a config built apart, reading the
    /// machine only under the lock while the search goes on. A worker whose replica cannot
    /// be made stops, and the search does its work; what making one throws, the search throws.
    func testReplicasMadeWhileTheSearchGoesOnChangeNothing() throws {
        let (label, config) = try XCTUnwrap(configs().first)
        let one = try Self.run(config, threads: 1)
        final class Count: @unchecked Sendable {
            let lock = NSLock()
            var value = 0
        }
        let workers = Count(), search = Count()
        let apart = Replication<Machine>(makingUnder: { machine, lock in
            let made = Thread.isMainThread ? search : workers
            made.lock.lock()
            made.value += 1
            made.lock.unlock()
            return try machine.replica(config: config, locking: lock)
        })
        XCTAssertEqual(try Self.run(config, threads: 2, replication: apart), one, label)
        XCTAssertEqual(try Self.run(config, threads: 3, replication: apart), one, label)
        XCTAssertEqual(search.value, 0, "the search makes no replica on its own thread")
        XCTAssertEqual(workers.value, 2 + 3, "the workers make every replica, the search's too")
        XCTAssertEqual(try Self.run(config, threads: 2, replication: Replication(making: { _ in nil })), one, label)
        struct Refused: Error {}
        XCTAssertThrowsError(try Self.run(config, threads: 2, replication: Replication(making: { _ in throw Refused() }))) {
            XCTAssertTrue($0 is Refused, "\($0)")
        }
    }

    /// A check on two threads reports what it does on one: verdicts, traces, states, and
    /// the canonical schedule's barriers, POR_EL1 writes and exposure, which it measures on
    /// a thread of its own (`Beside`) while the search runs; and a violating variant too.
    func testACheckOnTwoThreadsReportsWhatItDoesOnOne() throws {
        for (variant, scenario, violated) in [("kpkeys-v8", "vmalloc", false), ("kpkeys-v4-batching", "irq-write", true)] {
            let job = try TestModels.job(variant, scenario, set: ["exception-entry-reset": "true"])
            let one = try job.run(searchThreads: 1), two = try job.run(searchThreads: 2)
            var metrics = two.metrics
            metrics.seconds = one.metrics.seconds
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            XCTAssertEqual(String(decoding: try encoder.encode(metrics), as: UTF8.self),
                           String(decoding: try encoder.encode(one.metrics), as: UTF8.self), variant)
            XCTAssertEqual(String(decoding: try encoder.encode(two.results), as: UTF8.self),
                           String(decoding: try encoder.encode(one.results), as: UTF8.self), variant)
            XCTAssertEqual(two.results.contains { $0.status == .violated }, violated, variant)
            XCTAssertGreaterThan(one.metrics.isb + one.metrics.porWrites, 0, variant)
        }
    }

    /// Chunks of the size `kpcheck` uses (256 states): a replica's chain of records then
    /// restarts in the middle of a chunk (every `LevelExpander.chainLength` successors), and
    /// the next level's chunks end there; chunks of 3 never reach it.
    func testWholeChunksAndTheirChainsChangeNothing() throws {
        let (label, config) = try XCTUnwrap(configs().first)
        let one = try Self.run(config, threads: 1)
        XCTAssertGreaterThan(one.states, 10 * 256, "levels must hold several chunks")
        XCTAssertEqual(try Self.run(config, threads: 2, chunkSize: 256), one, label)
        XCTAssertEqual(try Self.run(config, threads: 1, replicasTakeEveryChunk: true, chunkSize: 256), one, label)
    }
}
