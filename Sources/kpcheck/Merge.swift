import ArgumentParser
import Foundation
import KPIR
import KPDriver
import KPReport

/// `kpcheck merge`: the shards of a CI matrix back into one report.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the --format json reports of --shard 1/n … n/n (of the default job, check, compare or mutate) into the report of the unsharded run, with its exit status.")

    @Argument(help: "The shards' JSON reports, in any order.")
    var files: [String]

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("merge needs the shards' JSON reports") }
    }

    /// The merged report, to `--output` or standard output.
    private func write(_ text: String) throws {
        if let path = output.output {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } else {
            print(text, terminator: "")
        }
    }

    func run() throws {
        try reportingErrors {
            let merged = try ShardMerge.mergeAny(files: files)
            switch merged {
            case .report(let merged):
                // A check's report names its counterexamples but does not hold them.
                guard output.traceOut == nil else { throw DiagnosticError(CommandLineError.mergeTraces(command: merged.command)) }
                try output.emit(merged.report, traces: [])
                if merged.command == "run", !output.quiet { output.note(TextReport.expectationSummary(merged.report.results)) }
            case .comparison(let table, let sweepKey):
                let text: String
                switch output.format {
                case .text: text = CompareRenderer.text(table)
                case .json: text = try CompareRenderer.json(table)
                default: throw DiagnosticError(CommandLineError.mergeFormat(command: "compare", format: output.format.rawValue))
                }
                try write(text)
                if let htmlReport = output.htmlReport {
                    try Data(CompareHTML.render(table, sweepKey: sweepKey).utf8).write(to: URL(fileURLWithPath: htmlReport))
                }
                if let traceOut = output.traceOut {
                    for trace in table.disagreementTraces {
                        let path = try trace.write(to: traceOut)
                        if !output.quiet { Stderr.line("trace: \(path)") }
                    }
                }
            case .mutation(let document):
                guard output.htmlReport == nil else {
                    throw DiagnosticError(CommandLineError.mergeHTML(command: "mutate"))
                }
                guard output.traceOut == nil else { throw DiagnosticError(CommandLineError.mergeTraces(command: "mutate")) }
                switch output.format {
                case .text: try write(MutationReport.render(document.verdicts, variant: document.variant))
                case .json: try write(try document.json())
                default: throw DiagnosticError(CommandLineError.mergeFormat(command: "mutate", format: output.format.rawValue))
                }
            }
            return merged.exitStatus
        }
    }
}
