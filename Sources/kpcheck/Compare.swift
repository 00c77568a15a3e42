import ArgumentParser
import Foundation
import KPDriver
import KPIR
import KPReport

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare variants side by side: verdicts (disagreements first), barriers, POR_EL1 writes, exposure.")

    @Argument(help: "Variants to compare, one column each (the first is A, the second B).")
    var variants: [String]

    @Option(name: .customLong("override-for"), help: "NAME=FILE: apply an override file to the column of variant NAME (repeatable; a variant named twice gets one column per override, named NAME+FILE-stem).")
    var overridesFor: [String] = []

    @Option(name: .customLong("scenario"), help: "Scenario to compare (repeatable; default: the first variant's scenarios).")
    var scenarios: [String] = []

    @Option(help: "KEY=v1,v2,…: repeat the comparison with --set KEY=v for each value (one cost row per value).")
    var sweep: String?

    @Option(help: "Output format: text, markdown or json.")
    var format: CompareFormat = .text

    @Option(name: .customLong("trace-out"), help: "Write the shortest counterexample of each disagreement into this directory.")
    var traceOut: String?

    @Option(name: .customLong("report"), help: "Also write a self-contained HTML page: verdicts side by side (disagreements first, their traces as timelines), costs, and with --sweep a line chart per cost.")
    var htmlReport: String?

    @Flag(help: "No progress lines on standard error.")
    var quiet = false

    @OptionGroup var models: ModelOptions
    @OptionGroup var search: SearchOptions
    @OptionGroup var patch: PatchOptions
    @OptionGroup var shards: ShardOptions

    @Option(name: .customLong("patch-for"), help: "NAME=FILE: apply a patch to the column of variant NAME only (repeatable; columns are picked as for --override-for).")
    var patchesFor: [String] = []

    func validate() throws {
        guard !variants.isEmpty else { throw ValidationError("compare needs at least one variant") }
    }

    func run() throws {
        try reportingErrors {
            let root = try models.root()
            var applied: [AppliedPatch] = []
            defer { applied.forEach { $0.remove() } }
            var columns = try columns()
            for (i, files) in try columnPatches(columns).enumerated() where !files.isEmpty {
                guard let patched = try patch.apply(files, to: try root.variant(columns[i].variant), quiet: quiet) else { continue }
                applied.append(patched)
                columns[i].overrides.append(patched.overridePath)
                let own = files.dropFirst(patch.patches.count)
                if let last = own.last, columns[i].name == columns[i].variant, variants.filter({ $0 == columns[i].variant }).count > 1 {
                    columns[i].name += "+" + ((last as NSString).lastPathComponent as NSString).deletingPathExtension
                }
            }
            let comparison = CompareJob(root: root, columns: columns,
                                        scenarios: scenarios, settings: try search.parsedSettings(),
                                        sweep: try sweep.map(CompareJob.Sweep.init(parsing:)), maxStates: search.maxStates,
                                        shard: try shards.parsed(), search: try search.checkSettings(),
                                        threads: search.threads)
            let warnings = WarningPrinter()
            let table = try comparison.run(onJob: { job in if !quiet { Stderr.line("compare: \(job)") } },
                                           onWarnings: warnings.print)
            switch format {
            case .text: print(CompareRenderer.text(table), terminator: "")
            case .markdown: print(CompareRenderer.markdown(table), terminator: "")
            case .json: print(try CompareRenderer.json(table), terminator: "")
            }
            if let htmlReport {
                try Data(CompareHTML.render(table, sweepKey: comparison.sweep?.key).utf8).write(to: URL(fileURLWithPath: htmlReport))
            }
            if let traceOut {
                for trace in table.disagreementTraces {
                    let path = try trace.write(to: traceOut)
                    if !quiet { Stderr.line("trace: \(path)") }
                }
            }
            // DESIGN.md §6 exit codes, over every cell of the table.
            return ExitStatus.verdicts(table.verdicts.flatMap { $0.cells.compactMap { $0.flatMap { Status(rawValue: $0.status) } } })
        }
    }

    /// One column per variant argument; `--override-for` attaches files to the next
    /// column of that variant without one, so `compare v v --override-for v=a.c
    /// --override-for v=b.c` gives columns `v+a` and `v+b`.
    func columns() throws -> [CompareJob.Column] {
        var columns = variants.map { CompareJob.Column(name: $0, variant: $0) }
        for item in overridesFor {
            let given = try KeyValue(parsing: item, option: "--override-for", shape: "NAME=FILE")
            guard let i = columns.firstIndex(where: { $0.variant == given.key && $0.overrides.isEmpty }) else {
                throw DiagnosticError(CommandLineError.noColumnLeft(option: "--override-for", item: item, variant: given.key,
                                                                    what: "an override"))
            }
            columns[i].overrides = [given.value]
            if variants.filter({ $0 == given.key }).count > 1 {
                columns[i].name = given.key + "+" + ((given.value as NSString).lastPathComponent as NSString).deletingPathExtension
            }
        }
        return columns
    }

    /// The patches of each column: `--patch` for all, `--patch-for NAME=FILE` for the next
    /// column of NAME without one, named NAME+FILE-stem when NAME has several columns.
    func columnPatches(_ columns: [CompareJob.Column]) throws -> [[String]] {
        var patches = columns.map { _ in patch.patches }
        var given = Set<Int>()
        for item in patchesFor {
            let pair = try KeyValue(parsing: item, option: "--patch-for", shape: "NAME=FILE")
            guard let i = columns.indices.first(where: { columns[$0].variant == pair.key && !given.contains($0) }) else {
                throw DiagnosticError(CommandLineError.noColumnLeft(option: "--patch-for", item: item, variant: pair.key,
                                                                    what: "a patch"))
            }
            given.insert(i)
            patches[i].append(pair.value)
        }
        return patches
    }
}

enum CompareFormat: String, ArgumentChoices {
    case text, markdown, json
}
