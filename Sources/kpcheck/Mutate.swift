import ArgumentParser
import Foundation
import KPDriver
import KPReport

struct Mutate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mutate",
        abstract: "Mutate a variant's own code (barriers, statements, conditions, calls) and check which mutants the properties kill.")

    @Argument(help: "The variant to mutate.")
    var variant: String

    @Option(name: .customLong("scenario"), help: "Scenario to check mutants on (repeatable; default: the variant's scenarios).")
    var scenarios: [String] = []

    @Option(help: "Output format: text, or json (what `kpcheck merge` reads from shards).")
    var format: MutationFormat = .text

    @Flag(help: "No progress lines on standard error.")
    var quiet = false

    @OptionGroup var models: ModelOptions
    @OptionGroup var search: SearchOptions
    @OptionGroup var shards: ShardOptions

    func run() throws {
        try reportingErrors {
            let run = try MutationRun(root: try models.root(), variant: variant, scenarios: scenarios,
                                      settings: try search.parsedSettings(), maxStates: search.maxStates,
                                      search: try search.checkSettings())
            let mutants = run.mutants()
            let quiet = self.quiet
            let shard = try shards.parsed()
            let verdicts = try run.check(mutants, threads: search.threadsOrEveryCore, shard: shard) { v in
                if !quiet { Stderr.line("mutant \(v.mutant.function): \(v.mutant.description): \(v.killed ? "killed" : "survived")") }
            }
            switch format {
            case .text:
                print(MutationReport.render(verdicts, variant: variant, shard: shard.map { ($0.index, $0.count) }),
                      terminator: "")
            case .json:
                let document = MutationDocument(
                    variant: run.variant.name, targets: run.targets.map(\.label), verdicts: verdicts,
                    indices: run.checkedMutants(mutants, shard: shard),
                    shard: shard?.record(command: "mutate", jobs: run.jobs(mutants).count, settings: run.shardSettings))
                print(try document.json(), terminator: "")
            }
            return 0
        }
    }
}

enum MutationFormat: String, ArgumentChoices {
    case text, json
}
