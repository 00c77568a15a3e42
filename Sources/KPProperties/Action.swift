/// What one step of a trace did, as data: the machine builds it, the reports word it
/// (`Action.text`, KPReport), so rewording a step changes the reports only. Operands
/// only the machine can render (values, POR_EL1 contexts, names of tasks, fields and
/// flags) come rendered. Trace files of format 3 store actions by these case names and
/// labels: renaming one is a new format.
public enum Action: Hashable, Codable, Sendable {
    /// `read_sysreg_s(SYS_POR_EL1)` and the value it returned.
    case readPOR(value: String)
    /// `write_sysreg_s(value, SYS_POR_EL1)`.
    case writePOR(value: String)
    case isb
    /// `dsb(kind)`: `ish`, `ishst`, …
    case dsb(kind: String)
    /// `test_thread_flag(flag)`, and whether the flag was set.
    case testThreadFlag(flag: String, was: Bool)
    case setThreadFlag(flag: String)
    case clearThreadFlag(flag: String)
    case testAndClearThreadFlag(flag: String, was: Bool)
    case testAndSetThreadFlag(flag: String, was: Bool)
    /// A built-in that returns nothing and is a step of its own.
    case call(Call)
    /// A task's field (`lazy_mmu_state.enable_count`) read or written by the running
    /// task; `task` is named as traces name it (`T0:section_task`).
    case readTaskField(task: String, field: String)
    case writeTaskField(task: String, field: String, value: String)
    case readGlobal(name: String)
    case writeGlobal(name: String, value: String)
    /// `this_cpu(name)` of the stepping CPU.
    case readPerCPU(name: String)
    case writePerCPU(name: String, value: String)
    /// A store to a page-table entry (`kernel pte[0]`; `*value` for a pointer to none).
    case storePgtable(entry: String, value: String)
    /// `kpcheck_choose(count)` returned `value`.
    case choose(count: Int, value: Int)
    /// The step was cut after `budget` local instructions: a loop with no visible action.
    case spin(budget: Int)
    /// An interrupt is taken; under FEAT_ExS the entry does not synchronize context.
    case exceptionEntry(synchronizing: Bool)
    /// ERET; under FEAT_ExS it does not synchronize context.
    case exceptionReturn(synchronizing: Bool)
    /// On its way out of an interrupt, `task` decides to give up the CPU.
    case preemption(task: String)
    /// At a switch point in its own code, `task` decides to give up the CPU.
    case reschedule(at: Call, task: String)
    /// The softirqs run by `local_bh_enable()` are done: the task is back in it.
    case softirqsDone
    /// A task switched out at a switch point resumes there (no exception return).
    case resume(task: String)
    case taskEnd(task: String)
    /// `__switch_to`: after its dsb(ish), the CPU runs `to` instead of `from`.
    case contextSwitch(from: String, to: String, kind: SwitchKind)
    /// An action known only by its words: read back from a report, or from a trace
    /// file of format 1 or 2, in words this build does not write.
    case worded(String)

    /// The built-ins that are a step of their own, by their kernel names.
    public enum Call: String, CaseIterable, Codable, Sendable {
        case preemptEnable = "preempt_enable"
        case localIrqEnable = "local_irq_enable"
        case localBhEnable = "local_bh_enable"
        case condResched = "cond_resched"
        case schedule
    }

    /// Why `from` leaves the CPU.
    public enum SwitchKind: String, CaseIterable, Codable, Sendable {
        /// It ended, or it is the idle task and a task is runnable.
        case endOrIdle
        /// It gave up the CPU at a switch point in its own code, with no exception.
        case voluntary
        /// It was preempted on return from an interrupt.
        case preempted
    }
}
