import ArgumentParser
import KPDriver
import KPReport

/// The default job: every shipped variant × scenario × option point, against expectations.
struct DefaultRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Check every shipped variant and scenario against the verdicts their manifests expect (the default).")

    @OptionGroup var models: ModelOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var shards: ShardOptions
    @Option(name: .customLong("max-states"), help: "Stop each search after this many states (incomplete).")
    var maxStates: Int = 20_000_000
    @Option(help: "Partial-order reduction: partial-order (default) or none (every interleaving).")
    var reduction: Reduction = .partialOrder
    @Flag(help: "Store every state whole, compressed, instead of its 64-bit fingerprint (no collision can hide a state).")
    var exact = false
    @OptionGroup var pool: ThreadOptions

    func run() throws {
        try reportingErrors {
            let root = try models.root()
            let progress = output.progress()
            let warnings = WarningPrinter(progress: progress)
            let job = DefaultJob(root: root, settings: CheckSettings(maxStates: maxStates, progress: progress?.show,
                                                                  reduction: reduction, exact: exact),
                                shard: try shards.parsed(), threads: pool.threads)
            let outcome = try job.run(onJob: { job, index, count in
                let options = job.optionLabels.isEmpty ? "" : " " + TextReport.optionsText(job.optionLabels)
                progress?.begin("\(job.variant.name) \(job.scenario.name)\(options)", index: index, of: count)
            }, onOutcome: { outcome in
                progress?.end(states: outcome.metrics.states)
                warnings.print(outcome.warnings)
            })
            progress?.finish()
            try output.emit(outcome.report, traces: outcome.traces)
            // After the report, never inside it: a terminal shows both streams in one place.
            if !output.quiet { output.note(TextReport.expectationSummary(outcome.report.results)) }
            return ExitStatus.expectations(outcome.report.results)
        }
    }
}
