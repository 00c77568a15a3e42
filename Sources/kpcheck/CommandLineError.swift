import KPIR

/// A problem with what the command line asks for that only the CLI can see; thrown as a
/// `DiagnosticError`, exit status 2.
enum CommandLineError: UserError {
    case unknownProperty(String, known: [String])
    case noModelsDirectory
    /// `--override-for` or `--patch-for` (`option`) named a variant all of whose
    /// columns already have one (`what`: "an override", "a patch").
    case noColumnLeft(option: String, item: String, variant: String, what: String)
    /// `merge` was asked for a format the merged command's report does not come in.
    case mergeFormat(command: String, format: String)
    /// `merge --report` of shards whose command writes no HTML report.
    case mergeHTML(command: String)
    /// `merge --trace-out` of shards whose reports do not hold their counterexamples.
    case mergeTraces(command: String)

    var description: String {
        switch self {
        case .unknownProperty(let name, let known): "unknown property '\(name)'; known: \(known.joined(separator: ", "))"
        case .noModelsDirectory: "cannot find the Models/ directory; pass --models DIR or set KPCHECK_MODELS"
        case .noColumnLeft(let option, let item, let variant, let what):
            "\(option) \(item): no column for variant '\(variant)' left without \(what)"
        case .mergeFormat(let command, let format):
            "--format \(format): the shards are of kpcheck \(command), whose merged report is text or json"
        case .mergeHTML(let command): "--report: the shards are of kpcheck \(command), which writes no HTML report"
        case .mergeTraces(let command):
            "--trace-out: the shards of kpcheck \(command) do not hold their counterexamples; pass --trace-out to the shards"
        }
    }
}
