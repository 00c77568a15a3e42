import KPIR

/// Where each piece of machine state sits in a packed state. The width is fixed per
/// scenario: every call stack has room for its deepest call chain (the model
/// language has no recursion), so a state is one flat word string that hashes and
/// compares as is.
///
/// ```
/// global:  irqs taken | path condition | model globals...
/// cpu c:   task | por | eff (an `EffSets` id) | switch target | pending softirq | per-CPU variables...
/// task t:  status | TIF lo | TIF hi | preempt count | BH count | context depth
///          | task_struct fields... | context 0 (the task) | contexts 1... (interrupts)
/// context: phase | irq masked | entry POR | lazy depth | lazy entry POR | pause depth
///          | pause expect | debt | section debt | top frame | stack top | entry eff | pt_regs... | stack...
/// frame:   function + 1 | pc | return register | previous frame | registers...
/// ```
struct StateLayout {
    static let noFrame: UInt32 = 0xFFFF_FFFF
    static let noRegister: UInt32 = 0xFFFF

    // Global words.
    static let irqsTaken = 0
    static let pathCondition = 1
    let globalsBase = 2

    // CPU words, relative to a CPU's base.
    static let cpuTask = 0
    static let cpuPOR = 1
    static let cpuEff = 2
    static let cpuSwitchNext = 3
    /// A softirq was raised while the CPU was in interrupt context (or had bottom
    /// halves disabled): it runs when they are enabled again.
    static let cpuSoftirqPending = 4
    static let cpuPerCPU = 5

    // Task words, relative to a task's base.
    static let taskStatus = 0
    static let taskTIFLow = 1
    static let taskTIFHigh = 2
    static let taskPreempt = 3
    static let taskBH = 4
    static let taskDepth = 5
    static let taskFields = 6

    // Context words, relative to a context's base.
    static let ctxPhase = 0
    static let ctxIrqMasked = 1
    static let ctxEntryPOR = 2
    static let ctxLazyDepth = 3
    static let ctxLazyEntryPOR = 4
    static let ctxPauseDepth = 5
    static let ctxPauseExpect = 6
    static let ctxDebt = 7
    static let ctxSectionDebt = 8
    static let ctxTopFrame = 9
    static let ctxStackTop = 10
    /// The CPU's `eff` when the exception was taken (before entry synchronized it).
    static let ctxEntryEff = 11
    static let ctxRegs = 12

    // Frame words, relative to a frame's start.
    static let frameFunction = 0
    static let framePC = 1
    static let frameReturnRegister = 2
    static let framePrevious = 3
    static let frameRegisters = 4

    let cpuBase: Int
    let cpuWords: Int
    let cpus: Int
    /// Scenario tasks first, then one idle task per CPU.
    let taskBase: ContiguousArray<Int>
    /// Contexts per task: the task's own, then one per interrupt nesting level.
    let levels: Int
    /// Absolute offset of each context, `levels` per task (flat: no nested arrays in
    /// the hot loop).
    let contextBases: ContiguousArray<Int>
    /// Stack words of each context, in the same order.
    let stackSizes: ContiguousArray<Int>
    let regsCount: Int
    let width: Int

    init(program: Program, cpus: Int, taskStacks: [Int], irqStack: Int, irqLevels: Int) {
        self.cpus = cpus
        regsCount = program.regsFields.count
        cpuBase = globalsBase + program.globals.count
        cpuWords = StateLayout.cpuPerCPU + program.perCPU.count
        var offset = cpuBase + cpus * cpuWords
        var taskBase: [Int] = [], bases = ContiguousArray<Int>(), stacks = ContiguousArray<Int>()
        for baseStack in taskStacks {
            taskBase.append(offset)
            offset += StateLayout.taskFields + program.taskFields.count
            for level in 0...irqLevels {
                bases.append(offset)
                let stack = level == 0 ? baseStack : irqStack
                stacks.append(stack)
                offset += StateLayout.ctxRegs + program.regsFields.count + stack
            }
        }
        levels = irqLevels + 1
        self.taskBase = ContiguousArray(taskBase)
        contextBases = bases
        stackSizes = stacks
        width = offset
        var codes = ContiguousArray<Int32>(repeating: -1, count: offset)
        codes[StateLayout.pathCondition] = -2
        for c in 0..<cpus {
            for w in cpuBase + c * cpuWords..<cpuBase + (c + 1) * cpuWords { codes[w] = Int32(c) }
        }
        for (t, base) in taskBase.enumerated() {
            let end = t + 1 < taskBase.count ? taskBase[t + 1] : offset
            for w in base..<end { codes[w] = Int32(cpus + 2 * t) }
            codes[base + StateLayout.taskStatus] = Int32(cpus + 2 * t + 1)
        }
        regionCodes = codes
        // The same regions as bitmaps, for `Machine.recordWrites`: what `isPrivate` calls
        // private to a CPU whatever it owns, and to the CPU that owns a task.
        bitmapWords = (offset + 31) / 32
        var cpuBits = ContiguousArray<UInt32>(repeating: 0, count: cpus * bitmapWords)
        var taskBits = ContiguousArray<UInt32>(repeating: 0, count: taskBase.count * bitmapWords)
        for w in 0..<offset {
            let bit = UInt32(1) << UInt32(w & 31), g = w >> 5
            switch StateLayout.region(code: Int(codes[w]), cpus: cpus) {
            case .pathCondition: for c in 0..<cpus { cpuBits[c * bitmapWords + g] |= bit }
            case .cpu(let c): cpuBits[c * bitmapWords + g] |= bit
            case .task(let t): taskBits[t * bitmapWords + g] |= bit
            case .status, .shared: break
            }
        }
        cpuPrivateBits = cpuBits
        taskPrivateBits = taskBits
    }

    /// Words of 32 bits that hold one bit per word of the state.
    let bitmapWords: Int
    /// Bit `w & 31` of word `c * bitmapWords + w >> 5` is set when word w is private to
    /// CPU c whatever it owns (its own words, and the path condition; see
    /// `Machine.isPrivate`); of `taskPrivateBits`, at `t * bitmapWords`, when it is task t's
    /// other than its status (private to the CPU that owns the task).
    let cpuPrivateBits: ContiguousArray<UInt32>
    let taskPrivateBits: ContiguousArray<UInt32>

    /// Who a word belongs to, for the steps' footprints (see `Footprint`).
    enum Region: Equatable {
        /// The interrupt budget and the model's globals: every CPU's.
        case shared
        case pathCondition
        case cpu(Int)
        /// A task's words, its contexts and stacks included, but not its status.
        case task(Int)
        /// A task's status: which tasks wait to run, read by every CPU's scheduler.
        case status(Int)
    }

    /// `Region` of each word: `regionCodes[w]` is -1 shared, -2 the path condition,
    /// `c` for CPU c, `cpus + 2t` for task t's words and `cpus + 2t + 1` for its status.
    private let regionCodes: ContiguousArray<Int32>

    @inline(__always) func region(of word: Int) -> Region { StateLayout.region(code: Int(regionCodes[word]), cpus: cpus) }

    @inline(__always) static func region(code: Int, cpus: Int) -> Region {
        if code < 0 { return code == -2 ? .pathCondition : .shared }
        if code < cpus { return .cpu(code) }
        let t = (code - cpus) >> 1
        return (code - cpus) & 1 == 0 ? .task(t) : .status(t)
    }

    @inline(__always) func cpu(_ c: Int) -> Int { cpuBase + c * cpuWords }
    @inline(__always) func context(_ t: Int, _ level: Int) -> Int { contextBases[t * levels + level] }
    @inline(__always) func stackSize(_ t: Int, _ level: Int) -> Int { stackSizes[t * levels + level] }
    @inline(__always) func stackBase(task t: Int, level: Int) -> Int {
        context(t, level) + StateLayout.ctxRegs + regsCount
    }

    /// Words a call of `function` needs on the stack, its callees included.
    static func stackNeed(of function: Int, in program: Program, memo: inout [Int: Int], visiting: inout Set<Int>) throws -> Int {
        if let known = memo[function] { return known }
        visiting.insert(function)
        defer { visiting.remove(function) }
        var deepest = 0
        for instruction in program.functions[function].instructions {
            if case .call(_, let callee, _) = instruction.op {
                let called = program.functions[callee]
                guard !visiting.contains(callee) else {
                    throw DiagnosticError(MachineError.recursion(called.name), at: instruction.location,
                                          notes: [Diagnostic("'\(called.name)' is defined here", at: called.location)])
                }
                deepest = max(deepest, try stackNeed(of: callee, in: program, memo: &memo, visiting: &visiting))
            }
        }
        let need = frameRegisters + program.functions[function].registerCount + deepest
        memo[function] = need
        return need
    }
}
