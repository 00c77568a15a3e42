import KPIR
import KPReport

/// The mutants of a program's functions that come from the variant's own files.
public enum MutationGenerator {
    /// Calls replaced by each other: a write that owes a CSE and one that makes it.
    static let exchangedCalls = ["__kpkeys_set_pkey_reg_nosync": "arch_kpkeys_restore_pkey_reg",
                                 "arch_kpkeys_restore_pkey_reg": "__kpkeys_set_pkey_reg_nosync"]

    public static func mutants(of program: Program, mutating isOwn: (String) -> Bool) -> [Mutation] {
        var mutants: [Mutation] = []
        for function in program.functions where isOwn(function.location.file) {
            let code = function.instructions
            let blockStarts = jumpTargets(code)
            for (pc, instruction) in code.enumerated() {
                func add(_ kind: Mutation.Kind, _ description: String, callee: String? = nil) {
                    mutants.append(Mutation(kind: kind, function: function.name, pc: pc, location: instruction.location,
                                          description: description, callee: callee))
                }
                let op = instruction.op
                if isBarrier(op) {
                    add(.deleteBarrier, "delete \(name(op, program))")
                } else if isStatement(op) {
                    add(.deleteStatement, "delete \(name(op, program))")
                }
                if pc + 1 < code.count, !blockStarts.contains(pc + 1), isVisible(op), isVisible(code[pc + 1].op),
                   independent(op, code[pc + 1].op) {
                    add(.swapAdjacent, "swap \(name(op, program)) with \(name(code[pc + 1].op, program))")
                }
                if case .branch = op { add(.negateCondition, "negate the condition") }
                // Not inside the replacement itself: that would make it call itself.
                if case .call(_, let f, _) = op, let other = exchangedCalls[program.functions[f].name],
                   other != function.name {
                    add(.replaceCall, "\(program.functions[f].name) → \(other)", callee: other)
                }
            }
        }
        return mutants
    }

    static func jumpTargets(_ code: [Instruction]) -> Set<Int> {
        var targets: Set<Int> = []
        for i in code {
            switch i.op {
            case .jump(let t): targets.insert(t)
            case .branch(_, let a, let b): targets.formUnion([a, b])
            default: break
            }
        }
        return targets
    }

    static func isBarrier(_ op: Op) -> Bool {
        switch op {
        case .builtin(_, .isb, _), .builtin(_, .dsb, _): true
        default: false
        }
    }

    /// A visible action with no result: deleting it leaves every register defined.
    static func isStatement(_ op: Op) -> Bool {
        switch op {
        case .storeTask, .storeRegs, .storeGlobal, .storePerCPU, .storePgtable, .call(dst: nil, _, _): true
        case .builtin(nil, let b, _):
            [.writePOR, .setThreadFlag, .clearThreadFlag].contains(b)
        default: false
        }
    }

    /// A step of its own for the machine; the control-flow and local ops are not.
    static func isVisible(_ op: Op) -> Bool {
        switch op {
        case .mov, .unary, .binary, .convert, .jump, .branch, .call, .ret, .guardBegin, .guardEnd: false
        default: true
        }
    }

    /// Swapping keeps every register defined before it is read: the second does not read
    /// what the first writes, and they do not write the same register.
    static func independent(_ first: Op, _ second: Op) -> Bool {
        guard let written = result(first) else { return true }
        return !operands(second).contains(.reg(written)) && result(second) != written
    }

    static func result(_ op: Op) -> Reg? {
        switch op {
        case .builtin(let d, _, _), .assert(let d, _, _): d
        case .loadTask(let d, _, _), .loadRegs(let d, _, _), .loadGlobal(let d, _), .loadPerCPU(let d, _): d
        default: nil
        }
    }

    static func operands(_ op: Op) -> [Operand] {
        switch op {
        case .builtin(_, _, let args): args
        case .assert(_, _, let c): [c]
        case .loadTask(_, let t, _), .loadRegs(_, let t, _): [t]
        case .storeTask(let t, _, let v), .storeRegs(let t, _, let v): [t, v]
        case .storeGlobal(_, let v), .storePerCPU(_, let v): [v]
        case .storePgtable(let e, let v): [e, v]
        default: []
        }
    }

    static func name(_ op: Op, _ program: Program) -> String {
        switch op {
        case .builtin(_, .isb, _): "isb()"
        case .builtin(_, .dsb(let k), _): "dsb(\(k.rawValue))"
        case .builtin(_, .writePOR, _): "write_sysreg_s(…, SYS_POR_EL1)"
        case .builtin(_, .readPOR, _): "read_sysreg_s(SYS_POR_EL1)"
        case .builtin(_, let b, _): "\(b)"
        case .call(_, let f, _): "call \(program.functions[f].name)()"
        case .storeTask(_, let field, _): "store current->\(program.taskFields[field].name)"
        case .loadTask(_, _, let field): "load current->\(program.taskFields[field].name)"
        case .storeRegs, .loadRegs: "regs access"
        case .storePgtable: "page-table store"
        case .storeGlobal, .loadGlobal: "global access"
        case .storePerCPU, .loadPerCPU: "per-CPU access"
        case .assert(_, let k, _): k.rawValue
        default: "instruction"
        }
    }
}
