import Foundation
import KPFrontend
import KPIR
import KPMachine
import KPReport

/// `kpcheck compare`: several variants (columns) checked on the same scenarios, with
/// verdicts and costs side by side.
public struct CompareJob {
    /// One column: a variant, possibly with an override file of its own.
    public struct Column: Codable, Sendable {
        public var name: String
        public var variant: String
        public var overrides: [String]

        public init(name: String, variant: String, overrides: [String] = []) {
            self.name = name
            self.variant = variant
            self.overrides = overrides
        }
    }

    /// `--sweep KEY=v1,v2,…`: the comparison is repeated with `--set KEY=v` for each value.
    public struct Sweep: Codable, Sendable {
        public var key: String
        public var values: [String]

        public init(key: String, values: [String]) {
            self.key = key
            self.values = values
        }

        /// `KEY=v1,v2,…` as given to `--sweep`: at least one value.
        public init(parsing text: String) throws {
            let shape = "KEY=v1,v2,…"
            let pair = try KeyValue(parsing: text, option: "--sweep", shape: shape)
            let values = pair.value.split(separator: ",").map(String.init)
            guard !values.isEmpty else {
                throw DiagnosticError(DriverError.malformedKeyValue(option: "--sweep", shape: shape, text: text))
            }
            self.init(key: pair.key, values: values)
        }
    }

    public var root: ModelRoot
    public var columns: [Column]
    /// Scenarios to run; empty means those of the first column's variant.
    public var scenarios: [String]
    public var settings: [String: String]
    public var sweep: Sweep?
    public var maxStates: Int
    /// Run only this share of the jobs (`--shard`); nil runs them all.
    public var shard: Shard?
    /// How every column's searches run (`--reduction`, `--symmetry`, `--search`, `--exact`,
    /// `--max-memory`, and `--override` files applied to every column before its own).
    public var search: CheckSettings
    /// Jobs checked at once (`--threads`); the table is the same for any number.
    public var threads: Int

    public init(root: ModelRoot, columns: [Column], scenarios: [String] = [], settings: [String: String] = [:],
                sweep: Sweep? = nil, maxStates: Int = 20_000_000, shard: Shard? = nil,
                search: CheckSettings = CheckSettings(), threads: Int = 1) {
        self.search = search
        self.threads = threads
        self.root = root
        self.columns = columns
        self.scenarios = scenarios
        self.settings = BuildRequest.canonical(settings: settings)
        self.sweep = sweep.map { sweep in Sweep(key: sweep.key, values: sweep.values.map { BuildRequest.canonical(sweep.key, $0) }) }
        self.maxStates = maxStates
        self.shard = shard
    }

    /// One check of the comparison: a column's variant on one scenario, sweep value and
    /// option point.
    public struct Planned {
        public var column: Int
        public var scenario: String
        /// `KEY=value` of the sweep, if any.
        public var sweep: String?
        public var job: CheckJob
    }

    /// Every check of the comparison, in its order: scenario × sweep value × column ×
    /// option point.
    public func jobs() throws -> [Planned] {
        let variants = try columns.map { try root.variant($0.variant) }
        let scenarioNames = scenarios.isEmpty ? (variants[0].defaultScenarios ?? root.scenarioNames()) : scenarios
        var jobs: [Planned] = []
        for scenarioName in scenarioNames {
            let scenario = try root.scenario(scenarioName)
            for sweepValue in sweep?.values.map(Optional.some) ?? [nil] {
                var settings = self.settings
                if let sweep, let sweepValue { settings[sweep.key] = sweepValue }
                let sweepLabel = sweep.flatMap { s in sweepValue.map { "\(s.key)=\($0)" } }
                for (c, column) in columns.enumerated() {
                    for options in OptionMatrix.points(of: variants[c], settings: settings) {
                        var jobSettings = search
                        jobSettings.maxStates = maxStates
                        jobSettings.overrides = search.overrides + column.overrides
                        jobSettings.settings = settings
                        let job = CheckJob(variant: variants[c], scenario: scenario, options: options, settings: jobSettings)
                        jobs.append(Planned(column: c, scenario: scenarioName, sweep: sweepLabel, job: job))
                    }
                }
            }
        }
        return jobs
    }

    /// What decides the comparison's jobs, as a shard's report records it.
    var shardSettings: [String: String] {
        var s = ["columns": columns.map { ([$0.name, $0.variant] + $0.overrides).joined(separator: ":") }.joined(separator: ","),
                 "scenarios": scenarios.joined(separator: ","), "max-states": String(maxStates)]
        if !settings.isEmpty { s["set"] = settings.keys.sorted().map { "\($0)=\(settings[$0]!)" }.joined(separator: ",") }
        if let sweep { s["sweep"] = "\(sweep.key)=" + sweep.values.joined(separator: ",") }
        // The search options, as check's shards record them.
        for (key, value) in search.shardSettings where s[key] == nil && key != "set" { s[key] = value }
        return s
    }

    /// `onWarnings` hears the front end's warnings of each build (the same ones again for
    /// each scenario and option point).
    public func run(onJob: (String) -> Void = { _ in }, onWarnings: ([BuildWarning]) -> Void = { _ in }) throws -> CompareTable {
        var table = CompareTable(columns: columns.map(\.name))
        var traces: [String: SavedTrace] = [:]
        if shard != nil { table.cellTraces = [] }
        let all = try jobs()
        let label = { (planned: Planned) in
            [self.columns[planned.column].name, planned.scenario, planned.sweep ?? "",
             CompareTable.optionText(planned.job.optionLabels, sweep: self.sweep?.key)].filter { !$0.isEmpty }.joined(separator: " ")
        }
        // Each job's check and cost range, as `JobList` runs every command's jobs.
        let measured = try JobList(all, shard: shard, threads: threads).run({ planned, searchThreads in
            let outcome = try planned.job.run(searchThreads: searchThreads)
            return (outcome, try CostRange.measure(outcome.config))
        }, onStart: { planned, _, _ in onJob(label(planned)) })
        for ran in measured {
            let (planned, (outcome, range)) = (ran.job, ran.outcome)
            let (c, job) = (planned.column, planned.job)
            let optionText = CompareTable.optionText(job.optionLabels, sweep: sweep?.key)
            onWarnings(outcome.warnings)
            for (r, result) in outcome.results.enumerated() {
                let key = CompareTable.VerdictRow.Key(scenario: planned.scenario, sweep: planned.sweep,
                                                         options: optionText, property: result.property)
                var cell = CompareTable.VerdictCell(result)
                if shard != nil { (cell.job, cell.result) = (ran.index, r) }
                table.setVerdict(key, column: c, cell: cell)
                if result.status == .violated,
                   let trace = outcome.traces.first(where: { $0.property == result.property }) {
                    traces["\(key)#\(c)"] = trace
                    table.cellTraces?.append(.init(key: key, column: c, trace: trace))
                }
            }
            let key = CompareTable.CostRow.Key(scenario: planned.scenario, sweep: planned.sweep, options: optionText)
            var cell = CompareTable.CostCell(metrics: outcome.metrics, range: range)
            if shard != nil { cell.job = ran.index }
            table.setCost(key, column: c, cell: cell)
        }
        table.shard = shard?.record(command: "compare", jobs: all.count, settings: shardSettings)
        table.sortDisagreementsFirst()
        // The shortest counterexample of every violation in a row where the columns disagree.
        table.collectDisagreementTraces { key, c in traces["\(key)#\(c)"] }
        return table
    }
}
