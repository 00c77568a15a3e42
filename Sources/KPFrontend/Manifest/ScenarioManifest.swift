import KPIR

/// `Models/scenarios/NAME.toml`: the workload (task and handler entry functions in a C
/// file) and its bounds.
public struct ScenarioManifest: Sendable {
    private static let keys = ["description", "source", "cpus", "tasks", "interrupts", "irq-nesting", "hardirq", "softirq",
                               "preemption", "search", "params"]

    public var name: String
    /// Absolute path of the manifest.
    public var path: String
    public var description: String
    /// The C file (absolute path) parsed after the variant's sources and overrides.
    public var source: String
    public var cpus: Int
    /// Entry function of each task (`void f(void)`); one may appear more than once.
    public var tasks: [String]
    /// Interrupt budget per run.
    /// How many interrupts may arrive in a run; -1: any number ("unbounded").
    public var interrupts: Int
    /// Maximum interrupt nesting depth.
    public var irqNesting: Int
    public var hardirq: String?
    public var softirq: String?
    /// Whether a task may be preempted on return from an interrupt.
    public var preemption: Bool
    /// How the scenario is explored unless `--search` says otherwise.
    public var search: SearchMethod
    /// Visible in the C source as macros, upper-cased with `-` → `_` (`ptes` → `PTES`).
    public var params: [String: Int]
    /// Where each setting is written: `source`, `tasks.0`, `hardirq`, `params.NAME`, ...
    public var locations: [String: SourceLocation]

    /// A scenario built in code (tests, tools).
    public init(name: String, path: String, description: String = "", source: String, cpus: Int = 1, tasks: [String],
                interrupts: Int = 0, irqNesting: Int = 1, hardirq: String? = nil, softirq: String? = nil, preemption: Bool = false,
                search: SearchMethod = .interleaved, params: [String: Int] = [:], locations: [String: SourceLocation] = [:]) {
        self.name = name
        self.path = path
        self.description = description
        self.source = source
        self.cpus = cpus
        self.tasks = tasks
        self.interrupts = interrupts
        self.irqNesting = irqNesting
        self.hardirq = hardirq
        self.softirq = softirq
        self.preemption = preemption
        self.search = search
        self.params = params
        self.locations = locations
    }

    /// The macro a parameter defines.
    public static func macroName(ofParameter name: String) -> String {
        String(name.uppercased().map { $0 == "-" ? "_" : $0 })
    }

    static func load(path: String, name: String, files: SourceProvider) throws(DiagnosticError) -> ScenarioManifest {
        let display = SourcePath.display(path)
        guard let text = files.read(path) else { throw DiagnosticError(ManifestError.fileNotFound(display), at: nil) }
        do {
            return try parse(text, path: path, name: name, files: files)
        } catch {
            throw error.adding(sourceLines: [display: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)])
        }
    }

    private static func parse(_ text: String, path: String, name: String, files: SourceProvider) throws(DiagnosticError) -> ScenarioManifest {
        let display = SourcePath.display(path)
        let reader = TOMLReader(file: display, text: text)
        let root = ManifestTable(table: try reader.read(), context: "scenario manifest")
        try root.rejectUnknownKeys(allowing: keys)
        let start = SourceLocation(file: display, line: 1, column: 1)
        var locations: [String: SourceLocation] = [:]
        for key in keys { locations[key] = root.location(key) }

        let source = try root.required(try root.string("source"), "source", at: start)
        let sourcePath = SourcePath.join(SourcePath.directory(of: path), source)
        if files.read(sourcePath) == nil { throw DiagnosticError(ManifestError.fileNotFound(source), at: root.location("source")) }
        let tasks = try root.required(try root.strings("tasks"), "tasks", at: start)
        if tasks.isEmpty { throw DiagnosticError(ManifestError.emptyList("tasks"), at: root.location("tasks")) }
        for (index, task) in tasks.enumerated() { locations["tasks.\(index)"] = task.location }

        var search = SearchMethod.interleaved
        if let method = try root.string("search") {
            guard let known = SearchMethod(rawValue: method) else {
                throw DiagnosticError(ManifestError.badValue(key: "search", value: method,
                                                             expected: SearchMethod.allCases.map(\.rawValue)),
                                      at: root.location("search"))
            }
            search = known
        }
        var params: [String: Int] = [:]
        for entry in try root.subtable("params")?.entries ?? [] {
            guard case .integer(let value) = entry.value.kind else {
                throw DiagnosticError(ManifestError.wrongType(key: entry.key, expected: "an integer", found: entry.value.typeName),
                                      at: entry.value.location)
            }
            guard VariantManifest.isIdentifier(macroName(ofParameter: entry.key)) else {
                throw DiagnosticError(ManifestError.notIdentifier(macroName(ofParameter: entry.key)), at: entry.keyLocation)
            }
            params[entry.key] = value
            locations["params." + entry.key] = entry.keyLocation
        }
        return ScenarioManifest(
            name: name, path: path, description: try root.string("description") ?? "", source: sourcePath,
            cpus: try root.integer("cpus", minimum: 1) ?? 1, tasks: tasks.map(\.value),
            interrupts: try root.budget("interrupts") ?? 0, irqNesting: try root.integer("irq-nesting", minimum: 0) ?? 1,
            hardirq: try root.string("hardirq"), softirq: try root.string("softirq"),
            preemption: try root.boolean("preemption") ?? false, search: search, params: params, locations: locations)
    }
}

/// How a scenario's state space is explored.
public enum SearchMethod: String, CaseIterable, Sendable {
    /// Every interleaving of all CPUs' steps (with partial-order reduction): exact,
    /// shortest counterexamples.
    case interleaved
    /// Each CPU on its own, the tasks waiting to run shared through a pool: an
    /// over-approximation that scales with the sum of the CPUs' state spaces instead of
    /// their product. A `holds` is a proof; a violation is confirmed (and its shortest
    /// trace found) by the interleaved search.
    case modular
}
