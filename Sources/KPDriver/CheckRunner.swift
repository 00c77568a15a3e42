import Foundation
import KPExplorer
import KPFrontend
import KPIR
import KPMachine
import KPProperties
import KPReport
import KPSolver

/// One variant × scenario × option values: build, explore, judge every property,
/// rebuild the shortest trace of each violation, count the canonical schedule.
public struct CheckJob {
    public var variant: VariantManifest
    public var scenario: ScenarioManifest
    /// The values of the variant's options for this job (one point of its matrix).
    public var options: [String: OptionValue]
    public var settings: CheckSettings

    public init(variant: VariantManifest, scenario: ScenarioManifest, options: [String: OptionValue],
                settings: CheckSettings) {
        self.variant = variant
        self.scenario = scenario
        self.options = options
        self.settings = settings
    }

    /// Options shown with results: the ones the variant's matrix varies, and any `--set`.
    public var optionLabels: [String: String] {
        var labels: [String: String] = [:]
        for (name, values) in variant.options {
            if let set = settings.settings[name] {
                labels[name] = set
            } else if values.count > 1, let value = options[name] {
                labels[name] = value.description
            }
        }
        return labels
    }
}

public struct JobOutcome {
    /// Search figures for benchmarks: states/s, visited-set bytes per state, state width.
    public var statistics: String
    public var results: [CheckResult]
    public var metrics: MetricsRow
    public var traces: [SavedTrace]
    /// What the search never executed, when `CheckSettings.coverage` asked for it.
    public var coverage: Coverage?
    /// Every distinct question the search sent to Z3, with its answer (`kpcheck prove`).
    public var obligations: [Obligation]
    /// The machine the job ran, for further analysis without building the model again.
    public var config: MachineConfig
    /// The front end's warnings about the model (override definitions nothing uses).
    public var warnings: [BuildWarning]
    /// The verdict DESIGN.md §6 exit codes are computed from.
    public var worst: Status {
        if results.contains(where: { $0.status == .violated }) { return .violated }
        if results.contains(where: { $0.status == .incomplete || $0.status == .unknown }) { return .incomplete }
        return .holds
    }
}

extension CheckJob {
    /// The machine this job runs, built from its models.
    public func machineConfig() throws -> MachineConfig { try machineConfig(build()) }

    func machineConfig(_ built: BuiltModel) throws -> MachineConfig {
        guard let s = built.scenario else { throw DiagnosticError(DriverError.noScenario) }
        var config = MachineConfig(program: built.program, cpus: s.cpus, taskEntries: s.taskEntries, hardirq: s.hardirq,
                                   softirq: s.softirq, interrupts: s.interrupts, irqNesting: s.irqNesting,
                                   preemption: s.preemption, featExS: built.options.featExS,
                                   exceptionEntryReset: built.options.exceptionEntryReset)
        config.mergesPrivateReads = settings.mergesPrivateReads
        return config
    }

    /// The bounds a verdict holds within, in words: `2 CPUs, 2 tasks (and an idle task per
    /// CPU), unbounded interrupts nesting 1 deep, preemption, nest=2`.
    static func describeBounds(_ s: ResolvedScenario, search: SearchMethod = .interleaved) -> String {
        let interrupts = s.interrupts < 0 ? "unbounded interrupts" : s.interrupts == 0 ? "no interrupts"
            : "\(s.interrupts) interrupt\(s.interrupts == 1 ? "" : "s")"
        var parts = ["\(s.cpus) CPU\(s.cpus == 1 ? "" : "s")",
                     "\(s.taskEntries.count) task\(s.taskEntries.count == 1 ? "" : "s") (and an idle task per CPU)",
                     s.interrupts == 0 ? interrupts : "\(interrupts) nesting \(s.irqNesting) deep",
                     s.preemption ? "preemption" : "no preemption"]
        parts += s.params.keys.sorted().map { "\($0)=\(s.params[$0]!)" }
        if search == .modular { parts.append("modular search (each CPU on its own, waiting tasks shared)") }
        return parts.joined(separator: ", ")
    }

    func build() throws -> BuiltModel {
        try Frontend.build(BuildRequest(variant: variant, scenario: scenario, overrides: settings.overrides,
                                        options: options, settings: settings.settings))
    }

    /// The search method this job uses: `--search`, else the scenario's.
    public var searchMethod: SearchMethod { settings.search ?? scenario.search }

    /// `run()` with the interleaved search on `searchThreads` threads (the job list's
    /// share for this job).
    public func run(searchThreads: Int) throws -> JobOutcome {
        var job = self
        job.settings.searchThreads = searchThreads
        return try job.run()
    }

    public func run() throws -> JobOutcome {
        let built = try build()
        let config = try machineConfig(built)
        let machine = try Machine(config: config)
        machine.recordsCoverage = settings.coverage
        machine.exactSummaries = settings.exact
        // The canonical schedule's barriers and exposure need nothing of the searches: with
        // threads to search on, measured beside them, while the levels are too small for
        // the other threads to help (about a millisecond, on one thread before).
        let canonical = settings.searchThreads > 1 ? Beside { try CanonicalCost.measure(config) } : nil
        let selected = settings.properties ?? Property.allCases
        let applicable = selected.filter { $0.applies(to: config) }
        let limits = SearchLimits(maxStates: settings.maxStates, maxMemoryBytes: settings.maxMemoryMiB << 20,
                                  stopWhenFound: Set(applicable.map(\.rawValue)))

        // The modular search proves what it can; what it may have seen violated, the
        // interleaved search confirms with a trace (or does not reach).
        var modular: ModularResult<Violation>?
        var interleavedFor = Set(applicable.map(\.rawValue))
        if searchMethod == .modular {
            var search = ModularSearch(system: machine, limits: limits)
            search.progress = settings.progress
            search.exactStates = settings.exact
            let result = try search.run()
            modular = result
            interleavedFor = Set(result.findings.keys)
        }
        var found: SearchResult<Violation>?
        var reduced = false
        if !interleavedFor.isEmpty {
            var interleavedLimits = limits
            interleavedLimits.stopWhenFound = interleavedFor
            var search = BreadthFirstSearch(system: machine, limits: interleavedLimits)
            search.partialOrderReduction = settings.reduction == .partialOrder
            search.symmetry = settings.symmetry == .on
            search.progress = settings.progress
            search.exactStates = settings.exact
            search.threads = settings.searchThreads
            // Each replica gets a config built apart, so that threads share no buffer; built
            // on the thread that makes the replica, while the search goes on.
            search.replication = Replication { machine, lock in
                try machine.replica(config: try machineConfig(try build()), locking: lock)
            }
            found = try search.run()
            reduced = search.partialOrderReduction
        }

        // The search whose completeness a `holds` rests on.
        let proving = modular?.outcome ?? found?.outcome ?? .complete
        let labels = optionLabels
        var results: [CheckResult] = []
        var traces: [SavedTrace] = []
        for property in selected {
            var result = CheckResult(variant: variant.name, scenario: scenario.name, options: labels,
                                     property: property.name, status: .holds)
            let key = property.rawValue
            if !property.applies(to: config) {
                result.status = .notApplicable
            } else if let found, interleavedFor.contains(key), let violation = found.findings[key] {
                let steps = try TraceBuilder.steps(of: violation.path, on: machine)
                result.status = .violated
                result.message = violation.finding.message
                result.location = violation.finding.location.description
                result.trace = steps
                traces.append(SavedTrace(variant: variant.name, scenario: scenario.name, options: labels,
                                         overrides: settings.overrides, settings: settings.settings,
                                         property: property.name, message: violation.finding.message,
                                         path: violation.path, steps: steps))
            } else if case .boundHit = proving {
                result.status = .incomplete
                result.message = "not violated in the part explored, but the \(modular == nil ? "" : "modular ")search stopped early"
            } else if let suspect = modular?.findings[key], found?.outcome != .complete {
                result.status = .incomplete
                result.message = "the modular search found a possible violation (\(suspect.message), at "
                    + "\(suspect.location)) that the interleaved search did not reach before it stopped"
            } else if machine.unknownAnswers > 0 {
                result.status = .unknown
                result.message = "\(machine.unknownAnswers) solver queries came back unknown"
            }
            results.append(result)
        }
        let cost = try canonical?.value() ?? CanonicalCost.measure(config)
        var outcome = "complete"
        if case .boundHit(let why) = proving { outcome = "incomplete: \(why)" }
        let states = (modular.map { $0.views + $0.items } ?? 0) + (found?.states ?? 0)
        let transitions = (modular?.transitions ?? 0) + (found?.transitions ?? 0)
        let seconds = (modular?.seconds ?? 0) + (found?.seconds ?? 0)
        // Both searches' collisions count: a holds rests on the modular one, a violation's
        // shortest trace on the interleaved one.
        let storage = [modular?.storage, found?.storage].compactMap { $0 }
            .reduce(StateStorage(exact: settings.exact, collisionProbability: 0)) { $0.combined(with: $1) }
        let metrics = MetricsRow(variant: variant.name, scenario: scenario.name, options: labels, states: states,
                                 transitions: transitions, depth: found?.depth ?? modular?.depth ?? 0, seconds: seconds,
                                 isb: cost.isb, dsb: cost.dsb, porWrites: cost.porWrites, exposure: cost.exposure,
                                 outcome: outcome, bounds: built.scenario.map { Self.describeBounds($0, search: searchMethod) },
                                 collisionProbability: storage.collisionProbability, exact: storage.exact)
        var statistics: [String] = []
        if let m = modular {
            let rate = m.seconds > 0 ? Double(m.views + m.items) / m.seconds : 0
            statistics.append("modular search: \(m.views) views and \(m.items) waiting tasks, \(m.transitions) transitions "
                + "in \(String(format: "%.2f", m.seconds)) s: \(Int(rate)) states/s; \(m.takers) views took waiting tasks "
                + "(\(m.offers) offers); visited set \(String(format: "%.1f", m.visitedBytesPerState)) bytes/state, "
                + "\(Self.storageText(m.storage)); "
                + "frontier \(String(format: "%.0f", m.frontierBytesPerState)) bytes/state")
            for (key, finding) in m.findings.sorted(by: { $0.key < $1.key }) where found?.findings[key] == nil {
                statistics.append("possible violation not confirmed by the interleaved search: \(finding.property.name) at "
                    + "\(finding.location): \(finding.message)")
            }
        }
        if let found {
            let rate = found.seconds > 0 ? Double(found.states) / found.seconds : 0
            statistics.append((modular == nil ? "" : "interleaved search (to confirm): ")
                + "\(found.states) states, \(found.transitions) transitions in \(String(format: "%.2f", found.seconds)) s: "
                + "\(Int(rate)) states/s; visited set \(String(format: "%.1f", found.visitedBytesPerState)) bytes/state, "
                + "\(Self.storageText(found.storage)); "
                + "frontier \(String(format: "%.0f", found.frontierBytesPerState)) bytes/state"
                + (reduced ? "; \(found.reducedStates) states expanded with one CPU's steps, "
                    + "\(found.provisoExpansions) expanded again by the cycle proviso" : "")
                + (settings.symmetry == .off ? "" : machine.symmetryGroupSize == 1 ? "; no symmetry to reduce by"
                    : "; states identified up to \(machine.symmetryGroupSize) renamings of CPUs and tasks")
                + (settings.searchThreads <= 1 ? "" : "; levels expanded on \(settings.searchThreads) threads: "
                    + "\(found.onReplicas) states on replicas, \(found.givenBack) given back to the machine"))
        }
        statistics.append("packed state \(machine.stateWords * 4) bytes; at most \(machine.largestEff) POR_EL1 values "
            + "unsynchronized at once; \(machine.solver.queryCount) solver queries "
            + "(\(machine.solver.z3Calls) sent to Z3, \(machine.solver.witnessHits) satisfied by an earlier answer's "
            + "or a guessed assignment, \(machine.solver.contradictions) refuted by their literals' congruence), "
            + "\(machine.solver.cacheHits) answered from the cache ("
            + Dictionary(grouping: machine.solver.obligations, by: \.purpose).map { "\($0.value.count) \($0.key)" }
                .sorted().joined(separator: "; ") + ")")
        return JobOutcome(statistics: statistics.joined(separator: "; "), results: results, metrics: metrics, traces: traces,
                          coverage: settings.coverage ? machine.coverage() : nil,
                          obligations: machine.solver.obligations, config: config, warnings: built.warnings)
    }
}

extension CheckJob {
    /// How a search kept its states, for `--stats`.
    static func storageText(_ storage: StateStorage) -> String {
        storage.exact ? "exact (states stored whole, compressed)"
            : "fingerprints; collision probability \(TextReport.collisionOdds(storage.collisionProbability))"
    }
}

/// Barriers, POR_EL1 writes and exposure along the canonical schedule: one CPU, the
/// tasks one after another, no interrupts, no preemption, the first choice at every fork.
public struct CanonicalCost: Equatable {
    public var isb = 0, dsb = 0, porWrites = 0, exposure = 0, steps = 0

    /// A workload that never ends (the `any` client) is counted up to the first state
    /// it comes back to: one turn of its loop (`FirstChoiceWalk`).
    public static func measure(_ config: MachineConfig) throws -> CanonicalCost {
        let steps = try FirstChoiceWalk(system: try Machine(config: config.canonicalSchedule)).run()
        var cost = CanonicalCost(steps: steps.count)
        for step in steps.map(\.cost) {
            cost.isb += step.isb
            cost.dsb += step.dsb
            cost.porWrites += step.porWrites
            cost.exposure += step.exposed ? 1 : 0
        }
        return cost
    }
}
