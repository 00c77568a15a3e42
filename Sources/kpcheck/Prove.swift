import ArgumentParser
import Foundation
import KPDriver

struct Prove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Check variants and write every solver obligation they discharged as SMT-LIB2, with a summary. States are stored exactly (--exact).")

    @Argument(help: "Variants (default: all shipped).")
    var variants: [String] = []

    @Option(name: .customLong("scenario"), help: "Scenarios (repeatable; default: each variant's scenarios).")
    var scenarios: [String] = []

    @Option(help: "Write Proofs/<variant>/ under this directory.")
    var emit: String?

    @OptionGroup var models: ModelOptions

    @Flag(help: "No progress lines on standard error.")
    var quiet = false

    @OptionGroup var pool: ThreadOptions

    func run() throws {
        try reportingErrors {
            let root = try models.root()
            var worst: Int32 = 0
            for name in variants.isEmpty ? root.variantNames() : variants {
                let variant = try root.variant(name)
                var proofs = ProofSet(variant: variant.name)
                proofs.scenarios = scenarios
                let jobs = try CheckJob.plan([variant], scenarios: scenarios, in: root) { _ in CheckSettings(exact: true) }
                let label = { (job: CheckJob) in
                    ([variant.name, job.scenario.name] + job.optionLabels.keys.sorted().map { "\($0)=\(job.optionLabels[$0]!)" })
                        .joined(separator: " ")
                }
                // Obligations are numbered in job order, whatever the threads.
                let ran = try JobList(jobs, threads: pool.threads).run(onStart: { job, _, _ in
                    if !quiet { Stderr.line("proving \(label(job))") }
                })
                for (job, outcome) in ran.map({ ($0.job, $0.outcome) }) {
                    proofs.add(outcome, job: label(job))
                    if outcome.worst == .incomplete { worst = max(worst, 3) }
                }
                if let emit {
                    try proofs.write(to: emit)
                    print("\(variant.name): \(proofs.fileCount) obligations written to \((emit as NSString).appendingPathComponent(variant.name))")
                } else {
                    print("\(variant.name): \(proofs.fileCount) obligations")
                }
            }
            return worst
        }
    }
}
