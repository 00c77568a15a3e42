import KPExplorer
import KPFrontend
import KPMachine
import KPProperties

/// What `kpcheck check` (and the default job) was asked to do, beyond which models.
public struct CheckSettings {
    /// Properties to check; nil means all.
    public var properties: [Property]?
    public var maxStates: Int
    public var maxMemoryMiB: Int
    /// Override files (`--override`), replacing definitions of the variant.
    public var overrides: [String]
    /// `--set KEY=VALUE`: options, scenario parameters and bounds; booleans spelled
    /// `true`/`false` whatever spelling was given, so reports and trace names agree.
    public var settings: [String: String]
    public var progress: ((SearchProgress) -> Void)?
    /// Record which model lines the search executed (`--coverage`); costs a store per instruction.
    public var coverage: Bool
    /// Explore one CPU's steps where they commute with all others' (`--reduction`).
    public var reduction: Reduction
    /// How to explore (`--search`); nil: as the scenario's manifest says.
    public var search: SearchMethod?
    /// Off, every read of a task's own field is a step of its own (see
    /// `MachineConfig.mergesPrivateReads`): for the differential tests, not the CLI,
    /// since saved traces count steps of the default machine.
    public var mergesPrivateReads = true
    /// Store every state whole, compressed, instead of its 64-bit fingerprint (`--exact`):
    /// the same states and verdicts, and a `holds` no fingerprint collision can have faked.
    public var exact: Bool
    /// Identify the interleaved search's states up to renaming CPUs and tasks of one
    /// function (`--symmetry`).
    public var symmetry: SymmetryReduction
    /// Threads the interleaved search expands each level on (see `LevelExpander`); the
    /// job list gives a job the threads no other job uses. Counts, verdicts and traces
    /// do not depend on it.
    public var searchThreads = 1

    public init(properties: [Property]? = nil, maxStates: Int = 20_000_000, maxMemoryMiB: Int = 12_288,
                overrides: [String] = [], settings: [String: String] = [:],
                progress: ((SearchProgress) -> Void)? = nil, coverage: Bool = false,
                reduction: Reduction = .partialOrder, search: SearchMethod? = nil, exact: Bool = false,
                symmetry: SymmetryReduction = .on) {
        self.properties = properties
        self.maxStates = maxStates
        self.maxMemoryMiB = maxMemoryMiB
        self.overrides = overrides
        self.settings = BuildRequest.canonical(settings: settings)
        self.progress = progress
        self.coverage = coverage
        self.reduction = reduction
        self.search = search
        self.exact = exact
        self.symmetry = symmetry
    }
}

/// How much of the interleaving space a search visits.
public enum Reduction: String, CaseIterable, Sendable {
    /// Every interleaving of every CPU's steps.
    case none
    /// Persistent sets with the cycle proviso: where one CPU's steps touch only what
    /// is its own, only that CPU moves; the verdicts are those of the full search.
    case partialOrder = "partial-order"
}

/// Whether the interleaved search keeps one state per orbit of the renamings of CPUs
/// and of tasks that run one function: the verdicts and shortest traces are the same.
public enum SymmetryReduction: String, CaseIterable, Sendable {
    case on, off
}
