import Foundation

public struct SearchLimits: Sendable {
    /// Stop after this many distinct states: the outcome is `.boundHit`.
    public var maxStates: Int
    /// Stop when the visited set and frontier hold more than this many bytes.
    public var maxMemoryBytes: Int
    /// Stop early once a finding of every one of these keys is known.
    public var stopWhenFound: Set<Int>

    public init(maxStates: Int = 50_000_000, maxMemoryBytes: Int = 12 << 30, stopWhenFound: Set<Int> = []) {
        self.maxStates = maxStates
        self.maxMemoryBytes = maxMemoryBytes
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

    public init(outcome: SearchOutcome, states: Int, transitions: Int, depth: Int, seconds: Double,
                terminalStates: Int, findings: [Int: FoundViolation<Finding>], visitedBytesPerState: Double) {
        self.outcome = outcome
        self.states = states
        self.transitions = transitions
        self.depth = depth
        self.seconds = seconds
        self.terminalStates = terminalStates
        self.findings = findings
        self.visitedBytesPerState = visitedBytesPerState
    }
}

/// Breadth-first search: levels in order, so the first violation of a property found
/// has a shortest trace. Deterministic: same counts whatever the run.
public struct BreadthFirstSearch<System: TransitionSystem> {
    public var system: System
    public var limits: SearchLimits
    public var progress: ((SearchProgress) -> Void)?
    public var progressInterval = 200_000

    public init(system: System, limits: SearchLimits = SearchLimits()) {
        self.system = system
        self.limits = limits
    }

    // Inlinable so it is specialized for the concrete system: a generic search
    // across the module boundary spends its time looking up type metadata.
    @inlinable
    public func run() throws -> SearchResult<System.Finding> {
        let start = Date()
        var visited = VisitedSet()
        // Parent links: for state i, the state it was first reached from and the
        // successor index taken. Initial states have parent UInt32.max.
        var parents: [UInt32] = []
        var choices: [UInt32] = []
        var findings: [Int: FoundViolation<System.Finding>] = [:]
        var frontier: [(id: UInt32, state: PackedState)] = []
        var transitions = 0, terminal = 0, depth = 0
        var outcome = SearchOutcome.complete
        var frontierBytes = 0

        for (i, state) in try system.initialStates().enumerated() {
            let (id, inserted) = visited.insert(Fingerprint(state))
            guard inserted else { continue }
            parents.append(UInt32.max)
            choices.append(UInt32(i))
            frontier.append((id, state))
        }

        func path(to id: UInt32) -> [UInt32] {
            var reversed: [UInt32] = []
            var current = id
            while true {
                reversed.append(choices[Int(current)])
                let parent = parents[Int(current)]
                if parent == UInt32.max { break }
                current = parent
            }
            return reversed.reversed()
        }

        var successors: [Successor<System.Finding>] = []
        var next: [(id: UInt32, state: PackedState)] = []
        search: while !frontier.isEmpty {
            next.removeAll(keepingCapacity: true)
            frontierBytes = 0
            for (id, state) in frontier {
                successors.removeAll(keepingCapacity: true)
                try system.successors(of: state, into: &successors)
                if successors.isEmpty { terminal += 1 }
                for choice in successors.indices {
                    let successor = successors[choice]
                    transitions += 1
                    var stops = false
                    for finding in successor.findings {
                        stops = stops || finding.stopsPath
                        if findings[finding.propertyKey] == nil {
                            findings[finding.propertyKey] = FoundViolation(
                                finding: finding, path: path(to: id) + [UInt32(choice)])
                            if !limits.stopWhenFound.isEmpty && limits.stopWhenFound.isSubset(of: findings.keys) {
                                outcome = .allFound
                                break search
                            }
                        }
                    }
                    if stops { continue }
                    let (newID, inserted) = visited.insert(Fingerprint(successor.state))
                    guard inserted else { continue }
                    parents.append(id)
                    choices.append(UInt32(choice))
                    frontierBytes += successor.state.count * 4 + 16
                    next.append((newID, successor.state))
                    if visited.count >= limits.maxStates {
                        outcome = .boundHit("--max-states \(limits.maxStates) reached")
                        break search
                    }
                    if visited.memoryBytes + parents.count * 8 + frontierBytes > limits.maxMemoryBytes {
                        outcome = .boundHit("memory bound of \(limits.maxMemoryBytes >> 20) MiB reached")
                        break search
                    }
                    if let progress, visited.count % progressInterval == 0 {
                        progress(SearchProgress(states: visited.count, transitions: transitions, depth: depth + 1,
                                                seconds: Date().timeIntervalSince(start)))
                    }
                }
            }
            if next.isEmpty { break }
            depth += 1
            swap(&frontier, &next)
        }
        let states = visited.count
        return SearchResult(
            outcome: outcome, states: states, transitions: transitions, depth: depth,
            seconds: Date().timeIntervalSince(start), terminalStates: terminal, findings: findings,
            visitedBytesPerState: states == 0 ? 0 : Double(visited.memoryBytes + parents.count * 8) / Double(states))
    }
}
