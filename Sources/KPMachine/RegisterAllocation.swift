import KPIR

/// Gives registers that are never live at the same time one slot, so frames (and with
/// them packed states) are as small as the code allows: the front end gives every
/// temporary its own register. Parameters keep their numbers, since a call writes
/// its arguments into registers `0..<parameters.count`.
enum RegisterAllocation {
    static func compact(_ program: Program) -> Program {
        var result = program
        result.functions = program.functions.map(compact)
        return result
    }

    static func compact(_ function: Function) -> Function {
        let liveness = Liveness(function)
        let count = function.registerCount
        var interferes = Array(repeating: Set<Reg>(), count: count)
        func conflict(_ a: Reg, _ b: Reg) {
            guard a != b else { return }
            interferes[Int(a)].insert(b)
            interferes[Int(b)].insert(a)
        }
        // A value written while another is live must not overwrite it.
        for (pc, instruction) in function.instructions.enumerated() {
            if let d = Liveness.def(instruction.op) {
                for r in liveness.liveOut(at: pc) { conflict(d, r) }
            }
        }
        // Parameters are all written on entry.
        let parameters = function.parameters.count
        let atEntry = Set((0..<parameters).map { Reg($0) }).union(liveness.liveIn(at: 0))
        for a in atEntry { for b in atEntry { conflict(a, b) } }

        var color = Array(repeating: -1, count: count)
        for p in 0..<parameters { color[p] = p }
        for r in parameters..<count {
            let taken = Set(interferes[r].map { color[Int($0)] })
            var c = 0
            while taken.contains(c) { c += 1 }
            color[r] = c
        }
        let slots = max(parameters, (color.max() ?? -1) + 1)
        var names = Array(repeating: [String](), count: slots)
        for r in 0..<count where r < function.registerNames.count { names[color[r]].append(function.registerNames[r]) }

        var compacted = function
        compacted.registerCount = slots
        compacted.registerNames = names.map { $0.joined(separator: "/") }
        compacted.instructions = function.instructions.map { instruction in
            Instruction(rename(instruction.op) { Reg(color[Int($0)]) }, at: instruction.location)
        }
        return compacted
    }

    private static func rename(_ op: Op, _ f: (Reg) -> Reg) -> Op {
        func o(_ operand: Operand) -> Operand {
            if case .reg(let r) = operand { return .reg(f(r)) }
            return operand
        }
        switch op {
        case .mov(let d, let a): return .mov(dst: f(d), o(a))
        case .unary(let d, let u, let a, let t): return .unary(dst: f(d), u, o(a), t)
        case .binary(let d, let b, let x, let y, let t): return .binary(dst: f(d), b, o(x), o(y), t)
        case .convert(let d, let a, let t): return .convert(dst: f(d), o(a), t)
        case .jump: return op
        case .branch(let c, let then, let otherwise): return .branch(o(c), then: then, else: otherwise)
        case .call(let d, let callee, let args): return .call(dst: d.map(f), function: callee, args: args.map(o))
        case .ret(let v): return .ret(v.map(o))
        case .guardBegin(let s): return .guardBegin(slot: f(s))
        case .guardEnd(let s): return .guardEnd(slot: f(s))
        case .builtin(let d, let b, let args): return .builtin(dst: d.map(f), b, args: args.map(o))
        case .loadTask(let d, let t, let field): return .loadTask(dst: f(d), task: o(t), field: field)
        case .storeTask(let t, let field, let v): return .storeTask(task: o(t), field: field, o(v))
        case .loadRegs(let d, let r, let field): return .loadRegs(dst: f(d), regs: o(r), field: field)
        case .storeRegs(let r, let field, let v): return .storeRegs(regs: o(r), field: field, o(v))
        case .loadGlobal(let d, let g): return .loadGlobal(dst: f(d), global: g)
        case .storeGlobal(let g, let v): return .storeGlobal(global: g, o(v))
        case .loadPerCPU(let d, let p): return .loadPerCPU(dst: f(d), variable: p)
        case .storePerCPU(let p, let v): return .storePerCPU(variable: p, o(v))
        case .storePgtable(let e, let v): return .storePgtable(entry: o(e), value: o(v))
        case .assert(let d, let k, let c): return .assert(dst: d.map(f), k, o(c))
        }
    }
}
