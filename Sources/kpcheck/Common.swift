import ArgumentParser
import Foundation
import KPDriver
import KPExplorer
import KPFrontend
import KPIR
import KPProperties
import KPReport

struct ModelOptions: ParsableArguments {
    @Option(name: .customLong("models"), help: "The Models/ directory (default: found from the current directory or the executable).")
    var directory: String?

    func root() throws -> ModelRoot {
        try ModelRoot(directory: try ModelLocator.locate(explicit: directory))
    }
}

struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: text, json, sarif (code scanning), junit (CI test reports) or ktap (kernel test tooling).")
    var format: OutputFormat = .text

    @Option(help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(name: .customLong("report"), help: "Also write a self-contained HTML report (verdicts, metrics, trace timelines, model source) to this file.")
    var htmlReport: String?

    @Option(name: .customLong("trace-out"), help: "Write each counterexample as a replayable JSON trace into this directory.")
    var traceOut: String?

    @Flag(help: "No progress line on standard error.")
    var quiet = false

    func emit(_ report: Report, traces: [SavedTrace]) throws {
        let text: String
        switch format {
        case .text: text = TextReport.render(report)
        case .json: text = try JSONReport.render(report)
        case .sarif: text = try SARIFWriter.render(report)
        case .junit: text = JUnitWriter.render(report)
        case .ktap: text = KTAPWriter.render(report)
        }
        if let output {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output))
        } else {
            print(text, terminator: "")
        }
        if let htmlReport {
            // Files that cannot be read (an override since deleted) are shown as unavailable.
            var sources: [String: [String]] = [:]
            for file in HTMLReport.referencedFiles(report) {
                if let contents = try? String(contentsOfFile: file, encoding: .utf8) {
                    sources[file] = contents.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                }
            }
            try Data(HTMLReport.render(report, sources: sources).utf8).write(to: URL(fileURLWithPath: htmlReport))
        }
        if let traceOut {
            for trace in traces {
                let path = try trace.write(to: traceOut)
                if !quiet { Stderr.line("trace: \(path)") }
            }
        }
    }

    /// Text that follows the report (coverage, the default job's summary): on standard
    /// output after a text report or one written to a file, on standard error so it never
    /// corrupts SARIF, XML or KTAP; then too it comes after the report, whose buffered
    /// standard output is flushed first.
    func note(_ text: String) {
        if format == .text || output != nil {
            print(text, terminator: "")
        } else {
            fflush(nil)  // every C stream: print wrote the report through stdout's buffer
            Stderr.write(text)
        }
    }

    func progress() -> ProgressLine? {
        quiet ? nil : ProgressLine(terminal: isatty(2) != 0, write: Stderr.write)
    }
}

/// An option's values: the raw values of an enum's cases, as ArgumentParser's defaults
/// give them, read from `rawValue`. The defaults print each value through string
/// interpolation, a dynamic cast or two a value, every time an option's definition is
/// built (a parse builds a command's three times): 3.8M of the 61M instructions from the
/// start of `check` to its search (callgrind).
protocol ArgumentChoices: ExpressibleByArgument, CaseIterable, RawRepresentable where RawValue == String {}

extension ArgumentChoices {
    public var defaultValueDescription: String { rawValue }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
    /// None: a value has no description of its own beside its name.
    public static var allValueDescriptions: [String: String] { [:] }
}

extension Reduction: ArgumentChoices {}
extension SearchMethod: ArgumentChoices {}
extension SymmetryReduction: ArgumentChoices {}

enum OutputFormat: String, ArgumentChoices {
    case text, json, sarif, junit, ktap
}

/// `--threads`: jobs checked at once (see `JobPool`).
struct ThreadOptions: ParsableArguments {
    @Option(name: .customLong("threads"), help: "Threads: jobs (variant × scenario × option point, or mutants for mutate) checked at once, and with fewer jobs than threads, threads each search expands its levels on; the report does not depend on it. Default: 1, and every core for mutate.")
    var given: Int?

    /// `--threads`, or 1.
    var threads: Int { given ?? 1 }

    /// `--threads`, or one per core (mutate's many small searches).
    var threadsOrEveryCore: Int { given ?? ProcessInfo.processInfo.activeProcessorCount }

    func validate() throws {
        if let given, given <= 0 { throw ValidationError("--threads must be positive") }
    }
}

struct SearchOptions: ParsableArguments {
    @Option(name: .customLong("max-states"), help: "Stop after this many states; the verdict is then incomplete.")
    var maxStates: Int = 20_000_000

    @Option(name: .customLong("max-memory"), help: "Stop when the search holds this many MiB; the verdict is then incomplete.")
    var maxMemory: Int = 12_288

    @Option(help: "Partial-order reduction: partial-order (default; same verdicts, fewer states) or none (every interleaving).")
    var reduction: Reduction = .partialOrder

    @Option(help: "Symmetry reduction of the interleaved search: on (default; states that differ by a renaming of CPUs, or of tasks running one function, are one; same verdicts and shortest traces) or off.")
    var symmetry: SymmetryReduction = .on

    @Option(name: .customLong("search"), help: "interleaved (every interleaving of the CPUs) or modular (each CPU on its own, waiting tasks shared; a violation is confirmed by the interleaved search). Default: the scenario's.")
    var method: SearchMethod?

    @OptionGroup var pool: ThreadOptions
    var threads: Int { pool.threads }
    var threadsOrEveryCore: Int { pool.threadsOrEveryCore }

    @Option(name: .customLong("override"), help: "A C file whose definitions replace the variant's (repeatable).")
    var overrides: [String] = []

    @Option(name: .customLong("set"), help: "KEY=VALUE: an option (exception-entry-reset, feat-exs, poe), a scenario parameter, or a bound (cpus, interrupts, irq-nesting, preemption); each key once.")
    var settings: [String] = []

    func parsedSettings() throws -> [String: String] { try KeyValue.settings(settings) }

    /// Everything these options ask of a search, for every command that takes them, so
    /// none is accepted and then ignored. `overrides` come after `--override`'s files.
    func checkSettings(properties: [Property]? = nil, overrides: [String] = [], progress: ((SearchProgress) -> Void)? = nil,
                       coverage: Bool = false, exact: Bool = false) throws -> CheckSettings {
        CheckSettings(properties: properties, maxStates: maxStates, maxMemoryMiB: maxMemory,
                      overrides: self.overrides + overrides, settings: try parsedSettings(), progress: progress,
                      coverage: coverage, reduction: reduction, search: method, exact: exact, symmetry: symmetry)
    }

    func validate() throws {
        guard maxStates > 0 else { throw ValidationError("--max-states must be positive") }
    }
}

/// Prints each distinct front-end warning once on standard error: every job of a run
/// builds the same files and would repeat it.
final class WarningPrinter {
    private var printed: Set<String> = []
    private let progress: ProgressLine?

    /// `progress`, if any, is cleared before a warning is printed.
    init(progress: ProgressLine? = nil) { self.progress = progress }

    func print(_ warnings: [BuildWarning]) {
        for warning in warnings {
            let text = warning.render()
            guard printed.insert(text).inserted else { continue }
            progress?.finish()
            Stderr.write(text)
        }
    }
}

enum Stderr {
    static func write(_ s: String) { FileHandle.standardError.write(Data(s.utf8)) }
    static func line(_ s: String) { write(s + "\n") }
}

/// Runs a command body; an error in a model, an input file or the command line is
/// printed like a compiler's (`file:line:col: error: message`, the model's source line
/// and a caret) and exits 2. ArgumentParser's own errors go on to `main`.
func reportingErrors(_ body: () throws -> Int32) throws {
    let code: Int32
    do {
        code = try body()
    } catch let error as DiagnosticError {
        Stderr.write(error.render(reading: .disk))
        code = 2
    }
    if code != 0 { throw ExitCode(code) }
}

enum ModelLocator {
    /// `--models`, then `$KPCHECK_MODELS`, then a `Models/` above the current
    /// directory, then one above the executable.
    static func locate(explicit: String?) throws -> String {
        if let explicit { return explicit }
        if let env = ProcessInfo.processInfo.environment["KPCHECK_MODELS"] { return env }
        let fm = FileManager.default
        for start in [fm.currentDirectoryPath, (CommandLine.arguments[0] as NSString).deletingLastPathComponent] {
            var dir = (start as NSString).standardizingPath
            while true {
                let candidate = (dir as NSString).appendingPathComponent("Models")
                if fm.fileExists(atPath: (candidate as NSString).appendingPathComponent("variants")) { return candidate }
                let parent = (dir as NSString).deletingLastPathComponent
                if parent == dir || parent.isEmpty { break }
                dir = parent
            }
        }
        throw DiagnosticError(CommandLineError.noModelsDirectory)
    }
}

/// `--shard i/n`, on every command that runs a list of jobs.
struct ShardOptions: ParsableArguments {
    @Option(help: "i/n: run only the i-th of n shares of the jobs (every n-th in the run's order), for a CI matrix; kpcheck merge combines the --format json reports of the default job's or check's shards.")
    var shard: String?

    func parsed() throws -> Shard? {
        do {
            return try shard.map { try Shard(parsing: $0) }
        } catch let error as DiagnosticError {
            throw ValidationError(error.message)
        }
    }

    func validate() throws { _ = try parsed() }
}
