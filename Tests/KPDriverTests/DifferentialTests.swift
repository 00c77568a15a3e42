import Foundation
import KPDriver
import KPExplorer
import KPIR
import KPMachine
import KPProperties
import XCTest

/// The guard on every reduction: each mutant `kpcheck mutate` makes of the shipped
/// variants, checked with the reductions and without, must end and give the same
/// verdicts, and the same shortest trace lengths where the step granularity is the same.
///
/// - partial-order reduction (with its cycle proviso) and symmetry reduction, as a user
///   runs them, against every interleaving of every state;
/// - reads merged into the next step (`MachineConfig.mergesPrivateReads`) against a
///   step for every read: same verdicts (traces differ by the merged steps);
/// - the modular search against the interleaved one where both apply: every property
///   the interleaved search finds violated, the modular search must report.
///
/// CI runs a deterministic sample that takes a few minutes on a debug build. The whole
/// matrix (every shipped variant, its scenarios and option points, every mutant) runs
/// with `KPCHECK_DIFFERENTIAL=full swift test -c release --filter DifferentialTests`.
final class DifferentialTests: XCTestCase {
    private var full: Bool { ProcessInfo.processInfo.environment["KPCHECK_DIFFERENTIAL"] == "full" }

    /// What one search made of a model: per property, the trace length of its shortest
    /// violation; or the model error that stopped it.
    private struct Verdicts: Equatable, CustomStringConvertible {
        var traceLengths: [Int: Int] = [:]
        var error: String?
        var description: String {
            error ?? traceLengths.sorted { $0.key < $1.key }
                .map { "\(Property(rawValue: $0.key)!.name): \($0.value) steps" }.joined(separator: ", ")
        }
    }

    private static func interleaved(_ config: MachineConfig, partialOrder: Bool, symmetry: Bool = false,
                                    limits: SearchLimits) throws -> Verdicts {
        do {
            var search = BreadthFirstSearch(system: try Machine(config: config), limits: limits)
            search.partialOrderReduction = partialOrder
            search.symmetry = symmetry
            let result = try search.run()
            guard result.outcome == .complete else { return Verdicts(error: "the search did not end: \(result.outcome)") }
            return Verdicts(traceLengths: result.findings.mapValues { $0.path.count - 1 })
        } catch let error as DiagnosticError {
            return Verdicts(error: error.description)
        }
    }

    private struct Case {
        var variant: String
        var scenarios: [String]
        var settings: [String: String]
        /// Every `stride`-th mutant (1: all of them).
        var stride: Int
    }

    private var interleavedCases: [Case] {
        if full {
            return ["kpkeys-v8", "kpkeys-v8-unbatched", "mainline", "kpkeys-v4-batching"].map {
                Case(variant: $0, scenarios: [], settings: [:], stride: 1)
            }
        }
        let small = ["irq-write", "pause", "pmd", "user-zap", "softirq-lazy", "nested"]
        return [
            Case(variant: "kpkeys-v8", scenarios: small, settings: ["exception-entry-reset": "true"], stride: 3),
            Case(variant: "kpkeys-v4-batching", scenarios: small, settings: ["exception-entry-reset": "false"], stride: 7),
            // Two CPUs, where partial-order reduction and the cycle proviso do their work.
            Case(variant: "kpkeys-v8", scenarios: ["vmalloc"], settings: ["exception-entry-reset": "false", "ptes": "1"],
                 stride: 8),
        ]
    }

    private typealias Job = (config: MachineConfig, label: String)

    /// Each mutant on each of the run's jobs: every barrier deletion (what reductions
    /// most easily get wrong) and a deterministic sample of the rest, one in `stride`.
    private static func jobs(_ run: MutationRun, stride: Int) -> (jobs: [Job], mutants: Int) {
        let mutants = run.mutants().enumerated()
            .filter { $0.offset % stride == 0 || $0.element.kind == .deleteBarrier }.map(\.element)
        var jobs: [Job] = []
        for mutant in mutants {
            for target in run.targets {
                guard let program = mutant.apply(to: target.config.program) else { continue }
                var config = target.config
                config.program = program
                jobs.append((config, "\(run.variant.name) \(target.label) \(mutant.location): \(mutant.description)"))
            }
        }
        return (jobs, mutants.count)
    }

    /// One mutant on one job: the three searches, and what disagreed.
    private static func compare(_ config: MachineConfig, limits: SearchLimits, label: String) throws -> [String] {
        var problems: [String] = []
        var config = config
        let reduced = try interleaved(config, partialOrder: true, symmetry: true, limits: limits)
        let everyInterleaving = try interleaved(config, partialOrder: false, limits: limits)
        if reduced != everyInterleaving {
            problems.append("partial-order and symmetry reduction, \(label): \(reduced) against \(everyInterleaving)")
        }
        config.mergesPrivateReads = false
        let everyRead = try interleaved(config, partialOrder: false, limits: limits)
        if Set(everyRead.traceLengths.keys) != Set(everyInterleaving.traceLengths.keys) || everyRead.error != everyInterleaving.error {
            problems.append("merged reads, \(label): \(everyInterleaving) against \(everyRead) with a step per read")
        }
        return problems
    }

    func testReductionsKeepEveryMutantsVerdicts() throws {
        let limits = SearchLimits(maxStates: full ? 20_000_000 : 400_000)
        var work: [Job] = []
        var mutantCount = 0
        for c in interleavedCases {
            let run = try MutationRun(root: try TestModels.root, variant: c.variant, scenarios: c.scenarios,
                                      settings: c.settings)
            let (jobs, mutants) = Self.jobs(run, stride: c.stride)
            work += jobs
            mutantCount += mutants
        }
        let jobs = work, started = Date()
        let problems = Locked<[String]>([]), failures = Locked<[String]>([])
        inParallel(jobs.count) { i in
            do {
                let found = try Self.compare(jobs[i].config, limits: limits, label: jobs[i].label)
                problems.update { $0 += found }
            } catch {
                failures.update { $0.append("\(jobs[i].label): \(error)") }
            }
        }
        XCTAssertEqual(failures.value, [])
        XCTAssertEqual(problems.value, [])
        // The sample is not empty, and it holds models that break.
        XCTAssertGreaterThan(mutantCount, 40)
        XCTAssertGreaterThan(work.count, 200)
        print("differential: \(mutantCount) mutants, \(work.count) mutant × job pairs, \(Int(Date().timeIntervalSince(started))) s")
    }

    /// The modular search over-approximates: whatever the interleaved search finds, it
    /// must report too (the driver then confirms it with the interleaved search).
    func testTheModularSearchMissesNoMutantsViolation() throws {
        let settings = ["exception-entry-reset": "false", "nest": "0"]
        let run = try MutationRun(root: try TestModels.root, variant: "kpkeys-v8", scenarios: ["any-1cpu"],
                                  settings: settings)
        let (all, _) = Self.jobs(run, stride: full ? 1 : 30)
        let problems = Locked<[String]>([]), violated = Locked(0)
        inParallel(all.count) { i in
            do {
                let interleaved = try Self.interleaved(all[i].config, partialOrder: true,
                                                       limits: SearchLimits(maxStates: 2_000_000))
                guard interleaved.error == nil else { return }
                let modular = try ModularSearch(system: try Machine(config: all[i].config)).run()
                let reported = Set(modular.findings.keys)
                if modular.outcome != .complete || !Set(interleaved.traceLengths.keys).isSubset(of: reported) {
                    problems.update { $0.append("modular search, \(all[i].label): interleaved \(interleaved), modular "
                        + "\(reported.map { Property(rawValue: $0)!.name }) (\(modular.outcome))") }
                }
                if !interleaved.traceLengths.isEmpty { violated.update { $0 += 1 } }
            } catch {
                problems.update { $0.append("\(all[i].label): \(error)") }
            }
        }
        XCTAssertEqual(problems.value, [])
        XCTAssertGreaterThan(all.count, 5)
        XCTAssertGreaterThanOrEqual(violated.value, 2, "the sample must hold mutants that break")
    }
}

/// A value shared by the worker threads of a test.
private final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.lock(); defer { lock.unlock() }; return stored }
    func update<R>(_ body: (inout Value) -> R) -> R { lock.lock(); defer { lock.unlock() }; return body(&stored) }
}

/// Runs `body` for 0..<count on every core, one index at a time, each worker with
/// machines of its own.
private func inParallel(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let next = Locked(0)
    DispatchQueue.concurrentPerform(iterations: ProcessInfo.processInfo.activeProcessorCount) { _ in
        while let i = next.update({ i -> Int? in
            guard i < count else { return nil }
            i += 1
            return i - 1
        }) {
            body(i)
        }
    }
}
