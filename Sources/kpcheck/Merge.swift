import ArgumentParser
import KPDriver
import KPReport

/// `kpcheck merge`: the shards of a CI matrix back into one report.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Combine the --format json reports of --shard 1/n … n/n into the report of the unsharded run, with its exit status.")

    @Argument(help: "The shards' JSON reports, in any order.")
    var files: [String]

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("merge needs the shards' JSON reports") }
        guard output.traceOut == nil else {
            throw ValidationError("--trace-out: merge has no replayable traces; pass --trace-out to the shards")
        }
    }

    func run() throws {
        try reportingErrors {
            let merged = try ShardMerge.merge(files: files)
            try output.emit(merged.report, traces: [])
            if merged.command == "run", !output.quiet { output.note(TextReport.expectationSummary(merged.report.results)) }
            return merged.exitStatus
        }
    }
}
