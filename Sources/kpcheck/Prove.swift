import ArgumentParser
import Foundation
import KPDriver

struct Prove: ParsableCommand {
    static let configuration = CommandConfiguration(
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

    func run() throws {
        try reportingErrors {
            let root = try models.root()
            var worst: Int32 = 0
            for name in variants.isEmpty ? root.variantNames() : variants {
                let variant = try root.variant(name)
                var proofs = ProofSet(variant: variant.name)
                proofs.scenarios = scenarios
                for scenarioName in scenarios.isEmpty ? (variant.defaultScenarios ?? root.scenarioNames()) : scenarios {
                    let scenario = try root.scenario(scenarioName)
                    for options in OptionMatrix.points(of: variant, settings: [:]) {
                        let job = CheckJob(variant: variant, scenario: scenario, options: options, settings: CheckSettings(exact: true))
                        let label = ([variant.name, scenario.name] + job.optionLabels.keys.sorted().map { "\($0)=\(job.optionLabels[$0]!)" })
                            .joined(separator: " ")
                        if !quiet { Stderr.line("proving \(label)") }
                        let outcome = try job.run()
                        proofs.add(outcome, job: label)
                        if outcome.worst == .incomplete { worst = max(worst, 3) }
                    }
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
