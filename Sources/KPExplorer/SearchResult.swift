/// What a search is bounded by, and what it gives back.

public struct SearchLimits: Sendable {
    /// Stop after this many distinct states: the outcome is `.boundHit`.
    public var maxStates: Int
    /// Stop when the visited set and frontier hold more than this many bytes.
    public var maxMemoryBytes: Int
    /// Do not expand states this many steps from an initial state: the outcome is
    /// then `.boundHit` if such states were reached.
    public var maxDepth: Int
    /// Stop early once a finding of every one of these keys is known.
    public var stopWhenFound: Set<Int>

    public init(maxStates: Int = 50_000_000, maxMemoryBytes: Int = 12 << 30, maxDepth: Int = Int.max,
                stopWhenFound: Set<Int> = []) {
        self.maxStates = maxStates
        self.maxMemoryBytes = maxMemoryBytes
        self.maxDepth = maxDepth
        self.stopWhenFound = stopWhenFound
    }
}

public enum SearchOutcome: Equatable, Sendable {
    /// Every reachable state was visited.
    case complete
    /// Every property asked for was found violated; the rest of the space was not needed.
    case allFound
    /// A bound was hit: what was not found may still exist.
    case boundHit(String)
}

/// A violation and the shortest way to it: the index of the initial state, then the
/// index of each successor taken.
public struct FoundViolation<Finding: SearchFinding> {
    public var finding: Finding
    public var path: [UInt32]

    public init(finding: Finding, path: [UInt32]) {
        self.finding = finding
        self.path = path
    }
}

public struct SearchProgress: Sendable {
    public var states: Int
    public var transitions: Int
    public var depth: Int
    public var seconds: Double

    public init(states: Int, transitions: Int, depth: Int, seconds: Double) {
        self.states = states
        self.transitions = transitions
        self.depth = depth
        self.seconds = seconds
    }
}

public struct SearchResult<Finding: SearchFinding> {
    public var outcome: SearchOutcome
    public var states: Int
    public var transitions: Int
    public var depth: Int
    public var seconds: Double
    /// States without successors: the ends of complete runs.
    public var terminalStates: Int
    /// The first (so shortest) finding of each property key.
    public var findings: [Int: FoundViolation<Finding>]
    /// Bytes per state of the visited set and parent links at the end of the search.
    public var visitedBytesPerState: Double
    /// The largest BFS level held, in bytes per state (states are stored compressed).
    public var frontierBytesPerState: Double
    /// With partial-order reduction: states expanded with one process's steps only.
    public var reducedStates: Int
    /// With partial-order reduction: states expanded fully again by the cycle proviso.
    public var provisoExpansions: Int
    /// Whether the visited set was exact, and if not, the chance a collision hid a state.
    public var storage: StateStorage
    /// On several threads: states whose successors a replica computed, and states a
    /// replica gave back for the system to expand (see `LevelExpander`).
    public var onReplicas = 0
    public var givenBack = 0

    public init(outcome: SearchOutcome, states: Int, transitions: Int, depth: Int, seconds: Double,
                terminalStates: Int, findings: [Int: FoundViolation<Finding>], visitedBytesPerState: Double,
                frontierBytesPerState: Double = 0, reducedStates: Int = 0, provisoExpansions: Int = 0,
                storage: StateStorage) {
        self.outcome = outcome
        self.states = states
        self.transitions = transitions
        self.depth = depth
        self.seconds = seconds
        self.terminalStates = terminalStates
        self.findings = findings
        self.visitedBytesPerState = visitedBytesPerState
        self.frontierBytesPerState = frontierBytesPerState
        self.reducedStates = reducedStates
        self.provisoExpansions = provisoExpansions
        self.storage = storage
    }
}
