/// A register of a function's frame. Parameters are registers `0..<parameters.count`;
/// locals and temporaries follow.
public typealias Reg = UInt16

public struct Function: Equatable, Sendable {
    public var name: String
    public var location: SourceLocation
    public var parameters: [Parameter]
    public var returnType: ValueType
    /// Number of registers of a frame, parameters included.
    public var registerCount: Int
    /// A name for each register, for traces: the C name of a local, `t3` for a temporary.
    public var registerNames: [String]
    public var instructions: [Instruction]

    public init(name: String, location: SourceLocation, parameters: [Parameter], returnType: ValueType,
                registerCount: Int, registerNames: [String], instructions: [Instruction]) {
        self.name = name
        self.location = location
        self.parameters = parameters
        self.returnType = returnType
        self.registerCount = registerCount
        self.registerNames = registerNames
        self.instructions = instructions
    }
}

public struct Parameter: Hashable, Sendable {
    public var name: String
    public var type: ValueType

    public init(name: String, type: ValueType) {
        self.name = name
        self.type = type
    }
}

public enum Operand: Hashable, Sendable {
    case reg(Reg)
    case imm(UInt64)
}

public struct Instruction: Equatable, Sendable {
    public var op: Op
    public var location: SourceLocation

    public init(_ op: Op, at location: SourceLocation) {
        self.op = op
        self.location = location
    }
}

/// The instruction set. Local instructions (`mov` … `ret`, `guardBegin`, `guardEnd`) run
/// without being seen by other CPUs; every other instruction is a visible action, and one
/// step of the machine ends right after one visible action.
///
/// Integer results are truncated (and sign-extended when signed) to the `IntType` given;
/// comparisons and `!` produce 0 or 1.
public enum Op: Equatable, Sendable {
    case mov(dst: Reg, Operand)
    case unary(dst: Reg, UnaryOp, Operand, IntType)
    /// `type` is the type the operation is done in (after the usual arithmetic
    /// conversions): it decides signedness of `/`, `>>` and comparisons and the width
    /// of the result.
    case binary(dst: Reg, BinaryOp, Operand, Operand, IntType)
    /// Conversion (cast or implicit) to `IntType`: truncate, then sign- or zero-extend.
    case convert(dst: Reg, Operand, IntType)
    case jump(Int)
    /// Go to `then` if the operand is non-zero, else to `else`.
    case branch(Operand, then: Int, else: Int)
    case call(dst: Reg?, function: Int, args: [Operand])
    case ret(Operand?)

    /// Guard scope markers around a `guard()`/`scoped_guard()` scope: `guardBegin` comes
    /// before the constructor, `guardEnd` after the destructor, on every exit path.
    /// The machine saves POR_EL1 in `slot` at the beginning and checks `por-restored`
    /// and `isb-before-use` at the end.
    case guardBegin(slot: Reg)
    case guardEnd(slot: Reg)

    case builtin(dst: Reg?, Builtin, args: [Operand])

    /// `task->field` where `task` is a `struct task_struct *` handle (from `current`).
    case loadTask(dst: Reg, task: Operand, field: Int)
    case storeTask(task: Operand, field: Int, Operand)
    /// `regs->field` where `regs` is a `struct pt_regs *` handle.
    case loadRegs(dst: Reg, regs: Operand, field: Int)
    case storeRegs(regs: Operand, field: Int, Operand)
    case loadGlobal(dst: Reg, global: Int)
    case storeGlobal(global: Int, Operand)
    case loadPerCPU(dst: Reg, variable: Int)
    case storePerCPU(variable: Int, Operand)
    /// `WRITE_ONCE(*ptep, v)` or `*ptep = v`: a store to a page-table entry.
    case storePgtable(entry: Operand, value: Operand)
    /// `WARN_ON(c)` and friends: fires when the operand is non-zero. `dst`, if any,
    /// receives the condition (as `if (WARN_ON(x))` does in C).
    case assert(dst: Reg?, AssertKind, Operand)
}

public enum UnaryOp: Sendable {
    case logicalNot     // !
    case bitNot         // ~
    case negate         // unary -
}

public enum BinaryOp: Sendable {
    case add, sub, mul, div, rem
    case and, or, xor, shl, shr
    case eq, ne, lt, le, gt, ge
}

public enum AssertKind: String, Sendable {
    case warnOn = "WARN_ON"
    case vmWarnOn = "VM_WARN_ON"
    case bugOn = "BUG_ON"
    case vmBugOn = "VM_BUG_ON"
}

public enum DSBKind: String, Sendable, CaseIterable {
    case ish, ishst, sy, st, nsh, nshst, osh, oshst, ld, ishld
}

/// Operations with the kernel's names that the machine implements.
public enum Builtin: Sendable, Hashable {
    case readPOR                     // read_sysreg_s(SYS_POR_EL1) -> u64
    case writePOR                    // write_sysreg_s(v, SYS_POR_EL1)
    case isb                         // isb()
    case dsb(DSBKind)                // dsb(ish), dsb(ishst), ...
    case testThreadFlag              // test_thread_flag(n) -> bool
    case setThreadFlag               // set_thread_flag(n)
    case clearThreadFlag             // clear_thread_flag(n)
    case testAndClearThreadFlag      // test_and_clear_thread_flag(n) -> bool
    case testAndSetThreadFlag        // test_and_set_thread_flag(n) -> bool
    case inInterrupt                 // in_interrupt() -> bool
    case inHardirq                   // in_hardirq() -> bool
    case preemptDisable              // preempt_disable()
    case preemptEnable               // preempt_enable()
    case localIrqDisable             // local_irq_disable()
    case localIrqEnable              // local_irq_enable()
    case localBhDisable              // local_bh_disable()
    case localBhEnable               // local_bh_enable()
    case condResched                 // cond_resched()
    case schedule                    // schedule()
    case current                     // current -> struct task_struct *
    /// A page-table entry of the scenario's abstract memory: `kernel_pte(i)`,
    /// `user_pte(i)`, `kernel_pmd(i)`, ... -> pointer to entry `i`.
    case pgtableEntry(PTLevel, user: Bool)
    /// `kpcheck_choose(n)` -> int: the environment picks any of 0..<n (n constant);
    /// each value is a transition of its own. Scenarios use it to model every workload.
    case choose
}
