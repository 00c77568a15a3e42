import Foundation
import KPFrontend
import KPMachine
import KPReport

/// `kpcheck` with no arguments: every shipped variant × its scenarios × every point
/// of its option matrix, each verdict compared with what the manifest expects.
public struct DefaultJob {
    public var root: ModelRoot
    public var settings: CheckSettings
    /// Run only this share of the jobs (`--shard`); nil runs them all.
    public var shard: Shard?
    /// Jobs checked at once (`--threads`, see `JobPool`): the report is the same.
    public var threads: Int

    public init(root: ModelRoot, settings: CheckSettings, shard: Shard? = nil, threads: Int = 1) {
        self.root = root
        self.settings = settings
        self.shard = shard
        self.threads = threads
    }

    public struct Outcome {
        public var report: Report
        public var traces: [SavedTrace]
        public var allAsExpected: Bool
    }

    /// Every check of the run, in order: variant × its scenarios × its option points.
    public func jobs() throws -> [CheckJob] {
        try CheckJob.plan(root.variantNames().map { try root.variant($0) }, in: root) { _ in settings }
    }

    /// Runs every job (of the shard, if one is given); `onJob` hears of each before it
    /// starts (with its place among the jobs run and their number), `onOutcome` after it
    /// ends, one call at a time (in job order on one thread).
    public func run(onJob: (CheckJob, _ index: Int, _ count: Int) -> Void = { _, _, _ in },
                    onOutcome: (JobOutcome) -> Void = { _ in }) throws -> Outcome {
        var results: [CheckResult] = [], metrics: [MetricsRow] = [], traces: [SavedTrace] = []
        let all = try jobs()
        for ran in try JobList(all, shard: shard, threads: threads).run(onStart: onJob, onEnd: { onOutcome($1) }) {
            let job = ran.job
            results += ran.outcome.results.map { result in
                var r = result
                r.expected = Expectations.verdict(for: job.variant, scenario: job.scenario.name,
                                                  property: r.property, options: job.options,
                                                  applicable: r.status != .notApplicable)
                return r
            }
            metrics.append(ran.outcome.metrics)
            traces += ran.outcome.traces
        }
        let record = shard?.record(command: "run", jobs: all.count, settings: settings.shardSettings)
        return Outcome(report: Report(version: kpcheckVersion, results: results, metrics: metrics, shard: record),
                       traces: traces, allAsExpected: ExitStatus.expectations(results) == 0)
    }
}

extension CheckJob {
    /// The checks of a run, in the one order every command uses (and `--shard` splits):
    /// each variant, in the order given; its scenarios (`scenarios`, or else the ones
    /// its manifest lists, or else every scenario); the points of its option matrix,
    /// less the options `settings` fixes. `settings` gives each variant's settings (a
    /// patch's override is per variant).
    public static func plan(_ variants: [VariantManifest], scenarios: [String] = [], in root: ModelRoot,
                            settings: (VariantManifest) throws -> CheckSettings) throws -> [CheckJob] {
        var jobs: [CheckJob] = []
        for variant in variants {
            let variantSettings = try settings(variant)
            for name in scenarios.isEmpty ? (variant.defaultScenarios ?? root.scenarioNames()) : scenarios {
                let scenario = try root.scenario(name)
                for options in OptionMatrix.points(of: variant, settings: variantSettings.settings) {
                    jobs.append(CheckJob(variant: variant, scenario: scenario, options: options, settings: variantSettings))
                }
            }
        }
        return jobs
    }
}

/// The points of a variant's option matrix: every combination of the values its
/// manifest lists, except options fixed with `--set`.
public enum OptionMatrix {
    public static func points(of variant: VariantManifest, settings: [String: String]) -> [[String: OptionValue]] {
        var points: [[String: OptionValue]] = [[:]]
        for name in variant.options.keys.sorted() where settings[name] == nil {
            let values = variant.options[name] ?? []
            points = points.flatMap { point in
                values.map { value in
                    var p = point
                    p[name] = value
                    return p
                }
            }
        }
        return points
    }
}

enum Expectations {
    /// What the manifest expects: a matching `[[expect]]`, else holds (n/a where the
    /// property does not apply).
    static func verdict(for variant: VariantManifest, scenario: String, property: String,
                        options: [String: OptionValue], applicable: Bool) -> Status {
        for e in variant.expectations where e.scenario == scenario && e.property == property {
            let matches = e.when.allSatisfy { key, value in options[key].map { $0 == value } ?? false }
            if matches, let status = Status(rawValue: e.verdict) { return status }
        }
        return applicable ? .holds : .notApplicable
    }
}
