import KPExplorer
import KPIR
import KPSolver

/// The machine one CPU at a time, for `ModularSearch`. CPUs share nothing but the
/// tasks waiting to run (the models have no globals a CPU writes, interrupts are
/// unbounded or absent, and code reaches no task but its own and the one it switches
/// to), so a CPU's steps depend only on its *view*: its own words, the task it runs,
/// the one it is switching to and its idle task. Every other task is `away` (all
/// zeros) in the view; a task that waits to run leaves the view as an item of the
/// pool, and any CPU may take any item whenever it looks for a task to run.
extension Machine: ModularSystem {
    /// The task word of a CPU that is not the view's.
    static let absentCPU: UInt32 = 0xFFFF_FFFF

    /// Whether the modular search covers this configuration, and if not, why.
    public var modularSearchObstacle: String? {
        if config.interrupts > 0 {
            return "a bounded interrupt budget is shared by all CPUs (use interrupts=unbounded or 0)"
        }
        for f in program.functions {
            for instruction in f.instructions {
                if case .storeGlobal(let g, _) = instruction.op {
                    return "\(instruction.location): '\(f.name)' writes the global \(program.globals[g].name), which all CPUs share"
                }
            }
        }
        return nil
    }

    public func initialViews() throws -> (views: [PackedState], items: [PackedState]) {
        if let why = modularSearchObstacle { throw DiagnosticError(MachineError.modularSearchInapplicable(why)) }
        var views: [PackedState] = [], items: [PackedState] = []
        for (condition, por) in foreignPkeyCases() {
            var state = initialState(por: por)
            state[StateLayout.pathCondition] = condition
            for c in 0..<config.cpus {
                var view = state
                for d in 0..<config.cpus where d != c {
                    let cpu = layout.cpu(d)
                    for i in cpu..<cpu + layout.cpuWords { view[i] = 0 }
                    view[cpu + StateLayout.cpuTask] = Machine.absentCPU
                }
                release(&view, cpu: c, into: &items)
                views.append(view)
            }
        }
        return (views, items)
    }

    public func steps(of view: PackedState, into steps: inout [ViewStep<Violation>]) throws -> Bool {
        let c = viewCPU(view)
        // Switched to a waiting task knowing only its task words: it takes one of the
        // waiting tasks with those words, and goes on from there.
        if isPending(view, task: Int(view[layout.cpu(c) + StateLayout.cpuTask])) { return true }
        guard summarizesSteps else {
            runQueueRead = false
            try singleSteps(of: view, cpu: c, interrupt: false, into: &steps)
            if canTakeInterrupt(view, cpu: c) { try singleSteps(of: view, cpu: c, interrupt: true, into: &steps) }
            return runQueueRead
        }
        guard atTaskLevel(view, cpu: c) else { return try summarizedSteps(from: view, cpu: c, into: &steps) }
        // The task's own step, as it is; an interrupt, as one step to its end.
        runQueueRead = false
        try singleSteps(of: view, cpu: c, interrupt: false, into: &steps)
        let readsRunQueue = runQueueRead
        if canTakeInterrupt(view, cpu: c) { _ = try summarizedSteps(from: view, cpu: c, into: &steps) }
        return readsRunQueue
    }

    /// The machine's steps of CPU `c` from `view`, each with the tasks it let go.
    private func singleSteps(of view: PackedState, cpu c: Int, interrupt: Bool,
                             into steps: inout [ViewStep<Violation>]) throws {
        try expand(view, cpu: c, interrupt: interrupt, recording: false) { exec in
            var next = exec.state, released: [PackedState] = []
            release(&next, cpu: c, into: &released)
            steps.append(ViewStep(view: next, findings: exec.violations, released: released))
        }
    }

    /// Whether the CPU runs a task at task level (no interrupt in progress): where a
    /// summarized step ends (see `summarizedSteps`).
    func atTaskLevel(_ s: PackedState, cpu c: Int) -> Bool {
        let t = Int(s[layout.cpu(c) + StateLayout.cpuTask])
        return s[layout.taskBase[t] + StateLayout.taskDepth] == 1
    }

    /// The steps from `view` up to the next state where the CPU is back at task level or
    /// looks for a task to run, as single steps (from task level: only the interrupt's).
    /// In a view nothing else moves meanwhile, so the states in between need not be
    /// kept, only what their steps found. The code that runs meanwhile (interrupt
    /// handlers, the scheduler, the switch hook) cannot read a call stack that was
    /// frozen at task level (its frames and their registers), so the ends are computed
    /// once per state with those stacks cleared and reused for every stack
    /// (`stepSummaries`). Returns whether the first step looked for a task to run.
    func summarizedSteps(from view: PackedState, cpu c: Int, into steps: inout [ViewStep<Violation>]) throws -> Bool {
        let (frozen, topFrames) = frozenWords(view, cpu: c)
        var key = view
        for range in frozen { for i in range { key[i] = 0 } }
        // No frame in a frozen stack: the step that resumes it clears no dead registers
        // in it (they were cleared when its code last stepped there).
        for i in topFrames { key[i] = StateLayout.noFrame }
        let fingerprint = Fingerprint(key)
        let summary: StepSummary
        if let known = stepSummaries[fingerprint], !exactSummaries || known.start == key {
            summary = known
        } else {
            let saved = runQueueRead
            summary = try summarize(key, cpu: c)
            runQueueRead = saved
            if stepSummaries.count >= Machine.stepSummaryCapacity { stepSummaries.removeAll(keepingCapacity: true) }
            stepSummaries[fingerprint] = summary
            if !summary.findings.isEmpty { steps.append(ViewStep(view: view, findings: summary.findings, released: [])) }
        }
        for outcome in summary.outcomes {
            var next = outcome
            for range in frozen { for i in range { next[i] = view[i] } }
            var released: [PackedState] = []
            release(&next, cpu: c, into: &released)
            steps.append(ViewStep(view: next, findings: [], released: released))
        }
        return summary.firstReadsRunQueue
    }

    /// What the CPU's code cannot read until the CPU switches tasks or returns to task
    /// level: the call stack of the running task while it is interrupted (its top frame
    /// pointer first), and every context of a task that waits, parked or claimed (those
    /// words stay as they are until it runs: the switch reads only its task words).
    /// Also the top-frame words among them.
    func frozenWords(_ view: PackedState, cpu c: Int) -> (words: [Range<Int>], topFrames: [Int]) {
        var frozen: [Range<Int>] = [], topFrames: [Int] = []
        let running = Int(view[layout.cpu(c) + StateLayout.cpuTask])
        let ctx = layout.context(running, 0)
        if view[ctx + StateLayout.ctxTopFrame] != StateLayout.noFrame {
            frozen.append(ctx + StateLayout.ctxTopFrame..<ctx + StateLayout.ctxStackTop + 1)
            topFrames.append(ctx + StateLayout.ctxTopFrame)
            let base = layout.stackBase(task: running, level: 0)
            frozen.append(base..<base + layout.stackSize(running, 0))
        }
        for t in 0..<taskCount where t != running {
            let status = view[layout.taskBase[t] + StateLayout.taskStatus]
            guard status == TaskStatus.runnable.rawValue || status == TaskStatus.claimedRunnable.rawValue
                    || status == TaskStatus.parked.rawValue else { continue }
            let end = t + 1 < taskCount ? layout.taskBase[t + 1] : layout.width
            frozen.append(layout.context(t, 0)..<end)
            for level in 0..<layout.levels { topFrames.append(layout.context(t, level) + StateLayout.ctxTopFrame) }
        }
        return (frozen, topFrames)
    }

    /// Summaries kept before the cache starts again (each holds a few states).
    static let stepSummaryCapacity = 100_000

    /// Every way the CPU can go from `key` to task level or to a look at the run queue,
    /// and what the steps on the way found.
    private func summarize(_ key: PackedState, cpu c: Int) throws -> StepSummary {
        var summary = StepSummary()
        if exactSummaries { summary.start = key }
        let runningWord = layout.cpu(c) + StateLayout.cpuTask
        var seen = StateKeySet(exact: exactSummaries), ends = StateKeySet(exact: exactSummaries)
        var work: [PackedState] = []
        var successors: [Exec] = []
        /// Expands `s`; returns whether its steps looked at the run queue.
        func expandAll(_ s: PackedState, interruptOnly: Bool) throws -> Bool {
            runQueueRead = false
            successors.removeAll(keepingCapacity: true)
            if !interruptOnly {
                try expand(s, cpu: c, interrupt: false, recording: false) { successors.append($0) }
            }
            if canTakeInterrupt(s, cpu: c) {
                try expand(s, cpu: c, interrupt: true, recording: false) { successors.append($0) }
            }
            return runQueueRead
        }
        func reached(_ exec: Exec) {
            for v in exec.violations where !summary.findings.contains(where: { $0.property == v.property }) {
                summary.findings.append(v)
            }
            guard !exec.violations.contains(where: { $0.fatal }) else { return }
            // Back at task level, or another task runs now (its frozen words are read next).
            if atTaskLevel(exec.state, cpu: c) || exec.state[runningWord] != key[runningWord] {
                if ends.insert(exec.state) { summary.outcomes.append(exec.state) }
            } else if seen.insert(exec.state) {
                work.append(exec.state)
            }
        }
        summary.firstReadsRunQueue = try expandAll(key, interruptOnly: atTaskLevel(key, cpu: c))
        successors.forEach(reached)
        while let s = work.popLast() {
            if try expandAll(s, interruptOnly: false) {
                // The scheduler's turn: the view goes on from here, and takes what waits.
                if ends.insert(s) { summary.outcomes.append(s) }
                continue
            }
            successors.forEach(reached)
        }
        return summary
    }

    /// A CPU looking for a task to run is offered the task words of the waiting tasks
    /// (and tasks that never ran, whole): the scheduler and the switch hook read nothing
    /// else of the task they switch to. Once switched, the CPU's view holds that task
    /// *pending* and is offered each waiting task with those task words, whole. So the
    /// CPUs × waiting tasks product is paid once per distinct task words, not per task.
    public func offering(_ item: PackedState, to view: PackedState) -> PackedState? {
        let t = Int(item[0])
        let base = layout.taskBase[t]
        let contexts = itemContexts(t)
        let running = Int(view[layout.cpu(viewCPU(view)) + StateLayout.cpuTask])
        // A pending task takes a whole task with its task words: only its contexts are
        // copied in. Any other taker takes task words, or a task that never ran, whole.
        let from: Int
        if isPending(view, task: running) {
            guard t == running, !isWordsOnly(item) else { return nil }
            for i in 1..<contexts where i - 1 != StateLayout.taskStatus {
                if item[i] != view[base + i - 1] { return nil }
            }
            from = contexts
        } else {
            let neverRan = item[1 + StateLayout.taskStatus] == TaskStatus.notStarted.rawValue
            guard isWordsOnly(item) || neverRan, view[base + StateLayout.taskStatus] == TaskStatus.away.rawValue else { return nil }
            from = 1
        }
        var offered = view
        for i in from..<item.count - 1 { offered[base + i - 1] = item[i] }
        offered[StateLayout.pathCondition] = conjoin(conditions: view[StateLayout.pathCondition], item[item.count - 1])
        return offered
    }

    /// Where task `t`'s contexts start in an item (after its index and task words).
    private func itemContexts(_ t: Int) -> Int { layout.context(t, 0) - layout.taskBase[t] + 1 }

    /// An item that holds a task's task words only (its contexts pending).
    private func isWordsOnly(_ item: PackedState) -> Bool {
        item[itemContexts(Int(item[0])) + StateLayout.ctxPhase] == Phase.pending.rawValue
    }

    /// Both path conditions.
    func conjoin(conditions a: ValueWord, _ b: ValueWord) -> ValueWord {
        if a == b { return a }
        var result = a
        for c in pathConditionConjuncts[b] ?? [] { result = conjoin(result, c) }
        return result
    }

    /// A CPU looking for a task takes, for each task not in its view, that task's words
    /// (or the task, if it never ran): channel `2t`. A CPU holding a pending task takes
    /// the whole tasks with those words: a channel of their own.
    public func channels(ofTaker view: PackedState) -> [Int] {
        let running = Int(view[layout.cpu(viewCPU(view)) + StateLayout.cpuTask])
        if isPending(view, task: running) {
            let base = layout.taskBase[running]
            var words = Array(view[base..<layout.context(running, 0)])
            words[StateLayout.taskStatus] = 0
            return [wholeTaskChannel(running, words + [UInt32(foreignPkeyCase(of: view[StateLayout.pathCondition]))])]
        }
        let c = foreignPkeyCase(of: view[StateLayout.pathCondition])
        return (0..<config.taskEntries.count).filter {
            view[layout.taskBase[$0] + StateLayout.taskStatus] == TaskStatus.away.rawValue
        }.map { taskWordsChannel($0, case: c) }
    }

    public func channel(ofItem item: PackedState) -> Int {
        let t = Int(item[0])
        let c = foreignPkeyCase(of: item[item.count - 1])
        if isWordsOnly(item) || item[1 + StateLayout.taskStatus] == TaskStatus.notStarted.rawValue {
            return taskWordsChannel(t, case: c)
        }
        var words = Array(item[1..<itemContexts(t)])
        words[StateLayout.taskStatus] = 0
        return wholeTaskChannel(t, words + [UInt32(c)])
    }

    /// The even channel of task `t`'s task words in a case of `ForeignPkeyCases`: a
    /// view takes only what its own case released.
    private func taskWordsChannel(_ t: Int, case c: Int) -> Int { 2 * (c * taskCount + t) }

    /// An odd channel for task `t` with these task words (status cleared) and case.
    private func wholeTaskChannel(_ t: Int, _ words: [UInt32]) -> Int {
        Int(truncatingIfNeeded: Fingerprint([UInt32(t)] + words).value) | 1
    }

    func isPending(_ view: PackedState, task t: Int) -> Bool {
        view[layout.context(t, 0) + StateLayout.ctxPhase] == Phase.pending.rawValue
    }

    /// The CPU a view belongs to.
    func viewCPU(_ view: PackedState) -> Int {
        (0..<config.cpus).first { view[layout.cpu($0) + StateLayout.cpuTask] != Machine.absentCPU } ?? 0
    }

    /// Moves every task that is not CPU `c`'s out of the view: a task waiting to run
    /// becomes an item (its index, then its words); a finished task or another CPU's
    /// idle task just goes.
    func release(_ view: inout PackedState, cpu c: Int, into items: inout [PackedState]) {
        let cpu = layout.cpu(c)
        let running = Int(view[cpu + StateLayout.cpuTask])
        let claimed = Int(view[cpu + StateLayout.cpuSwitchNext]) - 1
        let idle = idleTask(of: c)
        var left = false
        for t in 0..<taskCount where t != running && t != claimed && t != idle {
            let base = layout.taskBase[t]
            let status = view[base + StateLayout.taskStatus]
            guard status != TaskStatus.away.rawValue else { continue }
            let end = t + 1 < taskCount ? layout.taskBase[t + 1] : layout.width
            left = true
            if status == TaskStatus.notStarted.rawValue || status == TaskStatus.runnable.rawValue {
                // An item: the task's index, its words, and what the path condition says of them.
                let pc = relevantCondition(view[StateLayout.pathCondition], in: view[base..<end])
                items.append([UInt32(t)] + view[base..<end] + [pc])
            }
            if status == TaskStatus.runnable.rawValue {
                // A waiting task also as its task words alone (see `offering`).
                var words = items[items.count - 1]
                let contexts = itemContexts(t)
                for i in contexts..<words.count - 1 { words[i] = 0 }
                for level in 0..<layout.levels {
                    words[layout.context(t, level) - base + 1 + StateLayout.ctxTopFrame] = StateLayout.noFrame
                }
                words[contexts + StateLayout.ctxPhase] = Phase.pending.rawValue
                items.append(words)
            }
            for i in base..<end { view[i] = 0 }
            view[base + StateLayout.taskStatus] = TaskStatus.away.rawValue
        }
        if left { view[StateLayout.pathCondition] = relevantCondition(view[StateLayout.pathCondition], in: view[...]) }
    }

    /// The conjuncts of `pc` that constrain the symbols `words` mention, directly or
    /// through other such conjuncts: a weaker condition (every execution it allowed is
    /// still allowed) that says all `pc` says of those words. A view keeps what concerns
    /// it when a task leaves, and an item carries what concerns it to the CPU that takes
    /// it (a branch one CPU took constrains the values another CPU will see).
    func relevantCondition(_ pc: ValueWord, in words: ArraySlice<UInt32>) -> ValueWord {
        guard !cases.conditions.contains(pc), let conjuncts = pathConditionConjuncts[pc], !conjuncts.isEmpty else { return pc }
        // Every word that could be a term: a word that is not one (a phase, a frame
        // pointer) only keeps more conjuncts, which is still sound.
        let table = symbolMaskTable()
        var mentioned: UInt64 = 0
        for w in words where w & 0x8000_0000 == 0 && Int(w) < table.count { mentioned |= table[Int(w)] }
        // A case's conjuncts stay whatever the words mention: they name the case.
        var kept = conjuncts.map(cases.basis.contains), grew = true
        while grew {
            grew = false
            for (i, c) in conjuncts.enumerated() where !kept[i] && table[Int(c)] & mentioned != 0 {
                kept[i] = true
                mentioned |= table[Int(c)]
                grew = true
            }
        }
        var relevant = values.make(1)
        for (i, c) in conjuncts.enumerated() where kept[i] { relevant = conjoin(relevant, c) }
        return relevant
    }

    /// The symbols each term the store holds mentions, by term id: bit N for `porN`, bit
    /// 63 for any other (extended as terms appear).
    private func symbolMaskTable() -> [UInt64] {
        while symbolMasks.count < terms.count {
            var mask: UInt64 = 0
            for name in terms.symbols(in: TermID(symbolMasks.count)) {
                if name.hasPrefix("por"), let t = Int(name.dropFirst(3)), t < 63 { mask |= 1 << UInt64(t) } else { mask |= 1 << 63 }
            }
            symbolMasks.append(mask)
        }
        return symbolMasks.array
    }
}

/// Where the steps from one state (its frozen stacks cleared) end, and what they found.
struct StepSummary {
    /// With `exactSummaries`: the state it was computed from, to tell it from another
    /// with the same fingerprint.
    var start: PackedState?
    var outcomes: [PackedState] = []
    var findings: [Violation] = []
    var firstReadsRunQueue = false
}
