import Foundation
import ArgumentParser
import KPDriver
import KPIR
import KPProperties
import KPReport

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
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
    @OptionGroup var shards: ShardOptions

    func run() throws {
        try reportingErrors {
            let root = try models.root()
            var selected: [Property]?
            if !properties.isEmpty {
                selected = try properties.map { name in
                    guard let p = Property(name: name) else {
                        throw DiagnosticError(CommandLineError.unknownProperty(name, known: Property.allCases.map(\.name)))
                    }
                    return p
                }
            }
            let shard = try shards.parsed()
            let progress = output.progress()
            let warnings = WarningPrinter(progress: progress)
            var applied: [AppliedPatch] = []
            defer { applied.forEach { $0.remove() } }
            let checkSettings = { (overrides: [String]) in
                try search.checkSettings(properties: selected, overrides: overrides, progress: progress?.show,
                                         coverage: coverage, exact: exact)
            }
            // Every job first, in the order of the unsharded run, so a shard takes its share of them.
            let jobs = try CheckJob.plan(try (variants.isEmpty ? root.variantNames() : variants).map { try root.variant($0) },
                                         scenarios: scenarios, in: root) { variant in
                let patched = try patch.apply(to: variant, quiet: output.quiet)
                applied += patched.map { [$0] } ?? []
                return try checkSettings(patched.map { [$0.overridePath] } ?? [])
            }
            let label = { (job: CheckJob) in
                "\(job.variant.name) \(job.scenario.name)"
                    + (job.optionLabels.isEmpty ? "" : " " + TextReport.optionsText(job.optionLabels))
            }
            let ran = try JobList(jobs, shard: shard, threads: search.threads).run(onStart: { job, _, _ in
                progress?.begin(label(job))
            }, onEnd: { job, outcome in
                progress?.end(states: outcome.metrics.states)
                warnings.print(outcome.warnings)
                if stats {
                    progress?.finish()
                    Stderr.line("\(job.variant.name) \(job.scenario.name): \(outcome.statistics)")
                }
            })
            let collected = JobList<CheckJob>.collect(ran)
            progress?.finish()
            // What decides the jobs, as the user gave it (a patch's override is a temporary file).
            var recorded = try checkSettings([]).shardSettings
            recorded["variants"] = variants.joined(separator: ",")
            recorded["scenarios"] = scenarios.joined(separator: ",")
            if !patch.patches.isEmpty { recorded["patch"] = patch.patches.joined(separator: ",") }
            let record = shard?.record(command: "check", jobs: jobs.count, settings: recorded)
            try output.emit(Report(version: kpcheckVersion, results: collected.results, metrics: collected.metrics,
                                   shard: record), traces: collected.traces)
            if coverage { output.note(collected.coverageText) }
            return ExitStatus.verdicts(collected.results.map(\.status))
        }
    }
}
