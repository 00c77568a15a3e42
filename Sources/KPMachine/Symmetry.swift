import KPExplorer
import KPIR
import KPSolver

/// Symmetry reduction for the interleaved search: states that differ only by a renaming
/// of CPUs and of tasks that run the same function are one state.
///
/// The machine treats every CPU alike and every task of one function alike: renaming
/// them (each CPU's idle task with it, and each task's symbol `por<t>` with the task,
/// inside every term and the path condition) maps each step to a step with the same
/// findings. So a state reaches a violation in n steps exactly when its renamings do,
/// and the search may keep one state per orbit: the visited set holds the orbit's least
/// renaming (`canonicalRepresentative`), while the frontier holds the
/// concrete state first reached, so successor indices, parent links and traces stay
/// those of real executions. Unlike the modular search's case split (see
/// `foreignPkeyCases`), this needs no renaming that keeps the initial state: two states
/// of one orbit reach the same orbits, wherever the search found them. Partial-order
/// reduction composes with it: the persistent set is chosen at the concrete state, and
/// the shortest distance to a violation, on which the proviso's argument rests, is the
/// same for every state of an orbit.
///
/// Handles are renamed by value: a constant whose top byte is the task or exception
/// frame tag and whose task index is in range is taken for a pointer (the models do no
/// arithmetic on pointers, and their integers stay far below 2⁵⁶).
final class SymmetryTables: ReplicatedTable {
    /// Every renaming but the identity.
    let group: [Automorphism]
    /// How many: the stride of the image tables below, read for every word a state's
    /// renaming looks up (one load, where `group.count` is two).
    let renamings: Int
    /// The same, flat: `taskImage[k * tasks + t]` is what task t becomes under the `k`th
    /// renaming, `taskSource[k * tasks + u]` what becomes task u, and `cpuSource` the same
    /// for CPUs (no array to retain per renaming in the hot loop).
    let taskImage: [Int], taskSource: [Int], cpuSource: [Int]
    /// The term of each task's symbol, and the task of each such term.
    let symbols: [TermID]
    let taskOfSymbol: [TermID: Int]
    /// Images of value words, of path conditions and of `eff` sets, at `[word * renamings + k]` for
    /// the `k`th renaming (`unmapped`: not known yet), and each renaming's memo of the
    /// terms it rebuilt.
    @exclusivity(unchecked) var images = ReplicatedArray<UInt32>()
    @exclusivity(unchecked) var conditions = ReplicatedArray<UInt32>()
    @exclusivity(unchecked) var effs = ReplicatedArray<UInt32>()
    var memos: [ReplicatedDictionary<TermID, TermID>]
    /// Path conditions renamed so far: unlike a term's image, a condition's depends on
    /// the conjuncts known for it when first asked (see `Machine.generation`).
    var conditionsRenamed = 0
    @exclusivity(unchecked) var scratch: PackedState
    @exclusivity(unchecked) var least: PackedState
    /// The least prefix (words before the tasks') among the renamings tried so far, and the
    /// renamings that tie with it (see `Machine.canonicalRepresentative`).
    @exclusivity(unchecked) var prefixLeast: PackedState
    @exclusivity(unchecked) var candidates: [Int]
    static let unmapped = UInt32.max

    init(group: [Automorphism], symbols: [TermID], width: Int) {
        self.group = group
        renamings = group.count
        taskImage = group.flatMap(\.task)
        taskSource = group.flatMap(\.taskSource)
        cpuSource = group.flatMap(\.cpuSource)
        self.symbols = symbols
        var taskOfSymbol: [TermID: Int] = [:]
        for (t, s) in symbols.enumerated() { taskOfSymbol[s] = t }
        self.taskOfSymbol = taskOfSymbol
        memos = Array(repeating: ReplicatedDictionary(), count: group.count)
        scratch = PackedState(repeating: 0, count: width)
        least = scratch
        prefixLeast = scratch
        candidates = Array(repeating: 0, count: group.count)
    }

    /// A replica machine's, whose images, memos and conditions are then the original's,
    /// taken by their changes (see `take`).
    init(copying other: SymmetryTables) {
        group = other.group
        renamings = other.renamings
        taskImage = other.taskImage
        taskSource = other.taskSource
        cpuSource = other.cpuSource
        symbols = other.symbols
        taskOfSymbol = other.taskOfSymbol
        memos = Array(repeating: ReplicatedDictionary(), count: other.group.count)
        scratch = other.scratch.unshared()
        least = other.least.unshared()
        prefixLeast = other.prefixLeast.unshared()
        candidates = other.candidates.unshared()
        take(other)
    }

    /// Journals the tables that grow, for replicas (see `ReplicatedTable`).
    func startJournal() {
        images.startJournal()
        conditions.startJournal()
        effs.startJournal()
        for k in memos.indices { memos[k].startJournal() }
    }

    /// The original's images, memos and count of conditions renamed (see
    /// `Machine.synchronize(with:)`).
    func take(_ original: SymmetryTables) {
        images.take(original.images)
        conditions.take(original.conditions)
        effs.take(original.effs)
        for k in memos.indices { memos[k].take(original.memos[k]) }
        conditionsRenamed = original.conditionsRenamed
    }

    /// Records the `k`th renaming's image of `w` in `table`, growing it to hold it.
    static func store(_ image: UInt32, for w: UInt32, by k: Int, in table: inout ReplicatedArray<UInt32>, group: Int) {
        let slot = Int(w) * group + k
        if table.count <= slot { table.append(contentsOf: repeatElement(unmapped, count: max(slot + 1, 2 * table.count) - table.count)) }
        table[slot] = image
    }
}

extension Machine {
    /// Renamings of CPUs and tasks the interleaved search identifies states by, the
    /// identity included (1: no symmetry; see `SymmetryTables`).
    public var symmetryGroupSize: Int { symmetryTables().group.count + 1 }

    func symmetryTables() -> SymmetryTables {
        if let known = symmetry { return known }
        // The canonical schedule gives every task the same symbol: nothing to rename by.
        let group = config.canonical ? []
            : Automorphism.group(entries: config.taskEntries, cpus: config.cpus, initial: false).dropFirst()
        let tables = SymmetryTables(group: Array(group), symbols: (0..<taskCount).map { terms.symbol("por\($0)") },
                                    width: layout.width)
        if journals { tables.startJournal() }
        symmetry = tables
        return tables
    }

    /// The least state (word by word) among `state`'s renamings: `state` itself, or an
    /// array of the tables' own, overwritten by the next call (the visited set
    /// fingerprints or copies it).
    public func canonicalRepresentative(of state: PackedState) -> PackedState {
        let tables = symmetryTables()
        guard !tables.group.isEmpty else { return state }
        // First the words before the tasks' (the globals and the CPUs', a few dozen) of
        // every renaming: they mostly decide which renaming is least, and a renaming whose
        // prefix does not tie with the least prefix cannot be. So the state is renamed
        // whole once at most, where trying the renamings in turn renamed it whole about
        // twice for each state some renaming precedes (half the states, on vmalloc-2x2).
        let end = layout.taskBase[0]
        var identityTies = true, candidates = 0
        // The least prefix through one pointer for every renaming: passed as an array, it
        // was retained and released for each (four times a state on vmalloc-2x2).
        tables.prefixLeast.withUnsafeMutableBufferPointer { least in
            let least = least.baseAddress!
            state.withUnsafeBufferPointer { least.update(from: $0.baseAddress!, count: end) }
            for k in tables.group.indices {
                // Compared block by block as it is written: a prefix that follows the least one
                // stops there, at its globals or its first CPU.
                let order = rename(state, by: k, into: &tables.scratch, tables, below: UnsafePointer(least), prefixOnly: true)
                if order < 0 {
                    tables.scratch.withUnsafeBufferPointer { least.update(from: $0.baseAddress!, count: end) }
                    identityTies = false
                    candidates = 0
                }
                if order <= 0 {
                    tables.candidates[candidates] = k
                    candidates += 1
                }
            }
        }
        // Among the renamings that tie on the prefix, the least whole: `state` itself until
        // a renaming precedes it, with no copy of the state unless one does.
        if candidates == 0 { return state }
        if candidates == 1 && !identityTies {
            rename(state, by: tables.candidates[0], into: &tables.least, tables)
            return tables.least
        }
        var renamed = false
        for c in 0..<candidates {
            let k = tables.candidates[c]
            if !renamed && !identityTies {
                rename(state, by: k, into: &tables.least, tables)
                renamed = true
            } else if (renamed ? tables.least : state).withUnsafeBufferPointer({
                rename(state, by: k, into: &tables.scratch, tables, below: $0.baseAddress!)
            }) < 0 {
                swap(&tables.scratch, &tables.least)
                renamed = true
            }
        }
        return renamed ? tables.least : state
    }

    /// Writes `s` with CPUs and tasks renamed by the `k`th renaming, and every value with
    /// them, into `out`: the global words, then each CPU's, then each task's, in order,
    /// or with `prefixOnly`, the words before the tasks' (globals and CPUs) alone.
    /// Given `least` (a state's words), compares each block with it as it is written and
    /// returns the order of the result and `least` (over the words written): -1 precedes
    /// (`out` is then complete), 0 equal, 1 follows (written up to the block that shows it,
    /// and no further). Without, writes it all and returns -1.
    ///
    /// Through pointers, with no bounds or overflow checks per word: 12% of a search's
    /// time was spent here (`out` has the state's width, and every offset is the layout's).
    @discardableResult
    func rename(_ s: PackedState, by k: Int, into out: inout PackedState, _ tables: SymmetryTables,
                below least: UnsafePointer<UInt32>? = nil, prefixOnly: Bool = false) -> Int {
        precondition(s.count == layout.width && out.count == layout.width, "a state of another width")
        let tasks = taskCount, cpus = config.cpus, layout = layout
        let taskImage = tables.taskImage, taskSource = tables.taskSource, cpuSource = tables.cpuSource
        return s.withUnsafeBufferPointer { sb in
            out.withUnsafeMutableBufferPointer { ob in
                let i = sb.baseAddress!, o = ob.baseAddress!
                var order = least == nil ? -1 : 0
                /// Whether the result may still precede or equal `least`, now that `range` is written.
                func goOn(_ range: Range<Int>) -> Bool {
                    guard order == 0, let l = least else { return true }
                    for w in range where o[w] != l[w] {
                        order = o[w] < l[w] ? -1 : 1
                        return order < 0
                    }
                    return true
                }
                o[StateLayout.irqsTaken] = i[StateLayout.irqsTaken]
                o[StateLayout.pathCondition] = renamedCondition(i[StateLayout.pathCondition], by: k, tables)
                for w in layout.globalsBase..<layout.cpuBase { o[w] = renamed(i[w], by: k, tables) }
                guard goOn(0..<layout.cpuBase) else { return order }
                for d in 0..<cpus {
                    let from = layout.cpu(cpuSource[k &* cpus &+ d]), to = layout.cpu(d)
                    o[to + StateLayout.cpuTask] = UInt32(taskImage[k &* tasks &+ Int(i[from + StateLayout.cpuTask])])
                    o[to + StateLayout.cpuPOR] = renamed(i[from + StateLayout.cpuPOR], by: k, tables)
                    o[to + StateLayout.cpuEff] = renamedEff(i[from + StateLayout.cpuEff], by: k, tables)
                    o[to + StateLayout.cpuSoftirqPending] = i[from + StateLayout.cpuSoftirqPending]
                    let next = Int(i[from + StateLayout.cpuSwitchNext])
                    o[to + StateLayout.cpuSwitchNext] = next == 0 ? 0 : UInt32(taskImage[k &* tasks &+ next &- 1] &+ 1)
                    for v in StateLayout.cpuPerCPU..<layout.cpuWords { o[to &+ v] = renamed(i[from &+ v], by: k, tables) }
                    guard goOn(to..<to + layout.cpuWords) else { return order }
                }
                if prefixOnly { return order }
                let fieldsEnd = StateLayout.taskFields + program.taskFields.count
                let regsEnd = StateLayout.ctxRegs + layout.regsCount
                for u in 0..<tasks {
                    let t = taskSource[k &* tasks &+ u]
                    let from = layout.taskBase[t], to = layout.taskBase[u]
                    (o + to).update(from: i + from, count: StateLayout.taskFields)
                    for f in StateLayout.taskFields..<fieldsEnd { o[to &+ f] = renamed(i[from &+ f], by: k, tables) }
                    for level in 0..<layout.levels {
                        let ctx = layout.context(t, level), ctxTo = layout.context(u, level)
                        let stack = layout.stackBase(task: t, level: level), stackTo = layout.stackBase(task: u, level: level)
                        (o + ctxTo).update(from: i + ctx, count: stack + layout.stackSize(t, level) - ctx)
                        o[ctxTo + StateLayout.ctxEntryPOR] = renamed(i[ctx + StateLayout.ctxEntryPOR], by: k, tables)
                        o[ctxTo + StateLayout.ctxLazyEntryPOR] = renamed(i[ctx + StateLayout.ctxLazyEntryPOR], by: k, tables)
                        o[ctxTo + StateLayout.ctxPauseExpect] = renamed(i[ctx + StateLayout.ctxPauseExpect], by: k, tables)
                        o[ctxTo + StateLayout.ctxEntryEff] = renamedEff(i[ctx + StateLayout.ctxEntryEff], by: k, tables)
                        for r in StateLayout.ctxRegs..<regsEnd { o[ctxTo &+ r] = renamed(i[ctx &+ r], by: k, tables) }
                        // The registers of each frame on the stack (frame words are stack offsets).
                        var top = i[ctx + StateLayout.ctxTopFrame]
                        while top != StateLayout.noFrame, i[stack &+ Int(top) &+ StateLayout.frameFunction] != 0 {
                            let frame = Int(top) &+ StateLayout.frameRegisters
                            let registers = registerCounts[Int(i[stack &+ Int(top) &+ StateLayout.frameFunction]) &- 1]
                            for r in frame..<frame &+ registers { o[stackTo &+ r] = renamed(i[stack &+ r], by: k, tables) }
                            top = i[stack &+ Int(top) &+ StateLayout.framePrevious]
                        }
                    }
                    guard goOn(to..<(u + 1 < tasks ? layout.taskBase[u + 1] : layout.width)) else { return order }
                }
                return order
            }
        }
    }

    /// A value word with the tasks' symbols and task and exception-frame handles renamed.
    /// The inner loop of a state's renaming: one comparison finds a known image.
    @inline(__always)
    private func renamed(_ w: ValueWord, by k: Int, _ tables: SymmetryTables) -> ValueWord {
        if w & 0x8000_0000 != 0 { return w }
        let image = tables.images.element(at: Int(w) &* tables.renamings &+ k, else: SymmetryTables.unmapped)
        return image != SymmetryTables.unmapped ? image : renamedTerm(w, by: k, tables)
    }

    @inline(never)
    private func renamedTerm(_ w: ValueWord, by k: Int, _ tables: SymmetryTables) -> ValueWord {
        let g = tables.group[k], symbols = tables.symbols, taskOfSymbol = tables.taskOfSymbol
        let image = terms.substituting(w, memo: &tables.memos[k]) { leaf in
            if let t = taskOfSymbol[leaf] { return symbols[g.task[t]] }
            guard let h = terms.constantValue(leaf) else { return nil }
            if Handle.tag(h) == Handle.taskTag, Handle.taskIndex(h) < g.task.count {
                return terms.constant(Handle.task(g.task[Handle.taskIndex(h)]))
            }
            if Handle.tag(h) == Handle.regsTag, Handle.regsTask(h) < g.task.count {
                return terms.constant(Handle.regs(task: g.task[Handle.regsTask(h)], level: Handle.regsLevel(h)))
            }
            return nil
        }
        // A word that names no task stays as it is (raw 0 in a cleared register, say).
        let word = image == w ? w : values.word(image)
        SymmetryTables.store(word, for: w, by: k, in: &tables.images, group: tables.renamings)
        return word
    }

    /// An `eff` set (its `EffSets` id) with each value renamed: interned again, since
    /// the renamed values may sort in another order.
    @inline(__always)
    private func renamedEff(_ id: UInt32, by k: Int, _ tables: SymmetryTables) -> UInt32 {
        let image = tables.effs.element(at: Int(id) &* tables.renamings &+ k, else: SymmetryTables.unmapped)
        return image != SymmetryTables.unmapped ? image : renamedEffFirst(id, by: k, tables)
    }

    /// `renamedEff` the first time: interned, and recorded in the tables.
    @inline(never)
    private func renamedEffFirst(_ id: UInt32, by k: Int, _ tables: SymmetryTables) -> UInt32 {
        let image = effSets.interning(effSets.values(id).map { renamed($0, by: k, tables) })
        SymmetryTables.store(image, for: id, by: k, in: &tables.effs, group: tables.renamings)
        return image
    }

    /// A path condition with its conjuncts renamed, in the order `conjoin` keeps them.
    @inline(__always)
    private func renamedCondition(_ pc: ValueWord, by k: Int, _ tables: SymmetryTables) -> ValueWord {
        if pc & 0x8000_0000 != 0 { return pc }
        let image = tables.conditions.element(at: Int(pc) &* tables.renamings &+ k, else: SymmetryTables.unmapped)
        return image != SymmetryTables.unmapped ? image : renamedConditionFirst(pc, by: k, tables)
    }

    /// `renamedCondition` the first time: conjoined again, and recorded in the tables.
    @inline(never)
    private func renamedConditionFirst(_ pc: ValueWord, by k: Int, _ tables: SymmetryTables) -> ValueWord {
        var result = values.make(1)
        if let conjuncts = pathConditionConjuncts[pc] {
            for c in conjuncts { result = conjoin(result, values.term(renamed(c, by: k, tables))) }
        } else {
            result = renamed(pc, by: k, tables)
        }
        SymmetryTables.store(result, for: pc, by: k, in: &tables.conditions, group: tables.renamings)
        tables.conditionsRenamed += 1
        return result
    }
}
