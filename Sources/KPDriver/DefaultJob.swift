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

    public func run(onJob: (CheckJob) -> Void = { _ in }) throws -> Outcome {
        var results: [CheckResult] = [], metrics: [MetricsRow] = [], traces: [SavedTrace] = []
        for name in root.variantNames() {
            let variant = try root.variant(name)
            for scenarioName in variant.defaultScenarios ?? root.scenarioNames() {
                let scenario = try root.scenario(scenarioName)
                for options in OptionMatrix.points(of: variant, settings: settings.settings) {
                    let job = CheckJob(variant: variant, scenario: scenario, options: options, settings: settings)
                    onJob(job)
                    let outcome = try job.run()
                    results += outcome.results.map { result in
                        var r = result
                        r.expected = Expectations.verdict(for: variant, scenario: scenarioName,
                                                          property: r.property, options: options,
                                                          applicable: r.status != .notApplicable)
                        return r
                    }
                    metrics.append(outcome.metrics)
                    traces += outcome.traces
                }
            }
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
