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

    /// Whether the search takes `successor` when it takes `process`'s steps (nil: all).
    @inlinable
    public static func takes<Finding>(_ successor: Successor<Finding>, of process: Int?) -> Bool {
        process == nil || successor.process == process
    }
}
