import ArgumentParser
import KPDriver
import KPMachine
import KPReport

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check variants (names or manifest paths) and report raw verdicts.")

    @Argument(help: "Variants: shipped names or paths to variant manifests (default: all).")
    var variants: [String] = []

    @Option(name: .customLong("scenario"), help: "Scenario to check (repeatable; default: the variant's scenarios).")
    var scenarios: [String] = []

    @Option(name: .customLong("property"), help: "Property to check (repeatable; default: all).")
    var properties: [String] = []

    @Flag(help: "Print search statistics (states/s, bytes per state, fingerprint collision probability) on standard error.")
    var stats = false

    @Flag(help: "Store every state whole, compressed, instead of its 64-bit fingerprint: same states and verdicts, more memory, and no collision can hide a state.")
    var exact = false

    @Flag(help: "After the report, list the model lines and functions each search never executed.")
    var coverage = false

    @OptionGroup var models: ModelOptions
    @OptionGroup var search: SearchOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var patch: PatchOptions

    func run() throws {
        try reportingErrors {
            let root = try models.root()
            var selected: [Property]?
            if !properties.isEmpty {
                selected = try properties.map { name in
                    guard let p = Property(name: name) else {
                        throw Failure("error: unknown property '\(name)'; known: \(Property.allCases.map(\.name).joined(separator: ", "))")
                    }
                    return p
                }
            }
            let settings = try search.parsedSettings()
            var results: [CheckResult] = [], metrics: [MetricsRow] = [], traces: [SavedTrace] = []
            var coverageText = ""
            let progress = output.progress()
            let warnings = WarningPrinter(progress: progress)
            var applied: [AppliedPatch] = []
            defer { applied.forEach { $0.remove() } }
            for name in variants.isEmpty ? root.variantNames() : variants {
                let variant = try root.variant(name)
                let patched = try patch.apply(to: variant, quiet: output.quiet)
                applied += patched.map { [$0] } ?? []
                for scenarioName in scenarios.isEmpty ? (variant.defaultScenarios ?? root.scenarioNames()) : scenarios {
                    let scenario = try root.scenario(scenarioName)
                    for options in OptionMatrix.points(of: variant, settings: settings) {
                        let job = CheckJob(variant: variant, scenario: scenario, options: options, settings: CheckSettings(
                            properties: selected, maxStates: search.maxStates, maxMemoryMiB: search.maxMemory,
                            overrides: search.overrides + (patched.map { [$0.overridePath] } ?? []), settings: settings, progress: progress?.show,
                            coverage: coverage, reduction: search.reduction, search: search.method, exact: exact,
                            symmetry: search.symmetry))
                        let options = job.optionLabels.isEmpty ? "" : " " + TextReport.optionsText(job.optionLabels)
                        progress?.begin("\(variant.name) \(scenario.name)\(options)")
                        let outcome = try job.run()
                        progress?.end(states: outcome.metrics.states)
                        warnings.print(outcome.warnings)
                        if stats {
                            progress?.finish()
                            Stderr.line("\(variant.name) \(scenario.name): \(outcome.statistics)")
                        }
                        results += outcome.results
                        metrics.append(outcome.metrics)
                        traces += outcome.traces
                        if let covered = outcome.coverage {
                            let options = TextReport.optionsText(outcome.metrics.options)
                            coverageText += "\n" + CoverageReport.render(
                                covered, job: "\(variant.name) \(scenario.name)" + (options == "-" ? "" : " \(options)"))
                        }
                    }
                }
            }
            progress?.finish()
            try output.emit(Report(version: kpcheckVersion, results: results, metrics: metrics), traces: traces)
            if coverage { output.note(coverageText) }
            if results.contains(where: { $0.status == .violated }) { return 1 }
            if results.contains(where: { $0.status == .incomplete || $0.status == .unknown }) { return 3 }
            return 0
        }
    }
}
