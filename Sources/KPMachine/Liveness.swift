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
            Liveness.forEachUse(op) { r in uses[pc * words + Int(r) / 64] |= 1 << UInt64(Int(r) % 64) }
            if let r = Liveness.def(op) { defs[pc * words + Int(r) / 64] |= 1 << UInt64(Int(r) % 64) }
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

    /// The register `op` writes, if any (one at most).
    static func def(_ op: Op) -> Reg? {
        switch op {
        case .mov(let dst, _), .unary(let dst, _, _, _), .convert(let dst, _, _), .binary(let dst, _, _, _, _),
             .guardBegin(let dst), .loadTask(let dst, _, _), .loadRegs(let dst, _, _), .loadGlobal(let dst, _),
             .loadPerCPU(let dst, _):
            dst
        case .call(let dst, _, _), .builtin(let dst, _, _), .assert(let dst, _, _):
            dst
        case .jump, .branch, .ret, .guardEnd, .storeTask, .storeRegs, .storeGlobal, .storePerCPU, .storePgtable:
            nil
        }
    }

    /// Calls `body` with each register `op` reads (a register read twice, twice): no set
    /// to allocate per instruction.
    static func forEachUse(_ op: Op, _ body: (Reg) -> Void) {
        func read(_ operand: Operand) { if case .reg(let r) = operand { body(r) } }
        switch op {
        case .mov(_, let a), .unary(_, _, let a, _), .convert(_, let a, _), .branch(let a, _, _), .loadTask(_, let a, _),
             .loadRegs(_, let a, _), .storeGlobal(_, let a), .storePerCPU(_, let a), .assert(_, _, let a):
            read(a)
        case .binary(_, _, let a, let b, _), .storeTask(let a, _, let b), .storeRegs(let a, _, let b), .storePgtable(let a, let b):
            read(a)
            read(b)
        case .call(_, _, let args), .builtin(_, _, let args):
            for a in args { read(a) }
        case .ret(let value):
            if let value { read(value) }
        case .guardEnd(let slot):
            body(slot)
        case .jump, .guardBegin, .loadGlobal, .loadPerCPU:
            break
        }
    }
}
