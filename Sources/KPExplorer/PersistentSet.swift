/// Partial-order reduction by persistent sets (Godefroid; SPIN's ample sets).
///
/// If every step one process can take from a state is `local`, those steps commute
/// with everything the other processes can do before this process moves, and
/// nothing the others do can enable or disable them: the set is persistent, and
/// exploring only it (the other processes' steps are taken later, from the states
/// it leads to) reaches every violation the full graph reaches.
///
/// The cycle proviso is static (Kurshan et al.; Valmari): a group with a step that
/// may close a cycle (`backEdge`) is never chosen, so every cycle of the reduced
/// graph passes through a fully expanded state and no process is ignored forever.
/// A process then runs until its loop comes round, not until the search happens to
/// revisit a state, which keeps the product of two looping CPUs small.
public enum PersistentSet {
    /// The first process (in successor order) whose successors are all local and none
    /// a back edge, when that is not all of them: their indices. Nil: expand fully.
    @inlinable
    public static func select<Finding>(_ successors: [Successor<Finding>]) -> [Int]? {
        var seen: [Int] = []
        for first in successors.indices {
            let process = successors[first].process
            if process < 0 { return nil }
            if seen.contains(process) { continue }
            seen.append(process)
            var group: [Int] = []
            var eligible = true
            for i in first..<successors.count where successors[i].process == process {
                if !successors[i].local || successors[i].backEdge { eligible = false; break }
                group.append(i)
            }
            if eligible && group.count < successors.count { return group }
        }
        return nil
    }
}
