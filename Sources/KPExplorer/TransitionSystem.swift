import Foundation

/// What a search needs from a model: initial states, and the successors of a state.
///
/// States are packed, fixed-width word strings; the search never looks inside them.
/// Successors must come in a deterministic order: a trace is stored as the index of
/// each successor taken, and replayed by asking for the successors again.
public protocol TransitionSystem {
    associatedtype Finding: SearchFinding

    func initialStates() throws -> [PackedState]
    /// Appends the successors of `state` to `successors` (which the caller cleared).
    func successors(of state: PackedState, into successors: inout [Successor<Finding>]) throws
    /// One state of `state`'s orbit under the system's symmetries, the same for every
    /// state of the orbit: equal for two states only if a renaming of the system's
    /// processes maps one onto the other and every step of one onto a step of the other
    /// with the same findings. The search stores it in the visited set (as a fingerprint
    /// or whole) when `BreadthFirstSearch.symmetry` is on; the frontier keeps `state`.
    func canonicalRepresentative(of state: PackedState) -> PackedState
    /// How many processes `successors(of:process:into:)` can expand one at a time: 0 when
    /// the system expands a state only whole. With processes 0..<n, `successors(of:into:)`
    /// gives process 0's steps, then process 1's, and so on, each step with its process.
    var processCount: Int { get }
    /// Appends the steps of process `process` from `state`, in the order
    /// `successors(of:into:)` gives them. The partial-order reduction asks for the
    /// process that moved last alone, and for the others only when its steps are not a
    /// persistent set (see `PersistentSet.expand`), so it never computes steps it drops.
    func successors(of state: PackedState, process: Int, into successors: inout [Successor<Finding>]) throws
    /// Takes back a successor's state the search is done with (leaving `state` empty), so
    /// the system may compute another successor in its storage instead of allocating.
    func recycle(_ state: inout PackedState)
}

extension TransitionSystem {
    /// No symmetries: the state itself.
    public func canonicalRepresentative(of state: PackedState) -> PackedState { state }

    /// Expanded only whole.
    public var processCount: Int { 0 }

    /// Nothing kept.
    public func recycle(_ state: inout PackedState) { state = [] }

    /// The whole expansion, filtered (a system with `processCount` 0 is never asked).
    public func successors(of state: PackedState, process: Int, into successors: inout [Successor<Finding>]) throws {
        var all: [Successor<Finding>] = []
        try self.successors(of: state, into: &all)
        successors.append(contentsOf: all.lazy.filter { $0.process == process })
    }
}

/// A system a search can run on several threads (`BreadthFirstSearch.threads`): it makes
/// replicas, each used by one thread, that compute what the system would, or say they
/// could not (see `generation`).
///
/// The search expands a state on a replica, reads `generation` before and after, and
/// when it moved, discards what the replica computed and expands the state on the
/// system itself, in frontier order. So a system whose work leaves a trace in its own
/// tables (ids it hands out, questions it logs) sees the same work, in the same order,
/// for every number of threads.
public protocol ReplicableTransitionSystem: TransitionSystem {
    /// A copy for another thread, synchronized with this system.
    func replica() throws -> Self?
    /// Makes `self`, a replica, compute what `original` would again (between levels,
    /// when no thread uses either).
    func synchronize(with original: Self)
    /// Moves whenever computing successors or a canonical representative needed
    /// something the system did not have when the replica was synchronized; a replica's
    /// answers are kept only for states that left it unmoved.
    var generation: Int { get }
    /// Takes what a replica recorded on the side (coverage, say) at the end of a search.
    func absorb(_ replica: Self)
    /// While a search on several threads runs, its thread holds `lock` whenever it uses
    /// the system, and replicas take it to copy the system. A system that waits on
    /// something outside it (a solver) in a state where a copy would be consistent may
    /// release `lock` for the wait and take it again after; nil: the search is over.
    func releasesWhileWaiting(_ lock: NSLock?)
}

extension ReplicableTransitionSystem {
    public func releasesWhileWaiting(_ lock: NSLock?) {}
}

public typealias PackedState = [UInt32]

/// A property violation found on a transition.
public protocol SearchFinding {
    /// Which property: findings with the same key are the same question; the search
    /// keeps the first (shortest) one of each.
    var propertyKey: Int { get }
    /// The execution cannot go on after this (the kernel would oops).
    var stopsPath: Bool { get }
}

public struct Successor<Finding: SearchFinding> {
    public var state: PackedState
    public var findings: [Finding]
    /// Which process (a CPU, for the machine) took the step; -1 when the system does
    /// not say, which turns partial-order reduction off for the state.
    public var process: Int
    /// The step touched only state of its own process that no other process reads or
    /// writes, whatever they do next: it commutes with every step of every other
    /// process. Partial-order reduction relies on this being true whenever it is set.
    public var local: Bool

    public init(state: PackedState, findings: [Finding] = [], process: Int = -1, local: Bool = false) {
        self.state = state
        self.findings = findings
        self.process = process
        self.local = local
    }
}
