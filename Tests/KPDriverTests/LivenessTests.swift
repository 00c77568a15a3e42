import KPIR
@testable import KPMachine
import XCTest

/// `Liveness` on bit sets against the textbook backward dataflow on sets of registers,
/// for every function of a shipped model, before and after registers are compacted: the
/// dead registers the machine clears decide which states are one.
final class LivenessTests: XCTestCase {
    /// Live-in and live-out sets of each instruction: out is the union of the successors'
    /// in, in is out without what the instruction defines, with what it uses.
    private static func reference(_ function: Function) -> (liveIn: [Set<Reg>], liveOut: [Set<Reg>]) {
        let count = function.instructions.count
        var liveIn = Array(repeating: Set<Reg>(), count: count + 1), liveOut = Array(repeating: Set<Reg>(), count: count)
        var changed = true
        while changed {
            changed = false
            for pc in (0..<count).reversed() {
                let op = function.instructions[pc].op
                let next: [Int] = switch op {
                case .jump(let target): [target]
                case .branch(_, let then, let otherwise): [then, otherwise]
                case .ret: []
                default: [pc + 1]
                }
                let out = next.reduce(into: Set<Reg>()) { $0.formUnion(liveIn[$1]) }
                let (uses, defs) = Self.usesAndDefs(op)
                let entry = out.subtracting(defs).union(uses)
                if entry != liveIn[pc] || out != liveOut[pc] {
                    (liveIn[pc], liveOut[pc], changed) = (entry, out, true)
                }
            }
        }
        return (liveIn, liveOut)
    }

    /// 150 registers (three words a set), written in turn, summed pairwise in a loop that
    /// runs on while their sum is non-zero: registers live across the back edge and past
    /// the 64th.
    private static let wide: Function = {
        let here = SourceLocation(file: "wide.c", line: 1, column: 1), n = 150
        var ops: [Op] = (0..<n).map { .mov(dst: Reg($0), .imm(UInt64($0))) }
        let loop = ops.count
        for r in 0..<n / 2 { ops.append(.binary(dst: Reg(r), .add, .reg(Reg(r)), .reg(Reg(r + n / 2)), .u32)) }
        ops.append(.branch(.reg(0), then: loop, else: ops.count + 1))
        ops.append(.ret(.reg(Reg(n - 1))))
        return Function(name: "wide", location: here, parameters: [], returnType: .int(.u32), registerCount: n,
                        registerNames: (0..<n).map { "r\($0)" }, instructions: ops.map { Instruction($0, at: here) })
    }()

    /// What each instruction reads and writes, spelled out apart from `Liveness`.
    private static func usesAndDefs(_ op: Op) -> (uses: Set<Reg>, defs: Set<Reg>) {
        func regs(_ operands: [Operand]) -> Set<Reg> {
            Set(operands.compactMap { if case .reg(let r) = $0 { return r } else { return nil } })
        }
        switch op {
        case .mov(let dst, let a), .unary(let dst, _, let a, _), .convert(let dst, let a, _): return (regs([a]), [dst])
        case .binary(let dst, _, let a, let b, _): return (regs([a, b]), [dst])
        case .jump: return ([], [])
        case .branch(let c, _, _): return (regs([c]), [])
        case .call(let dst, _, let args), .builtin(let dst, _, let args): return (regs(args), dst.map { [$0] } ?? [])
        case .ret(let value): return (regs(value.map { [$0] } ?? []), [])
        case .guardBegin(let slot): return ([], [slot])
        case .guardEnd(let slot): return ([slot], [])
        case .loadTask(let dst, let task, _): return (regs([task]), [dst])
        case .storeTask(let task, _, let value): return (regs([task, value]), [])
        case .loadRegs(let dst, let r, _): return (regs([r]), [dst])
        case .storeRegs(let r, _, let value): return (regs([r, value]), [])
        case .loadGlobal(let dst, _), .loadPerCPU(let dst, _): return ([], [dst])
        case .storeGlobal(_, let value), .storePerCPU(_, let value): return (regs([value]), [])
        case .storePgtable(let entry, let value): return (regs([entry, value]), [])
        case .assert(let dst, _, let c): return (regs([c]), dst.map { [$0] } ?? [])
        }
    }

    func testBitSetsAgreeWithTheDataflowOnSets() throws {
        let program = try XCTUnwrap(TestModels.vmallocAndBarrierMutants().first).config.program
        var checked = 0, wide = 0
        for function in program.functions + RegisterAllocation.compact(program).functions + [Self.wide] {
            let liveness = Liveness(function), expected = Self.reference(function)
            for instruction in function.instructions {
                let (uses, defs) = Self.usesAndDefs(instruction.op)
                var read = Set<Reg>()
                Liveness.forEachUse(instruction.op) { read.insert($0) }
                XCTAssertEqual(read, uses, "\(instruction.op)")
                XCTAssertEqual(Liveness.def(instruction.op).map { [$0] } ?? [], defs, "\(instruction.op)")
            }
            let all = (0..<function.registerCount).map { Reg($0) }
            if function.registerCount > 64 { wide += 1 }
            for pc in function.instructions.indices {
                XCTAssertEqual(Set(liveness.liveIn(at: pc)), expected.liveIn[pc], "\(function.name) pc \(pc)")
                XCTAssertEqual(Set(liveness.liveOut(at: pc)), expected.liveOut[pc], "\(function.name) pc \(pc)")
                XCTAssertEqual(liveness.dead[pc], all.filter { !expected.liveIn[pc].contains($0) }, "\(function.name) pc \(pc)")
                if case .call(let dst, _, _) = function.instructions[pc].op {
                    XCTAssertEqual(liveness.deadAcrossCall[pc], all.filter { !expected.liveOut[pc].contains($0) || $0 == dst },
                                   "\(function.name) pc \(pc)")
                }
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 500)
        XCTAssertGreaterThan(wide, 0, "a function with more than 64 registers, whose sets take two words or more")
    }
}
