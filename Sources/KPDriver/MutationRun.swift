import Foundation
import KPExplorer
import KPFrontend
import KPIR
import KPMachine
import KPReport

/// `kpcheck mutate`: mutants of a variant's own code, each checked over the scenarios
/// until one property kills it.
///
/// "Own code" is every function defined in the variant's override files or in the
/// kernel files of the kpkeys path (`ownKernelFiles`); the scenarios' workloads and the
/// generic helpers (`por.h`, `sched.h`, `compiler.h`) are left alone. Each job
/// (scenario × option point) is built once into a `Target`; a mutant is the target's
/// program with one instruction changed, run on a Machine of its own.
public struct MutationRun {
    public static let ownKernelFiles = ["kpkeys.h", "pgtable.h", "lazy_mmu.h", "entry.c"]

    /// One scenario × option point, built: what every mutant is checked against.
    public struct Target: Sendable {
        /// `scenario option=value,…`, as reports name it.
        public var label: String
        public var config: MachineConfig
        public var limits: SearchLimits
        /// The search's reductions and storage, as `check` would use them.
        public var reduction: Reduction
        public var symmetry: SymmetryReduction
        public var exact: Bool
    }

    public var variant: VariantManifest
    public private(set) var targets: [Target] = []
    /// What decides the run's pairs and verdicts, as a shard's report records it.
    public private(set) var shardSettings: [String: String] = [:]

    /// `search` gives the searches' options (`--reduction`, `--symmetry`, `--exact`,
    /// `--max-memory`, `--override`); `settings` and `maxStates` replace its own. Every
    /// mutant is checked with the interleaved search, so `--search modular` is refused.
    public init(root: ModelRoot, variant name: String, scenarios: [String] = [], settings: [String: String] = [:],
                maxStates: Int = 20_000_000, search: CheckSettings = CheckSettings()) throws {
        if search.search == .modular { throw DiagnosticError(DriverError.modularMutation) }
        variant = try root.variant(name)
        var base = search
        base.maxStates = maxStates
        base.settings = CheckSettings(settings: settings).settings
        let jobs = try CheckJob.plan([variant], scenarios: scenarios, in: root) { _ in base }
        for job in jobs {
            let labels = CompareTable.optionText(job.optionLabels, sweep: nil)
            targets.append(Target(label: job.scenario.name + (labels.isEmpty ? "" : " " + labels),
                                  config: try job.machineConfig(try job.build()),
                                  limits: SearchLimits(maxStates: maxStates,
                                                       maxMemoryBytes: job.settings.maxMemoryMiB << 20),
                                  reduction: base.reduction, symmetry: base.symmetry, exact: base.exact))
        }
        shardSettings = base.shardSettings
        shardSettings["variant"] = variant.name
        shardSettings["targets"] = targets.map(\.label).joined(separator: ";")
    }

    /// Whether a source file is the variant's own code.
    public func isOwn(_ file: String) -> Bool {
        let variantDirectory = "variants/\(variant.name)/"
        return file.contains(variantDirectory)
            || Self.ownKernelFiles.contains { file.hasSuffix("kernel/\($0)") }
    }

    public func mutants() -> [Mutation] {
        guard let program = targets.first?.config.program else { return [] }
        return MutationGenerator.mutants(of: program, mutating: isOwn)
    }

    /// Every mutant × target pair, mutant by mutant, targets in order: the jobs `--shard`
    /// divides. A shard checks each mutant on its own targets of the pairs it takes, still
    /// stopping at the first that kills it; merged in pair order, the shards' verdicts are
    /// the unsharded run's, since every target before a kill was checked by some shard.
    public func jobs(_ mutants: [Mutation]) -> [(mutant: Int, target: Int)] {
        mutants.indices.flatMap { m in targets.indices.map { (m, $0) } }
    }

    /// Checks the mutants in parallel, one Machine (and term store and solver) per mutant;
    /// the verdicts come back in the mutants' order. With a shard, only its pairs are
    /// checked, and only the mutants with some pair in it have a verdict.
    public func check(_ mutants: [Mutation], threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                      shard: Shard? = nil,
                      onDone: (MutationVerdict) -> Void = { _ in }) throws -> [MutationVerdict] {
        var own = Array(repeating: [Target](), count: mutants.count)
        for (_, pair) in (shard ?? .whole).take(jobs(mutants)) { own[pair.mutant].append(targets[pair.target]) }
        let checked = checkedMutants(mutants, shard: shard)
        return try JobPool.map(checked.count, threads: threads, { i in
            try Self.check(mutants[checked[i]], on: own[checked[i]])
        }, onEnd: { _, verdict in onDone(verdict) })
    }

    /// The indices of the mutants a shard checks (those with a pair in its share), in
    /// order: whose verdicts `check` gives.
    public func checkedMutants(_ mutants: [Mutation], shard: Shard?) -> [Int] {
        Array(Set((shard ?? .whole).take(jobs(mutants)).map(\.job.mutant))).sorted()
    }

    /// The targets in order, stopping at the first one in which some property is violated.
    /// A search that hits a bound counts as survived there: nothing was shown violated.
    static func check(_ mutant: Mutation, on targets: [Target]) throws -> MutationVerdict {
        var verdict = MutationVerdict(mutant: mutant, killedBy: nil, survivedIn: [])
        for target in targets {
            guard let program = mutant.apply(to: target.config.program) else { continue }
            var config = target.config
            config.program = program
            do {
                let machine = try Machine(config: config)
                if let violation = try MutationSearch.firstViolation(machine, in: target) {
                    verdict.killedBy = (violation.property.name, target.label)
                    return verdict
                }
            } catch let error as DiagnosticError {
                // The mutant broke the model itself (say, a page-table pointer no longer
                // set up): the machine stops it as the kernel would oops.
                verdict.killedBy = ("model error: " + (error.location.map { "\($0): " } ?? "") + error.message, target.label)
                return verdict
            }
            verdict.survivedIn.append(target.label)
        }
        return verdict
    }
}
