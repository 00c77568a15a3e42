/// Partial-order reduction by persistent sets (Godefroid; SPIN's ample sets).
///
/// If every step one process can take from a state is `local`, those steps commute
/// with everything the other processes can do before this process moves, and
/// nothing the others do can enable or disable them: the set is persistent, and
/// exploring only it (the other processes' steps are taken later, from the states
/// it leads to) reaches every violation the full graph reaches, provided no process
/// is ignored for ever. That is the cycle proviso, checked by the search on the
/// reduced graph (`ReducedGraph`): every terminal strongly connected component must
/// hold a fully expanded state (Valmari). From any state with a path to a violation,
/// the reduced graph then either takes the path's next step of the chosen process or
/// moves closer to a fully expanded state, where it takes the path's first step.
///
/// The process that moved last keeps moving while it can, so a CPU runs through its
/// loop while the others wait, and two looping CPUs give about the sum of their
/// states, not the product.
public enum PersistentSet {
    /// The process whose steps the search takes from a state: one whose successors are
    /// all local, when they are not all of the successors; `preferring` if it qualifies,
    /// else the first process (in successor order) that does. Nil: expand the state
    /// fully. No allocation: the search calls this for every state.
    @inlinable
    public static func process<Finding>(of successors: [Successor<Finding>], preferring: Int) -> Int? {
        func qualifies(_ process: Int) -> Bool {
            var count = 0
            for successor in successors where successor.process == process {
                if !successor.local { return false }
                count += 1
            }
            return count != 0 && count != successors.count
        }
        if preferring >= 0, qualifies(preferring) { return preferring }
        for i in successors.indices {
            let process = successors[i].process
            // Each process once, at its first successor.
            if successors[..<i].contains(where: { $0.process == process }) { continue }
            if process < 0 { return nil }
            if qualifies(process) { return process }
        }
        return nil
    }

    /// What `expand` computed: every successor, taken all (`all`) or only those of one
    /// process (`process`), or the steps of one process alone, all taken (`only`).
    public enum Expansion: Equatable {
        case all
        case process(Int)
        case only(Int)

        /// The process whose steps are taken; nil: all.
        @inlinable public var process: Int? {
            switch self {
            case .all: nil
            case .process(let p), .only(let p): p
            }
        }
    }

    /// Computes what the search takes from `state` into `successors` (cleared first):
    /// with `reduce`, the steps of `preferring` alone when the system expands processes
    /// one at a time and they are all local (a persistent set, as `process(of:preferring:)`
    /// would pick, without computing the other processes' steps); else every successor,
    /// and the process `process(of:preferring:)` picks among them. `spare` is a buffer
    /// the caller keeps, to save an allocation.
    ///
    /// The search takes the same steps either way: when `preferring`'s steps are all
    /// local, `process(of:preferring:)` picks it, or no process when it has every step.
    /// In that last case (no other process can move) the state is now recorded as not
    /// fully expanded, since the others' steps were not computed: the cycle proviso may
    /// then expand a state of its component fully once more, which only adds steps.
    @inlinable
    public static func expand<System: TransitionSystem>(
        _ state: PackedState, of system: System, preferring: Int, reduce: Bool,
        into successors: inout [Successor<System.Finding>], spare: inout [Successor<System.Finding>]
    ) throws -> Expansion {
        for i in successors.indices { system.recycle(&successors[i].state) }
        successors.removeAll(keepingCapacity: true)
        let processes = system.processCount
        guard reduce else {
            try system.successors(of: state, into: &successors)
            return .all
        }
        guard preferring >= 0, preferring < processes else {
            try system.successors(of: state, into: &successors)
            return process(of: successors, preferring: preferring).map { .process($0) } ?? .all
        }
        try system.successors(of: state, process: preferring, into: &successors)
        if !successors.isEmpty, successors.allSatisfy(\.local) { return .only(preferring) }
        // Not persistent: the other processes' steps too, in order.
        swap(&successors, &spare)
        successors.removeAll(keepingCapacity: true)
        for p in 0..<processes {
            if p == preferring {
                successors.append(contentsOf: spare)
            } else {
                try system.successors(of: state, process: p, into: &successors)
            }
        }
        spare.removeAll(keepingCapacity: true)
        return process(of: successors, preferring: preferring).map { .process($0) } ?? .all
    }

    /// The choice naming step `index` of `process`, taken from an `only` expansion: the
    /// top bit set, the process in the next 7, the index below. `resolve` turns it into
    /// the step's index among all the state's successors.
    @inlinable
    public static func choice(step index: Int, of process: Int) -> UInt32 {
        precondition(process < 128 && index < 1 << 24, "process \(process) step \(index): no choice for it")
        return 0x8000_0000 | UInt32(process) << 24 | UInt32(index)
    }

    /// Whether `choice` names a step by its process (see `choice(step:of:)`).
    @inlinable
    public static func namesProcessStep(_ choice: UInt32) -> Bool { choice & 0x8000_0000 != 0 }

    /// The index among `successors` (every successor of a state) of the successor
    /// `choice` names.
    @inlinable
    public static func resolve<Finding>(_ choice: UInt32, in successors: [Successor<Finding>]) -> Int {
        guard namesProcessStep(choice) else { return Int(choice) }
        let process = Int(choice >> 24 & 0x7F)
        var index = Int(choice & 0xFF_FFFF)
        for i in successors.indices where successors[i].process == process {
            if index == 0 { return i }
            index -= 1
        }
        preconditionFailure("choice \(choice): process \(process) has fewer steps")
    }

    /// Whether the search takes `successor` when it takes `process`'s steps (nil: all).
    @inlinable
    public static func takes<Finding>(_ successor: Successor<Finding>, of process: Int?) -> Bool {
        process == nil || successor.process == process
    }
}
