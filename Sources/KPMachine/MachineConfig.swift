import KPIR

/// Everything the machine needs to run one variant on one scenario.
public struct MachineConfig: Equatable, Sendable {
    public var program: Program
    public var cpus: Int
    /// Entry function (index into `program.functions`) of each scenario task.
    public var taskEntries: [Int]
    public var hardirq: Int?
    public var softirq: Int?
    /// How many interrupts may arrive in one run; negative: any number.
    public var interrupts: Int
    /// How deeply interrupts may nest.
    public var irqNesting: Int
    public var preemption: Bool
    /// FEAT_ExS with SCTLR_EL1.EIS/EOS = 0: exception entry and return do not synchronize.
    public var featExS: Bool
    /// The variant saves and resets POR_EL1 on exception entry (enables `irq-default-context`).
    public var exceptionEntryReset: Bool
    /// One CPU, tasks in order, no interrupts, no preemption, first choice at every fork:
    /// the schedule the cost metrics are counted on.
    public var canonical: Bool
    /// A task's read of one of its own fields that no other context of the task may
    /// write runs inside the next step instead of being a step of its own (see
    /// `Machine.concurrentlyWrittenFields`). Off, every such read is a step: the
    /// unreduced machine the differential tests compare the default one against.
    public var mergesPrivateReads = true

    public init(program: Program, cpus: Int, taskEntries: [Int], hardirq: Int? = nil, softirq: Int? = nil,
                interrupts: Int = 0, irqNesting: Int = 1, preemption: Bool = true, featExS: Bool = false,
                exceptionEntryReset: Bool = false, canonical: Bool = false) {
        self.program = program
        self.cpus = cpus
        self.taskEntries = taskEntries
        self.hardirq = hardirq
        self.softirq = softirq
        self.interrupts = interrupts
        self.irqNesting = irqNesting
        self.preemption = preemption
        self.featExS = featExS
        self.exceptionEntryReset = exceptionEntryReset
        self.canonical = canonical
    }

    /// The schedule cost metrics are counted on: one CPU, tasks one after another.
    public var canonicalSchedule: MachineConfig {
        var c = self
        c.cpus = 1
        c.interrupts = 0
        c.preemption = false
        c.canonical = true
        return c
    }
}
