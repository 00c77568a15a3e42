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
    /// Indices of the successors of one process whose steps are all local, when that
    /// is not all of them: `preferring`'s if it qualifies, else the first process's that
    /// does. Nil: expand the state fully.
    @inlinable
    public static func select<Finding>(_ successors: [Successor<Finding>], preferring: Int) -> [Int]? {
        func group(_ process: Int) -> [Int]? {
            var indices: [Int] = []
            for i in successors.indices where successors[i].process == process {
                if !successors[i].local { return nil }
                indices.append(i)
            }
            return indices.isEmpty || indices.count == successors.count ? nil : indices
        }
        if preferring >= 0, let chosen = group(preferring) { return chosen }
        var seen: [Int] = []
        for successor in successors where !seen.contains(successor.process) {
            if successor.process < 0 { return nil }
            seen.append(successor.process)
            if let chosen = group(successor.process) { return chosen }
        }
        return nil
    }
}
