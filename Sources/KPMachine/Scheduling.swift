import KPExplorer
import KPIR
import KPProperties

/// The environment: interrupts, the phases of an exception, context switches,
/// preemption and migration, tasks starting and ending.
///
/// An interrupt context goes entry hook → hardirq handler → softirq handler →
/// (preemption: the switch hook, then the task waits, possibly to resume on
/// another CPU) → exit hook → ERET. A task's own context goes body → end of task
/// → switch hook to whatever runs next. Idle tasks wait in `idle` and switch to a
/// runnable task when there is one.
extension Machine {
    func canTakeInterrupt(_ s: PackedState, cpu c: Int) -> Bool {
        guard config.interrupts < 0 || Int(s[StateLayout.irqsTaken]) < config.interrupts else { return false }
        let t = Int(s[layout.cpu(c) + StateLayout.cpuTask])
        let depth = Int(s[layout.taskBase[t] + StateLayout.taskDepth])
        guard depth - 1 < config.irqNesting else { return false }
        let ctx = layout.context(t, depth - 1)
        guard s[ctx + StateLayout.ctxIrqMasked] == 0 else { return false }
        let phase = s[ctx + StateLayout.ctxPhase]
        return phase == Phase.body.rawValue || phase == Phase.idle.rawValue || phase == Phase.softirq.rawValue
            || phase == Phase.bhSoftirq.rawValue
    }

    /// Exception entry: a new context on the running task, the entry hook called
    /// with its frame, and (without FEAT_ExS) a context synchronization event.
    func takeInterrupt(_ e: inout Exec) {
        let cpu = layout.cpu(e.cpu)
        let t = Int(e.state[cpu + StateLayout.cpuTask])
        let level = Int(e.state[layout.taskBase[t] + StateLayout.taskDepth])
        // An unbounded budget keeps no count: the state space stays finite. A bounded
        // one is shared by all CPUs.
        if config.interrupts >= 0 {
            e.state[StateLayout.irqsTaken] = readWord(&e, StateLayout.irqsTaken) + 1
        }
        e.state[layout.taskBase[t] + StateLayout.taskDepth] = UInt32(level + 1)
        clearContext(&e.state, task: t, level: level)
        let ctx = layout.context(t, level)
        e.state[ctx + StateLayout.ctxPhase] = Phase.entry.rawValue
        e.state[ctx + StateLayout.ctxIrqMasked] = 1
        e.state[ctx + StateLayout.ctxEntryPOR] = e.state[cpu + StateLayout.cpuPOR]
        e.state[ctx + StateLayout.ctxEntryEff] = e.state[cpu + StateLayout.cpuEff]
        if !config.featExS { contextSynchronization(&e) }
        push(&e, function: hooks.entry, args: [values.make(Handle.regs(task: t, level: level))],
             returnRegister: nil, task: t, level: level)
        if e.recording && mayGrantPgtableWrite(e.state, cpu: e.cpu) { e.exposed = true }
        note(&e, task: t, level: level, function: "", at: .machine("exception entry"),
             .exceptionEntry(synchronizing: !config.featExS))
    }

    /// The current context's call stack is empty: move it to its next phase.
    func advance(_ e: inout Exec, task t: Int, level: Int, forks: inout [Exec]) throws -> StepOutcome {
        let ctx = layout.context(t, level)
        let phase = Phase(rawValue: e.state[ctx + StateLayout.ctxPhase]) ?? .done
        switch phase {
        case .body:
            taskEnd(&e, task: t)
            chooseNext(&e, task: t, level: level, forks: &forks, includeIdle: true)
            return .visible
        case .idle:
            let runnable = runnableTasks(&e)
            guard !runnable.isEmpty else { return .blocked }
            e.state[ctx + StateLayout.ctxIrqMasked] = 1
            chooseNext(&e, task: t, level: level, forks: &forks, includeIdle: false)
            return .local
        case .switching, .switchOut, .yieldSwitch:
            completeSwitch(&e, from: t, level: level)
            return .visible
        case .entry:
            e.state[ctx + StateLayout.ctxPhase] = Phase.hardirq.rawValue
            checkHandlerStart(&e, handler: "the hardirq handler")
            if let handler = config.hardirq {
                push(&e, function: handler, args: [], returnRegister: nil, task: t, level: level)
            }
            return .local
        case .hardirq:
            checkContextDebt(&e, task: t, level: level, what: "the hardirq handler")
            e.state[ctx + StateLayout.ctxPhase] = Phase.softirq.rawValue
            e.state[ctx + StateLayout.ctxIrqMasked] = 0
            if config.softirq != nil {
                // Linux runs softirqs on irq exit only when the interrupted context is
                // not in interrupt (hardirq, softirq, bottom halves disabled); otherwise
                // they stay pending for that context to run.
                if interruptedInInterrupt(e.state, task: t, level: level) {
                    e.state[layout.cpu(e.cpu) + StateLayout.cpuSoftirqPending] = 1
                } else {
                    startSoftirq(&e, task: t, level: level)
                }
            }
            return .local
        case .softirq:
            checkContextDebt(&e, task: t, level: level, what: "the softirq handler")
            // Softirqs raised by interrupts it took run before it ends (__do_softirq's
            // loop); an exit that left them pending for the interrupted context does not.
            if softirqPending(e.state, cpu: e.cpu) && !interruptedInInterrupt(e.state, task: t, level: level) {
                startSoftirq(&e, task: t, level: level)
                return .local
            }
            e.state[ctx + StateLayout.ctxIrqMasked] = 1
            guard preemptible(&e, task: t, level: level) else {
                beginExit(&e, task: t, level: level)
                return .local
            }
            var stay = e
            beginExit(&stay, task: t, level: level)
            forks.append(stay)
            if isIdle(t) {
                e.state[ctx + StateLayout.ctxPhase] = Phase.switchOut.rawValue
                chooseNext(&e, task: t, level: level, forks: &forks, includeIdle: false)
                return .local
            }
            // A task decides to give up the CPU without looking at the others, so
            // staying and preempting are both steps of its own CPU only; choosing what
            // runs next is the next step.
            e.state[ctx + StateLayout.ctxPhase] = Phase.preempting.rawValue
            note(&e, task: t, level: level, function: "", at: .machine("preemption"),
                 .preemption(task: taskName(t)))
            return .visible
        case .preempting, .yielding:
            // Decided on the way out of an interrupt, or at a switch point in the task's
            // own code; what runs next is chosen now.
            e.state[ctx + StateLayout.ctxPhase] = (phase == .preempting ? Phase.switchOut : .yieldSwitch).rawValue
            chooseNext(&e, task: t, level: level, forks: &forks, includeIdle: true)
            return .local
        case .resume:
            beginExit(&e, task: t, level: level)
            return .local
        case .bhSoftirq:
            checkContextDebt(&e, task: t, level: level, what: "the softirq handler")
            if softirqPending(e.state, cpu: e.cpu) {
                startSoftirq(&e, task: t, level: level)
                return .local
            }
            leaveContext(&e, task: t, level: level)
            note(&e, task: t, level: level - 1, function: "", at: .machine("softirq"), .softirqsDone)
            offerSwitch(&e, task: t, level: level - 1, at: .localBhEnable, forks: &forks)
            return .visible
        case .yieldResume:
            // No exception return: only the switch hook's own barriers made the value
            // it wrote take effect.
            checkRestored(&e, expected: e.state[ctx + StateLayout.ctxEntryPOR], at: .machine("resume"),
                          what: "\(taskName(t)) was switched back in (no exception return)")
            leaveContext(&e, task: t, level: level)
            note(&e, task: t, level: level - 1, function: "", at: .machine("resume"),
                 .resume(task: taskName(t)))
            return .visible
        case .exit:
            exceptionReturn(&e, task: t, level: level)
            return .visible
        case .notStarted, .done, .pending:
            return .blocked
        }
    }

    private func beginExit(_ e: inout Exec, task t: Int, level: Int) {
        e.state[layout.context(t, level) + StateLayout.ctxPhase] = Phase.exit.rawValue
        push(&e, function: hooks.exit, args: [values.make(Handle.regs(task: t, level: level))],
             returnRegister: nil, task: t, level: level)
    }

    /// Preemption on return from an interrupt: only to a preemptible task context.
    private func preemptible(_ e: inout Exec, task t: Int, level: Int) -> Bool {
        guard config.preemption, level == 1 else { return false }
        let base = layout.taskBase[t]
        guard e.state[base + StateLayout.taskPreempt] == 0, e.state[base + StateLayout.taskBH] == 0 else { return false }
        // An idle task asks the scheduler whether anything is runnable.
        if isIdle(t) { return !runnableTasks(&e).isEmpty }
        return true
    }

    /// The context at `level` is done: the one below runs again.
    private func leaveContext(_ e: inout Exec, task t: Int, level: Int) {
        zeroContext(&e.state, task: t, level: level)
        e.state[layout.taskBase[t] + StateLayout.taskDepth] = UInt32(level)
    }

    private func exceptionReturn(_ e: inout Exec, task t: Int, level: Int) {
        let ctx = layout.context(t, level)
        // Without FEAT_ExS the return synchronizes; with it, the exception owes only
        // what it added to `eff` (DESIGN.md §4, isb-before-use).
        let owed = config.featExS
            ? effValues(entry: e.state[ctx + StateLayout.ctxEntryEff]) + [e.state[ctx + StateLayout.ctxEntryPOR]] : []
        if !config.featExS { contextSynchronization(&e) }
        checkRestored(&e, expected: e.state[ctx + StateLayout.ctxEntryPOR], at: .machine("exception return"),
                      what: "the exception return", tolerating: owed)
        if e.recording && mayGrantPgtableWrite(e.state, cpu: e.cpu) { e.exposed = true }
        note(&e, task: t, level: level, function: "", at: .machine("exception return"),
             .exceptionReturn(synchronizing: !config.featExS))
        leaveContext(&e, task: t, level: level)
    }

    private func taskEnd(_ e: inout Exec, task t: Int) {
        checkContextDebt(&e, task: t, level: 0, what: "the task's end")
        checkRestored(&e, expected: initialPOR[t], at: .machine("task end"), what: "\(taskName(t)) ended")
        if e.recording && mayGrantPgtableWrite(e.state, cpu: e.cpu) { e.exposed = true }
        note(&e, task: t, level: 0, function: "", at: .machine("task end"), .taskEnd(task: taskName(t)))
        e.state[layout.context(t, 0) + StateLayout.ctxIrqMasked] = 1
    }

    private func checkContextDebt(_ e: inout Exec, task t: Int, level: Int, what: String) {
        let i = layout.context(t, level) + StateLayout.ctxDebt
        guard e.state[i] != Debt.none.rawValue else { return }
        violate(&e, .pteBarriers, "\(what) came without the dsb; isb a kernel page-table store needs",
                at: .machine("context end"), fatal: false)
        e.state[i] = Debt.none.rawValue
    }

    func runnableTasks(_ e: inout Exec) -> [Int] {
        (0..<config.taskEntries.count).filter {
            let status = readWord(&e, layout.taskBase[$0] + StateLayout.taskStatus)
            return status == TaskStatus.notStarted.rawValue || status == TaskStatus.runnable.rawValue
        }
    }

    /// Picks what runs next on this CPU (one fork per candidate) and calls the
    /// switch hook for it, in the context that is switching out.
    private func chooseNext(_ e: inout Exec, task t: Int, level: Int, forks: inout [Exec], includeIdle: Bool) {
        var candidates = runnableTasks(&e)
        let idle = idleTask(of: e.cpu)
        if includeIdle && idle != t { candidates.append(idle) }
        if config.canonical { candidates = Array(candidates.prefix(1)) }
        let ctx = layout.context(t, level)
        if level == 0 { e.state[ctx + StateLayout.ctxPhase] = Phase.switching.rawValue }
        for (i, next) in candidates.enumerated() {
            var option = e
            option.state[layout.cpu(e.cpu) + StateLayout.cpuSwitchNext] = UInt32(next + 1)
            let status = layout.taskBase[next] + StateLayout.taskStatus
            if option.state[status] == TaskStatus.notStarted.rawValue {
                option.state[status] = TaskStatus.claimedNew.rawValue
            } else if option.state[status] == TaskStatus.runnable.rawValue {
                option.state[status] = TaskStatus.claimedRunnable.rawValue
            }
            push(&option, function: hooks.switchPOR, args: [values.make(Handle.task(next))],
                 returnRegister: nil, task: t, level: level)
            if i == candidates.count - 1 { e = option } else { forks.append(option) }
        }
    }

    /// The switch hook returned: `__switch_to` issues its dsb(ish), and the CPU runs `next`.
    private func completeSwitch(_ e: inout Exec, from prev: Int, level: Int) {
        let cpu = layout.cpu(e.cpu)
        let next = Int(e.state[cpu + StateLayout.cpuSwitchNext]) - 1
        e.dsb += 1
        settleDebts(&e, task: prev, barrier: .dsb)

        let prevCtx = layout.context(prev, level)
        let prevBase = layout.taskBase[prev]
        let voluntary = e.state[prevCtx + StateLayout.ctxPhase] == Phase.yieldSwitch.rawValue
        let kind: Action.SwitchKind = level == 0 ? .endOrIdle : voluntary ? .voluntary : .preempted
        note(&e, task: prev, level: level, function: "__switch_to", at: .machine("context switch"),
             .contextSwitch(from: taskName(prev), to: taskName(next), kind: kind))
        if level > 0 {
            // Preempted from an interrupt, it resumes there, through the exit hook;
            // switched out in its own code, it resumes in that code.
            e.state[prevCtx + StateLayout.ctxPhase] = (voluntary ? Phase.yieldResume : .resume).rawValue
            e.state[prevBase + StateLayout.taskStatus] = (isIdle(prev) ? TaskStatus.parked : .runnable).rawValue
        } else if isIdle(prev) {
            e.state[prevCtx + StateLayout.ctxPhase] = Phase.idle.rawValue
            e.state[prevCtx + StateLayout.ctxIrqMasked] = 0
            e.state[prevBase + StateLayout.taskStatus] = TaskStatus.parked.rawValue
        } else {
            e.state[prevCtx + StateLayout.ctxPhase] = Phase.done.rawValue
            e.state[prevBase + StateLayout.taskStatus] = TaskStatus.done.rawValue
        }
        e.state[cpu + StateLayout.cpuSwitchNext] = 0
        startRunning(&e.state, task: next, on: e.cpu)
    }

    /// Makes `t` the running task of CPU `c`; a task that never ran starts its body.
    func startRunning(_ s: inout PackedState, task t: Int, on c: Int) {
        s[layout.cpu(c) + StateLayout.cpuTask] = UInt32(t)
        let base = layout.taskBase[t]
        let status = s[base + StateLayout.taskStatus]
        let wasNew = status == TaskStatus.notStarted.rawValue || status == TaskStatus.claimedNew.rawValue
        s[base + StateLayout.taskStatus] = TaskStatus.running.rawValue
        guard wasNew, !isIdle(t) else { return }
        var exec = Exec(state: s, cpu: c, recording: false)
        exec.state[layout.context(t, 0) + StateLayout.ctxPhase] = Phase.body.rawValue
        push(&exec, function: config.taskEntries[t], args: [], returnRegister: nil, task: t, level: 0)
        s = exec.state
    }

    /// A switch point with no exception (DESIGN.md §3): where Linux may switch a kernel
    /// task that is preemptible, in its own code. Whether a reschedule is pending is the
    /// environment's choice, so the step forks: go on, or give up the CPU (a step of its
    /// own, decided without looking at other tasks; choosing the next one is the next).
    func offerSwitch(_ e: inout Exec, task t: Int, level: Int, at point: Action.Call, forks: inout [Exec]) {
        let base = layout.taskBase[t]
        guard config.preemption, !config.canonical, level == 0, !isIdle(t),
              e.state[base + StateLayout.taskPreempt] == 0, e.state[base + StateLayout.taskBH] == 0,
              level + 1 < layout.levels else { return }
        var yielding = e
        clearDeadRegisters(&yielding)
        clearContext(&yielding.state, task: t, level: level + 1)
        let ctx = layout.context(t, level + 1)
        yielding.state[base + StateLayout.taskDepth] = UInt32(level + 2)
        yielding.state[ctx + StateLayout.ctxPhase] = Phase.yielding.rawValue
        yielding.state[ctx + StateLayout.ctxIrqMasked] = 1
        yielding.state[ctx + StateLayout.ctxEntryPOR] = yielding.state[layout.cpu(e.cpu) + StateLayout.cpuPOR]
        note(&yielding, task: t, level: level + 1, function: "", at: .machine("reschedule"),
             .reschedule(at: point, task: taskName(t)))
        yielding.complete = true
        forks.append(yielding)
    }

    func softirqPending(_ s: PackedState, cpu c: Int) -> Bool {
        config.softirq != nil && s[layout.cpu(c) + StateLayout.cpuSoftirqPending] != 0
    }

    /// Runs the pending softirqs at `local_bh_enable()` when bottom halves are enabled
    /// again outside interrupt context; false when there is nothing to run there.
    func runPendingSoftirq(_ e: inout Exec, task t: Int, level: Int) -> Bool {
        guard softirqPending(e.state, cpu: e.cpu), e.state[layout.taskBase[t] + StateLayout.taskBH] == 0,
              !inInterrupt(e.state, task: t), level + 1 < layout.levels else { return false }
        clearContext(&e.state, task: t, level: level + 1)
        e.state[layout.taskBase[t] + StateLayout.taskDepth] = UInt32(level + 2)
        e.state[layout.context(t, level + 1) + StateLayout.ctxPhase] = Phase.bhSoftirq.rawValue
        startSoftirq(&e, task: t, level: level + 1)
        return true
    }

    /// The softirq handler starts in the context at `level`; nothing is pending then.
    private func startSoftirq(_ e: inout Exec, task t: Int, level: Int) {
        guard let handler = config.softirq else { return }
        e.state[layout.cpu(e.cpu) + StateLayout.cpuSoftirqPending] = 0
        checkHandlerStart(&e, handler: "the softirq handler")
        push(&e, function: handler, args: [], returnRegister: nil, task: t, level: level)
    }

    /// `in_interrupt()` of the context an interrupt at `level` interrupted.
    private func interruptedInInterrupt(_ s: PackedState, task t: Int, level: Int) -> Bool {
        if s[layout.taskBase[t] + StateLayout.taskBH] > 0 { return true }
        for below in stride(from: 1, to: level, by: 1) {
            let phase = s[layout.context(t, below) + StateLayout.ctxPhase]
            if phase == Phase.hardirq.rawValue || phase == Phase.softirq.rawValue || phase == Phase.bhSoftirq.rawValue {
                return true
            }
        }
        return false
    }

    func clearContext(_ s: inout PackedState, task t: Int, level: Int) {
        zeroContext(&s, task: t, level: level)
        let ctx = layout.context(t, level)
        s[ctx + StateLayout.ctxTopFrame] = StateLayout.noFrame
        s[ctx + StateLayout.ctxStackTop] = 0
        s[ctx + StateLayout.ctxEntryPOR] = 0
        for r in 0..<layout.regsCount { s[ctx + StateLayout.ctxRegs + r] = values.make(0) }
    }

    /// An unused context is all zeros, so equal states pack to equal words.
    func zeroContext(_ s: inout PackedState, task t: Int, level: Int) {
        let start = layout.context(t, level)
        let end = layout.stackBase(task: t, level: level) + layout.stackSize(t, level)
        for i in start..<end { s[i] = 0 }
    }
}
