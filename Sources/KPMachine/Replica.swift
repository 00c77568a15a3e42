import Foundation
import KPExplorer
import KPIR
import KPSolver

/// Replicas for a search on several threads (`BreadthFirstSearch.threads`).
///
/// A replica is a machine of its own (term store, `eff` table, caches, and a solver
/// that asks no Z3) that starts as a copy of this one. For a state whose successors
/// need nothing new, it computes exactly what this machine would: the same words,
/// since every id they hold names the same term or set in both. A state that needs
/// something new (see `generation`) moves it; the search then discards the replica's
/// work and asks this machine, in frontier order, so ids, obligations and counts are
/// those of one thread.
extension Machine {
    public func replica() throws -> Machine? { try replica(config: config) }

    /// A replica built from `config`, equal to this machine's but built apart: its
    /// program's arrays are then not shared with this machine's, and the replica's thread
    /// touches no reference count this machine's thread touches (sharing them cost about
    /// a third more time per state on two threads). A config that is not equal is not
    /// used: the replica then shares this machine's.
    ///
    /// With `lock`, this machine is read only while it is held (a search on several threads
    /// uses it meanwhile): the replica is built from a copy of its terms, which holds every
    /// term building it makes, then takes its tables. Terms are only ever added, so ids of
    /// the copy name the same terms after.
    public func replica(config apart: MachineConfig, locking lock: NSLock? = nil) throws -> Machine? {
        let config = apart == self.config ? apart : self.config
        let store = TermStore()
        lock?.lock()
        startJournals()
        store.take(terms)
        let settings = (recordsCoverage, expandsProcessesAlone, exactSummaries, summarizesSteps)
        lock?.unlock()
        let copy = try Machine(config: config, terms: store, solver: Solver(replicaFor: store))
        (copy.recordsCoverage, copy.expandsProcessesAlone, copy.exactSummaries, copy.summarizesSteps) = settings
        lock?.lock()
        copy.synchronize(with: self)
        lock?.unlock()
        return copy
    }

    /// Makes this replica's tables (and so its ids) this machine's again: each takes the
    /// original's changes since its last take, after undoing its own (see
    /// `ReplicatedTable`), in storage of the replica's own (sharing it would make this
    /// machine copy it, on the search's thread, at its next change).
    public func synchronize(with original: Machine) {
        solver.adoptAnswers(of: original.solver)
        terms.take(original.terms)
        effSets.take(original.effSets)
        permissionCache.take(original.permissionCache)
        pathConditionConjuncts.take(original.pathConditionConjuncts)
        conjunctionCache.take(original.conjunctionCache)
        cases = original.cases
        symbolMasks.take(original.symbolMasks)
        stepSummaries = original.stepSummaries
        if let tables = original.symmetry {
            if let own = symmetry, own.symbols == tables.symbols { own.take(tables) } else { symmetry = SymmetryTables(copying: tables) }
        } else {
            symmetry = nil
        }
    }

    /// Journals every table a replica takes (see `ReplicatedTable`): called when the
    /// first replica is made, and the symmetry tables journal from when they are built.
    func startJournals() {
        guard !journals else { return }
        journals = true
        terms.startJournal()
        solver.startJournal()
        effSets.startJournal()
        permissionCache.startJournal()
        pathConditionConjuncts.startJournal()
        conjunctionCache.startJournal()
        symbolMasks.startJournal()
        symmetry?.startJournal()
    }

    /// Moves whenever a step or a canonical form made something new that a state may
    /// name by id (a term, an `eff` set), asked what the solver had no answer for, or
    /// filled a cache whose answers depend on what came before: a path condition's
    /// conjuncts are those of the first conjunction that made it, so conjoining, and
    /// renaming a condition, give what they give at that point of the search, which
    /// only the original, in frontier order, may decide. Caches of pure functions of
    /// their key (permissions, terms' images) may fill on a replica.
    public var generation: Int {
        terms.count &+ effSets.count &+ solver.queryCount &+ solver.misses &+ unknownAnswers
            &+ conjunctionCache.count &+ pathConditionConjuncts.count &+ (symmetry?.conditionsRenamed ?? 0)
    }

    /// Lets go of `lock` while Z3 checks a question (see `Solver.whileChecking`): the
    /// search's thread spends a tenth of a search there, holding the lock a replica waits
    /// for when it needs the machine's tables.
    public func releasesWhileWaiting(_ lock: NSLock?) {
        solver.whileChecking = lock.map { lock in Solver.Outside(leave: { lock.unlock() }, enter: { lock.lock() }) }
    }

    /// Takes the coverage a replica recorded.
    public func absorb(_ replica: Machine) {
        guard recordsCoverage else { return }
        for i in executed.indices where replica.executed[i] { executed[i] = true }
    }
}
