import KPExplorer
import KPIR
import KPSolver

/// The machine of DESIGN.md §3 as a transition system: CPUs with POR_EL1 (`por`) and
/// the set of values a permission check may use (`eff`), tasks with call stacks,
/// interrupts, preemption and migration. A transition is one visible action of one
/// CPU, with the local computation before it, or an interrupt arriving.
///
/// Not thread-safe: one machine (with its term store and solver) per thread.
public final class Machine: ReplicableTransitionSystem {
    public typealias Finding = Violation

    public let config: MachineConfig
    public let terms: TermStore
    public let solver: Solver
    let values: Values
    let layout: StateLayout
    let program: Program
    let hooks: Hooks
    let constants: Constants
    /// Scenario tasks, then one idle task per CPU.
    let taskCount: Int
    /// Initial POR_EL1 of each task: POR_EL1_INIT with symbolic fields for pkeys 2-7.
    let initialPOR: [ValueWord]
    /// The distinct symbolic pkeys 2-7 fields of the tasks' initial POR_EL1, then the
    /// same fields of POR_EL1_INIT: what the modular search's case split compares (see
    /// `ForeignPkeyCases`).
    let foreignFields: [TermID]
    /// Each task's field among `foreignFields`.
    let foreignFieldOfTask: [Int]
    /// Solver answers that were `unknown`: a check that could not be decided.
    public private(set) var unknownAnswers = 0

    var permissionCache = ReplicatedDictionary<PermissionKey, Bool>()
    /// The CPUs' `eff` sets, interned.
    var effSets = EffSets()
    /// Every function's instructions, one after another: `code[codeStart[f] + pc]`, with
    /// their source locations apart (`locations`, same index).
    let code: ContiguousArray<Op>
    let locations: ContiguousArray<SourceLocation>
    let codeStart: [Int]
    let registerCounts: [Int]
    /// Dead registers at each instruction (`deadRanges[codeStart[f] + pc]` in
    /// `deadRegisters`), and across each call; see `Liveness`.
    let deadRegisters: ContiguousArray<Reg>
    let deadRanges: [Range<Int>]
    let deadAcrossCallRanges: [Range<Int>]
    /// Task fields that code the machine runs in another context of a task may write
    /// (see `environmentRoots`): a task's read of one of its own fields needs a step of
    /// its own only when it is in this set.
    let concurrentlyWrittenFields: Set<Int>
    /// Every function the machine starts other than a task's body: the exception entry
    /// and exit hooks, the interrupt handlers, the switch hook. `push` checks that no
    /// other function starts a context, so the may-write analysis over these roots
    /// covers every code that can run between two steps of a task.
    let environmentRoots: Set<Int>
    /// Record which instructions run (for `coverage()`); off by default, it costs a store
    /// per instruction.
    public var recordsCoverage = false
    /// Let the partial-order reduction compute one CPU's steps without the others' (see
    /// `processCount`); off, only for tests that compare the two.
    public var expandsProcessesAlone = true
    var executed: [Bool]
    /// The work list of `expand`, kept to save an allocation per step.
    var scratch: [Exec] = []
    /// States of successors the search is done with (`recycle`), whose storage a step
    /// computes its state in: a state is 1,952 bytes on vmalloc-2x2, above what the
    /// allocator keeps per thread for quick reuse, so allocating and freeing one per
    /// successor went through its shared lists (4-5% of a search's time).
    var statePool: [PackedState] = []
    /// Each path condition's conjuncts, and `conjoin`'s answers (see `conjoin`).
    var pathConditionConjuncts = ConjunctTable()
    var conjunctionCache = ReplicatedDictionary<PathConditionKey, ValueWord>()
    /// The modular search's case split (see `ForeignPkeyCases`); empty otherwise.
    var cases = ForeignPkeyCases()
    /// The symbols each term mentions (see `relevantCondition`).
    var symbolMasks = ReplicatedArray<UInt64>()
    /// Whether the modular search's `steps(of:)` summarizes what happens between
    /// task-level states (see `summarizedSteps`); off, every step is a step of the view.
    public var summarizesSteps = true
    /// The modular search's summarized steps, by their start (see `summarizedSteps`).
    var stepSummaries: [Fingerprint: StepSummary] = [:]
    /// Confirm a summary's start word for word, not by fingerprint alone, and keep the
    /// states inside a summary by their words (`--exact`).
    public var exactSummaries = false
    /// Set whenever a step looks at which tasks are waiting to run (from the steps'
    /// footprints, in `expand`).
    var runQueueRead = false
    /// The interleaved search's symmetry reduction, built when first asked (see `SymmetryTables`).
    var symmetry: SymmetryTables?
    /// Whether the tables journal their changes for replicas (see `startJournals`).
    var journals = false

    struct Hooks {
        let entry: Int
        let exit: Int
        let switchPOR: Int
        /// The generic lazy MMU API, whose calls delimit sections and pauses.
        let lazyEnable: Int?
        let lazyDisable: Int?
        let lazyPause: Int?
        let lazyResume: Int?
    }

    struct Constants {
        let lazyPendingFlag: UInt64
        let pteValid: UInt64
        let porInit: UInt64
        let pgtablePkey: UInt64
    }

    struct PathConditionKey: Hashable {
        let pc: ValueWord
        let condition: TermID
    }

    struct PermissionKey: Hashable {
        let value: ValueWord
        let pathCondition: ValueWord
        let question: UInt8
    }

    public init(config: MachineConfig, terms: TermStore = TermStore(), solver: Solver? = nil) throws {
        self.config = config
        self.terms = terms
        self.solver = solver ?? Solver(terms: terms)
        self.values = Values(terms: terms)
        let program = RegisterAllocation.compact(config.program)
        self.program = program
        var start: [Int] = [], flat = ContiguousArray<Op>(), places = ContiguousArray<SourceLocation>()
        for f in program.functions {
            start.append(flat.count)
            flat.append(contentsOf: f.instructions.map(\.op))
            places.append(contentsOf: f.instructions.map(\.location))
        }
        code = flat
        locations = places
        codeStart = start
        executed = Array(repeating: false, count: flat.count)
        registerCounts = program.functions.map(\.registerCount)
        var deadList = ContiguousArray<Reg>(), deadRanges: [Range<Int>] = [], callRanges: [Range<Int>] = []
        for f in program.functions {
            let liveness = Liveness(f)
            for pc in 0..<f.instructions.count {
                let a = deadList.count
                deadList.append(contentsOf: liveness.dead[pc])
                deadRanges.append(a..<deadList.count)
                let b = deadList.count
                deadList.append(contentsOf: liveness.deadAcrossCall[pc])
                callRanges.append(b..<deadList.count)
            }
        }
        deadRegisters = deadList
        self.deadRanges = deadRanges
        deadAcrossCallRanges = callRanges

        func hook(_ name: String) throws -> Int {
            guard let f = program.function(named: name) else {
                throw DiagnosticError(MachineError.missingHook(name))
            }
            return f
        }
        hooks = Hooks(entry: try hook("kernel_entry_el1"), exit: try hook("kernel_exit_el1"),
                      switchPOR: try hook("permission_overlay_switch"),
                      lazyEnable: program.function(named: "lazy_mmu_mode_enable"),
                      lazyDisable: program.function(named: "lazy_mmu_mode_disable"),
                      lazyPause: program.function(named: "lazy_mmu_mode_pause"),
                      lazyResume: program.function(named: "lazy_mmu_mode_resume"))
        environmentRoots = Set([hooks.entry, hooks.exit, hooks.switchPOR] + [config.hardirq, config.softirq].compactMap { $0 })
        concurrentlyWrittenFields = Machine.fieldsWritten(from: Array(environmentRoots), in: program)
        func constant(_ name: String) throws -> UInt64 {
            guard let v = program.constants[name] else {
                throw DiagnosticError(MachineError.missingConstant(name))
            }
            return v
        }
        constants = Constants(lazyPendingFlag: try constant("TIF_LAZY_MMU_PENDING"), pteValid: try constant("PTE_VALID"),
                              porInit: try constant("POR_EL1_INIT"), pgtablePkey: try constant("PGTABLE_PKEY"))
        guard config.cpus >= 1, config.taskEntries.count >= config.cpus else {
            throw DiagnosticError(MachineError.tooFewTasks)
        }
        guard config.irqNesting >= 1 || config.interrupts == 0 else {
            throw DiagnosticError(MachineError.irqNestingZero)
        }
        taskCount = config.taskEntries.count + config.cpus

        var memo: [Int: Int] = [:], visiting: Set<Int> = []
        let switchNeed = try StateLayout.stackNeed(of: hooks.switchPOR, in: program, memo: &memo, visiting: &visiting)
        var taskStacks: [Int] = []
        for entry in config.taskEntries {
            let need = try StateLayout.stackNeed(of: entry, in: program, memo: &memo, visiting: &visiting)
            taskStacks.append(max(need, switchNeed))
        }
        taskStacks += Array(repeating: switchNeed, count: config.cpus)
        var irqStack = switchNeed
        for f in [hooks.entry, hooks.exit, config.hardirq, config.softirq].compactMap({ $0 }) {
            irqStack = max(irqStack, try StateLayout.stackNeed(of: f, in: program, memo: &memo, visiting: &visiting))
        }
        // Level 1 also holds a switch with no exception and softirqs run at
        // local_bh_enable(), so it exists whenever those may happen.
        let irqLevels = max(config.interrupts != 0 ? config.irqNesting : 0,
                            config.preemption || config.softirq != nil ? 1 : 0)
        layout = StateLayout(program: program, cpus: config.cpus, taskStacks: taskStacks,
                             irqStack: irqStack, irqLevels: irqLevels)

        // Fields 0 and 1 are the kpkeys contexts; 2..7 belong to other users and are
        // symbolic; 8..15 are RES0 with VMSAv8-64.
        let values = self.values, porInit = constants.porInit
        // On the canonical schedule all tasks share one value, so a switch between
        // them costs what it costs when nothing else uses pkeys 2-7.
        let canonical = config.canonical
        var fields: [TermID] = [], fieldOfTask: [Int] = []
        initialPOR = (0..<taskCount).map { t in
            let symbol = terms.symbol(canonical ? "por" : "por\(t)")
            let others = terms.binary(.and, symbol, terms.constant(0xFFFF_FF00))
            if !fields.contains(others) { fields.append(others) }
            fieldOfTask.append(fields.firstIndex(of: others)!)
            return values.word(terms.binary(.or, others, terms.constant(porInit & 0xFF)))
        }
        foreignFields = fields + [terms.constant(porInit & 0xFFFF_FF00)]
        foreignFieldOfTask = fieldOfTask
    }

    /// Task fields stored to by the functions reachable from `roots`.
    static func fieldsWritten(from roots: [Int], in program: Program) -> Set<Int> {
        var fields = Set<Int>(), seen = Set<Int>(), work = roots
        while let f = work.popLast() {
            guard seen.insert(f).inserted else { continue }
            for instruction in program.functions[f].instructions {
                switch instruction.op {
                case .storeTask(_, let field, _): fields.insert(field)
                case .call(_, let callee, _): work.append(callee)
                default: break
                }
            }
        }
        return fields
    }

    /// Name of task `t` for traces: `T0:vmalloc_task`, or `idle/1` for CPU 1's idle task.
    public func taskName(_ t: Int) -> String {
        if t < config.taskEntries.count { return "T\(t):\(program.functions[config.taskEntries[t]].name)" }
        return "idle/\(t - config.taskEntries.count)"
    }

    func isIdle(_ t: Int) -> Bool { t >= config.taskEntries.count }
    func idleTask(of cpu: Int) -> Int { config.taskEntries.count + cpu }

    // MARK: TransitionSystem

    public func initialStates() throws -> [PackedState] { [initialState(por: initialPOR)] }

    /// The initial state with these POR_EL1 values for the tasks (CPU c starts with its
    /// idle task's).
    func initialState(por initialPOR: [ValueWord]) -> PackedState {
        var s = PackedState(repeating: 0, count: layout.width)
        s[StateLayout.irqsTaken] = 0
        s[StateLayout.pathCondition] = values.make(1)
        for (g, field) in program.globals.enumerated() {
            s[layout.globalsBase + g] = values.make(field.initial)
        }
        let porField = program.taskField(named: "thread.por_el1")
        for t in 0..<taskCount {
            let base = layout.taskBase[t]
            for f in 0..<program.taskFields.count { s[base + StateLayout.taskFields + f] = values.make(0) }
            if let porField { s[base + StateLayout.taskFields + porField] = initialPOR[t] }
            s[base + StateLayout.taskDepth] = 1
            s[base + StateLayout.taskStatus] = TaskStatus.notStarted.rawValue
            clearContext(&s, task: t, level: 0)
            s[layout.context(t, 0) + StateLayout.ctxPhase] = isIdle(t) ? Phase.idle.rawValue : Phase.notStarted.rawValue
            for level in 1..<layout.levels { zeroContext(&s, task: t, level: level) }
        }
        for c in 0..<config.cpus {
            let cpu = layout.cpu(c)
            for v in 0..<program.perCPU.count { s[cpu + StateLayout.cpuPerCPU + v] = values.make(program.perCPU[v].initial) }
            startRunning(&s, task: c, on: c)
            s[cpu + StateLayout.cpuPOR] = initialPOR[c]
            s[cpu + StateLayout.cpuEff] = effSets.singleton(initialPOR[c])
        }
        for t in config.cpus..<taskCount where isIdle(t) {
            s[layout.taskBase[t] + StateLayout.taskStatus] = TaskStatus.parked.rawValue
        }
        return s
    }

    public func successors(of state: PackedState, into successors: inout [Successor<Violation>]) throws {
        for c in 0..<config.cpus { try self.successors(of: state, process: c, into: &successors) }
    }

    /// The processes are the CPUs, expanded one at a time when `expandsProcessesAlone`;
    /// with `recordsCoverage`, only whole: the coverage report names the code of every
    /// step from every state reached, taken or not.
    public var processCount: Int { expandsProcessesAlone && !recordsCoverage ? config.cpus : 0 }

    /// CPU `cpu`'s steps: its own, then an interrupt's arrival.
    public func successors(of state: PackedState, process cpu: Int, into successors: inout [Successor<Violation>]) throws {
        try expand(state, cpu: cpu, interrupt: false, recording: false) { exec in
            successors.append(Successor(state: exec.state, findings: exec.violations, process: cpu, local: exec.footprint.isLocal))
        }
        if canTakeInterrupt(state, cpu: cpu) {
            try expand(state, cpu: cpu, interrupt: true, recording: false) { exec in
                successors.append(Successor(state: exec.state, findings: exec.violations, process: cpu, local: exec.footprint.isLocal))
            }
        }
    }

    /// Every transition from `state`, in the order `successors(of:into:)` gives them,
    /// with what happened on each: for traces and metrics.
    public func transitions(of state: PackedState, recording: Bool = true) throws -> [Transition] {
        var result: [Transition] = []
        for c in 0..<config.cpus {
            try expand(state, cpu: c, interrupt: false, recording: recording) { result.append(Transition($0)) }
            if canTakeInterrupt(state, cpu: c) {
                try expand(state, cpu: c, interrupt: true, recording: recording) { result.append(Transition($0)) }
            }
        }
        return result
    }

    func noteUnknown() { unknownAnswers += 1 }
}

enum TaskStatus: UInt32 {
    case notStarted = 0, running, runnable, done, parked
    /// Chosen by a CPU whose switch hook is running: no other CPU may take it.
    case claimedNew, claimedRunnable
    /// In a view of one CPU (the modular search): a task that is not this CPU's.
    case away
}

/// What a context is doing. A context whose call stack is empty has finished its
/// phase; the machine then moves it to the next one (see `Scheduling.swift`).
enum Phase: UInt32 {
    // Context 0 of a task.
    case notStarted = 0, body, switching, idle, done
    // Interrupt contexts.
    case entry = 10, hardirq, softirq, switchOut, resume, exit
    /// Preemption was decided on the way out of the interrupt; what runs next is not
    /// chosen yet (that step reads the other tasks' statuses, this one does not).
    case preempting
    /// In a view of the modular search: a task whose contexts are not known yet (it
    /// was switched to knowing only its task words; see `Views.swift`).
    case pending
    /// Softirqs run at `local_bh_enable()` (no exception: a context of its own only so
    /// that `in_interrupt()` holds and the task's stack stays as it was).
    case bhSoftirq
    /// A switch with no exception (`preempt_enable()`, `local_bh_enable()`,
    /// `cond_resched()`, `schedule()`): decided; the switch hook runs; the task waits
    /// and resumes, on any CPU, in the code it left, with no exception return.
    case yielding, yieldSwitch, yieldResume

    var contextName: String {
        switch self {
        case .notStarted, .body: "task"
        case .switching, .switchOut, .preempting, .yielding, .yieldSwitch: "switch"
        case .yieldResume: "task"
        case .bhSoftirq: "softirq"
        case .pending: "pending"
        case .idle: "idle"
        case .done: "done"
        case .entry: "irq-entry"
        case .hardirq: "hardirq"
        case .softirq: "softirq"
        case .resume, .exit: "irq-exit"
        }
    }
}
