import KPFrontend
import KPMachine
import KPReport

/// `kpcheck` with no arguments: every shipped variant × its scenarios × every point
/// of its option matrix, each verdict compared with what the manifest expects.
public struct DefaultJob {
    public var root: ModelRoot
    public var settings: CheckSettings

    public init(root: ModelRoot, settings: CheckSettings) {
        self.root = root
        self.settings = settings
    }

    public struct Outcome {
        public var report: Report
        public var traces: [SavedTrace]
        public var allAsExpected: Bool
    }

    /// Every check of the run, in order: variant × its scenarios × its option points.
    public func jobs() throws -> [CheckJob] {
        var jobs: [CheckJob] = []
        for name in root.variantNames() {
            let variant = try root.variant(name)
            for scenarioName in variant.defaultScenarios ?? root.scenarioNames() {
                let scenario = try root.scenario(scenarioName)
                for options in OptionMatrix.points(of: variant, settings: settings.settings) {
                    jobs.append(CheckJob(variant: variant, scenario: scenario, options: options, settings: settings))
                }
            }
        }
        return jobs
    }

    /// Runs every job; `onJob` hears of each before it starts (with its index and the
    /// number of jobs), `onOutcome` after it ends.
    public func run(onJob: (CheckJob, _ index: Int, _ count: Int) -> Void = { _, _, _ in },
                    onOutcome: (JobOutcome) -> Void = { _ in }) throws -> Outcome {
        var results: [CheckResult] = [], metrics: [MetricsRow] = [], traces: [SavedTrace] = []
        let jobs = try jobs()
        for (index, job) in jobs.enumerated() {
            onJob(job, index, jobs.count)
            let outcome = try job.run()
            onOutcome(outcome)
            results += outcome.results.map { result in
                var r = result
                r.expected = Expectations.verdict(for: job.variant, scenario: job.scenario.name,
                                                  property: r.property, options: job.options,
                                                  applicable: r.status != .notApplicable)
                return r
            }
            metrics.append(outcome.metrics)
            traces += outcome.traces
        }
        return Outcome(report: Report(version: kpcheckVersion, results: results, metrics: metrics),
                       traces: traces, allAsExpected: results.allSatisfy(\.asExpected))
    }
}

public let kpcheckVersion = "0.1.0"

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
