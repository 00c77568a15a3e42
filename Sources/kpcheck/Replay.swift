import ArgumentParser
import KPDriver
import KPReport

struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-execute a saved trace step by step; exit 1 if the violation happens again, 0 if not.")

    @Argument(help: "A trace written by --trace-out.")
    var trace: String

    @OptionGroup var models: ModelOptions

    @Option(name: .customLong("override"), help: "A C file whose definitions replace the variant's (repeatable).")
    var overrides: [String] = []

    @Option(name: .customLong("set"), help: "KEY=VALUE, as for check.")
    var settings: [String] = []

    func run() throws {
        try reportingErrors {
            let extra = try KeyValue.settings(settings)
            let saved = try SavedTrace.read(from: trace)
            switch try Replayer(root: try models.root()).replay(saved, extraOverrides: overrides, extraSettings: extra) {
            case .confirmed(let steps, let message):
                print("confirmed: \(saved.property) violated again after \(steps) steps: \(message)")
                return 1
            case .diverged(let step, let recorded, let reason):
                print("refuted: the trace diverges at step \(step) (cpu\(recorded.cpu) \(recorded.location) \(recorded.action.text)): \(reason)")
                return 0
            case .notViolated(let steps):
                print("refuted: all \(steps) steps replay, but \(saved.property) holds at the end")
                return 0
            }
        }
    }
}
