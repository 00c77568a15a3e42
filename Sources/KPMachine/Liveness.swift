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
    /// Registers live on entry to each instruction (and after the last), and on exit from
    /// each, as bit sets of `words` words each, one after another: the iteration to a
    /// fixed point unions and compares words, where sets of registers allocated a set
    /// per instruction and round (a tenth of a check's fixed cost, run twice per function).
    private let liveIn: [UInt64], liveOut: [UInt64]
    private let words: Int

    init(_ function: Function) {
        let count = function.instructions.count
        let registers = function.registerCount
        let words = (registers + 63) / 64
        self.words = words
        var uses = Array(repeating: UInt64(0), count: count * words), defs = uses
        var successors: [[Int]] = []
        successors.reserveCapacity(count)
        for pc in 0..<count {
            let op = function.instructions[pc].op
            let (u, d) = Liveness.usesAndDefs(op)
            for r in u { uses[pc * words + Int(r) / 64] |= 1 << UInt64(Int(r) % 64) }
            for r in d { defs[pc * words + Int(r) / 64] |= 1 << UInt64(Int(r) % 64) }
            successors.append(Liveness.successors(of: op, at: pc, count: count))
        }
        var liveIn = Array(repeating: UInt64(0), count: (count + 1) * words)
        var liveOut = Array(repeating: UInt64(0), count: count * words)
        var changed = true
        while changed {
            changed = false
            for pc in stride(from: count - 1, through: 0, by: -1) {
                for w in 0..<words {
                    var out: UInt64 = 0
                    for next in successors[pc] { out |= liveIn[next * words + w] }
                    let entry = out & ~defs[pc * words + w] | uses[pc * words + w]
                    if entry != liveIn[pc * words + w] || out != liveOut[pc * words + w] {
                        liveIn[pc * words + w] = entry
                        liveOut[pc * words + w] = out
                        changed = true
                    }
                }
            }
        }
        self.liveIn = liveIn
        self.liveOut = liveOut
        func live(_ bits: [UInt64], _ at: Int, _ r: Int) -> Bool { bits[at * words + r / 64] & (1 << UInt64(r % 64)) != 0 }
        dead = (0...count).map { pc in (0..<registers).compactMap { live(liveIn, pc, $0) ? nil : Reg($0) } }
        deadAcrossCall = (0..<count).map { pc in
            guard case .call(let dst, _, _) = function.instructions[pc].op else { return [] }
            return (0..<registers).compactMap { !live(liveOut, pc, $0) || Reg($0) == dst ? Reg($0) : nil }
        }
    }

    /// Registers live on entry to instruction `pc`, ascending.
    func liveIn(at pc: Int) -> [Reg] { members(liveIn, pc) }

    /// Registers live on exit from instruction `pc`, ascending.
    func liveOut(at pc: Int) -> [Reg] { members(liveOut, pc) }

    private func members(_ bits: [UInt64], _ at: Int) -> [Reg] {
        var result: [Reg] = []
        for w in 0..<words {
            var word = bits[at * words + w]
            while word != 0 {
                result.append(Reg(w * 64 + word.trailingZeroBitCount))
                word &= word - 1
            }
        }
        return result
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
