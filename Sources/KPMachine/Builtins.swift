import KPExplorer
import KPIR
import KPProperties

extension Action {
    /// What the exposure metric counts when page tables are writable: not the POR_EL1
    /// accesses, barriers and page-table stores that the protection itself is made of.
    var isOrdinaryWork: Bool {
        switch self {
        case .readPOR, .writePOR, .isb, .dsb, .storePgtable: false
        default: true
        }
    }
}

extension Machine {
    func builtin(_ e: inout Exec, _ builtin: Builtin, argument: ValueWord, dst: Reg?, frame: Int, task t: Int,
                 level: Int, function: Int, at location: @autoclosure () -> SourceLocation, forks: inout [Exec]) throws -> StepOutcome {
        let cpu = layout.cpu(e.cpu)
        let taskBase = layout.taskBase[t]
        func result(_ v: ValueWord) { if let dst { setRegister(&e, frame: frame, dst, v) } }
        func done(_ action: @autoclosure () -> Action) -> StepOutcome {
            visible(&e, task: t, level: level, function: function, at: location(), action())
        }
        switch builtin {
        case .readPOR:
            let v = e.state[cpu + StateLayout.cpuPOR]
            result(v)
            return done(.readPOR(value: renderPOR(v)))
        case .writePOR:
            try writePOR(&e, argument, task: t, level: level, at: location())
            return done(.writePOR(value: renderPOR(argument)))
        case .isb:
            contextSynchronization(&e)
            e.isb += 1
            settleDebts(&e, task: t, barrier: .isb)
            return done(.isb)
        case .dsb(let kind):
            e.dsb += 1
            settleDebts(&e, task: t, barrier: .dsb)
            return done(.dsb(kind: kind.rawValue))
        case .testThreadFlag, .setThreadFlag, .clearThreadFlag, .testAndClearThreadFlag, .testAndSetThreadFlag:
            guard let n = values.constant(argument), n < 64 else {
                throw DiagnosticError(MachineError.threadFlagNumber, at: location())
            }
            let word = taskBase + (n < 32 ? StateLayout.taskTIFLow : StateLayout.taskTIFHigh)
            let bit = UInt32(1) << UInt32(n % 32)
            let was = e.state[word] & bit != 0
            switch builtin {
            case .testThreadFlag:
                result(values.make(was ? 1 : 0))
                return done(.testThreadFlag(flag: flagName(n), was: was))
            case .setThreadFlag:
                e.state[word] |= bit
                return done(.setThreadFlag(flag: flagName(n)))
            case .clearThreadFlag:
                e.state[word] &= ~bit
                return done(.clearThreadFlag(flag: flagName(n)))
            case .testAndClearThreadFlag:
                e.state[word] &= ~bit
                result(values.make(was ? 1 : 0))
                return done(.testAndClearThreadFlag(flag: flagName(n), was: was))
            default:
                e.state[word] |= bit
                result(values.make(was ? 1 : 0))
                return done(.testAndSetThreadFlag(flag: flagName(n), was: was))
            }
        case .inInterrupt:
            result(values.make(inInterrupt(e.state, task: t) ? 1 : 0))
        case .inHardirq:
            result(values.make(inHardirq(e.state, task: t) ? 1 : 0))
        case .preemptDisable:
            e.state[taskBase + StateLayout.taskPreempt] += 1
        case .preemptEnable:
            if e.state[taskBase + StateLayout.taskPreempt] == 0 {
                violate(&e, .assertions, "preempt_enable() without a matching preempt_disable()", at: location(), fatal: false)
            } else {
                e.state[taskBase + StateLayout.taskPreempt] -= 1
            }
            _ = done(.call(.preemptEnable))
            offerSwitch(&e, task: t, level: level, at: .preemptEnable, forks: &forks)
            return .visible
        case .localIrqDisable:
            e.state[layout.context(t, level) + StateLayout.ctxIrqMasked] = 1
        case .localIrqEnable:
            e.state[layout.context(t, level) + StateLayout.ctxIrqMasked] = 0
            return done(.call(.localIrqEnable))
        case .localBhDisable:
            e.state[taskBase + StateLayout.taskBH] += 1
        case .localBhEnable:
            if e.state[taskBase + StateLayout.taskBH] == 0 {
                violate(&e, .assertions, "local_bh_enable() without a matching local_bh_disable()", at: location(), fatal: false)
            } else {
                e.state[taskBase + StateLayout.taskBH] -= 1
            }
            _ = done(.call(.localBhEnable))
            // Softirqs raised meanwhile run now; the switch point comes after them.
            if !runPendingSoftirq(&e, task: t, level: level) {
                offerSwitch(&e, task: t, level: level, at: .localBhEnable, forks: &forks)
            }
            return .visible
        case .condResched:
            _ = done(.call(.condResched))
            offerSwitch(&e, task: t, level: level, at: .condResched, forks: &forks)
            return .visible
        case .schedule:
            if e.state[taskBase + StateLayout.taskPreempt] > 0 || inInterrupt(e.state, task: t) {
                violate(&e, .assertions, "schedule() while atomic (preemption or bottom halves disabled, or in interrupt)",
                        at: location(), fatal: false)
            }
            _ = done(.call(.schedule))
            offerSwitch(&e, task: t, level: level, at: .schedule, forks: &forks)
            return .visible
        case .current:
            result(values.make(Handle.task(t)))
        case .choose:
            preconditionFailure("kpcheck_choose forks; execute() handles it")
        case .pgtableEntry(let ptLevel, let user):
            guard let index = values.constant(argument), index < 1 << 32 else {
                throw DiagnosticError(MachineError.pgtableEntryIndex, at: location())
            }
            result(values.make(Handle.pgtable(level: ptLevel, user: user, index: Int(index))))
        }
        return .local
    }

    /// Ends the step on a visible action, noting what it was when recording.
    func visible(_ e: inout Exec, task t: Int, level: Int, function: Int, at location: @autoclosure () -> SourceLocation,
                 _ action: @autoclosure () -> Action) -> StepOutcome {
        if e.recording {
            let action = action()
            if action.isOrdinaryWork && mayGrantPgtableWrite(e.state, cpu: e.cpu) { e.exposed = true }
            note(&e, task: t, level: level, function: program.functions[function].name, at: location(), action)
        }
        return .visible
    }

    func note(_ e: inout Exec, task t: Int, level: Int, function: @autoclosure () -> String,
              at location: @autoclosure () -> SourceLocation, _ action: @autoclosure () -> Action) {
        guard e.recording else { return }
        e.note = StepNote(task: t, context: contextName(e.state, task: t, level: level), function: function(),
                          location: location(), action: action())
    }

    func contextName(_ s: PackedState, task t: Int, level: Int) -> String {
        let phase = Phase(rawValue: s[layout.context(t, level) + StateLayout.ctxPhase]) ?? .body
        if level == 0 && phase == .body && s[layout.taskBase[t] + StateLayout.taskBH] > 0 { return "task (bh off)" }
        return phase.contextName
    }

    func inInterrupt(_ s: PackedState, task t: Int) -> Bool {
        if s[layout.taskBase[t] + StateLayout.taskBH] > 0 { return true }
        let depth = Int(s[layout.taskBase[t] + StateLayout.taskDepth])
        for level in stride(from: 1, to: depth, by: 1) {
            let phase = s[layout.context(t, level) + StateLayout.ctxPhase]
            if phase == Phase.hardirq.rawValue || phase == Phase.softirq.rawValue || phase == Phase.bhSoftirq.rawValue {
                return true
            }
        }
        return false
    }

    func inHardirq(_ s: PackedState, task t: Int) -> Bool {
        let depth = Int(s[layout.taskBase[t] + StateLayout.taskDepth])
        for level in stride(from: 1, to: depth, by: 1)
        where s[layout.context(t, level) + StateLayout.ctxPhase] == Phase.hardirq.rawValue {
            return true
        }
        return false
    }

    /// `TIF_LAZY_MMU_PENDING` for 31, from the model's own constants.
    func flagName(_ n: UInt64) -> String {
        let names = program.constants.filter { $0.key.hasPrefix("TIF_") && $0.value == n }.map(\.key).sorted()
        return names.first ?? "flag \(n)"
    }
}
