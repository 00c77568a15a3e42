import ArgumentParser
import KPFrontend

struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Run the front end only: list the functions, guard classes and structs found, or the errors.")

    @Argument(help: "Model files.")
    var files: [String]

    @Option(help: "Resolve and type-check the files as overrides of this variant.")
    var variant: String?

    @Option(help: "With --variant: the scenario whose parameters (such as PTES) and entry functions the files may use.")
    var scenario: String?

    @Option(name: .customLong("override"), help: "More override files (repeatable).")
    var overrides: [String] = []

    @OptionGroup var models: ModelOptions

    func run() throws {
        try reportingErrors {
            let root = variant == nil && scenario == nil ? nil : try models.root()
            let manifest = try variant.map { try root!.variant($0) }
            let scenarioManifest = try scenario.map { try root!.scenario($0) }
            let listing = try Frontend.parse(files: files + overrides, variant: manifest, scenario: scenarioManifest)
            print(listing.render(), terminator: "")
            WarningPrinter().print(listing.warnings)
            return 0
        }
    }
}
