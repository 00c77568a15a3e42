import KPIR

/// Which registers of a function hold values that may still be read, at each pc.
///
/// The machine clears every other register when a step ends, so two states that
/// differ only in dead temporaries pack to the same words (SPIN's dead variable
/// reduction): fewer states, and no state differs by a value nobody reads again.
struct Liveness {
    /// `dead[pc]`: registers not live on entry to instruction `pc`.
    let dead: [[Reg]]
    /// `deadAcrossCall[pc]` for a call at `pc`: registers the caller never reads after
    /// the call returns (its result register included, which the return writes).
    let deadAcrossCall: [[Reg]]
    /// Registers live on entry to, and on exit from, each instruction.
    let liveIn: [Set<Reg>]
    let liveOut: [Set<Reg>]

    init(_ function: Function) {
        let count = function.instructions.count
        let registers = function.registerCount
        var liveIn = Array(repeating: Set<Reg>(), count: count + 1)
        var liveOut = Array(repeating: Set<Reg>(), count: count)
        var changed = true
        while changed {
            changed = false
            for pc in stride(from: count - 1, through: 0, by: -1) {
                let op = function.instructions[pc].op
                var out = Set<Reg>()
                for next in Liveness.successors(of: op, at: pc, count: count) { out.formUnion(liveIn[next]) }
                let (uses, defs) = Liveness.usesAndDefs(op)
                let inSet = out.subtracting(defs).union(uses)
                if inSet != liveIn[pc] || out != liveOut[pc] {
                    liveIn[pc] = inSet
                    liveOut[pc] = out
                    changed = true
                }
            }
        }
        self.liveIn = liveIn
        self.liveOut = liveOut
        let all = (0..<registers).map { Reg($0) }
        dead = (0...count).map { pc in all.filter { !liveIn[pc].contains($0) } }
        deadAcrossCall = (0..<count).map { pc in
            guard case .call(let dst, _, _) = function.instructions[pc].op else { return [] }
            return all.filter { !liveOut[pc].contains($0) || $0 == dst }
        }
    }

    private static func successors(of op: Op, at pc: Int, count: Int) -> [Int] {
        switch op {
        case .jump(let target): [target]
        case .branch(_, let then, let otherwise): [then, otherwise]
        case .ret: []
        default: pc + 1 <= count ? [pc + 1] : []
        }
    }

    static func usesAndDefs(_ op: Op) -> (uses: Set<Reg>, defs: Set<Reg>) {
        func regs(_ operands: [Operand]) -> Set<Reg> {
            Set(operands.compactMap { if case .reg(let r) = $0 { return r } else { return nil } })
        }
        switch op {
        case .mov(let dst, let a), .unary(let dst, _, let a, _), .convert(let dst, let a, _):
            return (regs([a]), [dst])
        case .binary(let dst, _, let a, let b, _):
            return (regs([a, b]), [dst])
        case .jump:
            return ([], [])
        case .branch(let c, _, _):
            return (regs([c]), [])
        case .call(let dst, _, let args):
            return (regs(args), dst.map { [$0] } ?? [])
        case .ret(let value):
            return (regs(value.map { [$0] } ?? []), [])
        case .guardBegin(let slot):
            return ([], [slot])
        case .guardEnd(let slot):
            return ([slot], [])
        case .builtin(let dst, _, let args):
            return (regs(args), dst.map { [$0] } ?? [])
        case .loadTask(let dst, let task, _):
            return (regs([task]), [dst])
        case .storeTask(let task, _, let value):
            return (regs([task, value]), [])
        case .loadRegs(let dst, let r, _):
            return (regs([r]), [dst])
        case .storeRegs(let r, _, let value):
            return (regs([r, value]), [])
        case .loadGlobal(let dst, _), .loadPerCPU(let dst, _):
            return ([], [dst])
        case .storeGlobal(_, let value), .storePerCPU(_, let value):
            return (regs([value]), [])
        case .storePgtable(let entry, let value):
            return (regs([entry, value]), [])
        case .assert(let dst, _, let c):
            return (regs([c]), dst.map { [$0] } ?? [])
        }
    }
}
