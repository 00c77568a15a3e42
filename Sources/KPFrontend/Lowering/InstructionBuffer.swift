import KPIR

/// Instructions of one function under construction, with forward labels: jumps and
/// branches name labels until `finish()` replaces them with instruction indices.
struct InstructionBuffer {
    typealias Label = Int

    private(set) var instructions: [Instruction] = []
    private var labelPositions: [Int?] = []
    private var jumpsToPatch: [Int] = []

    var count: Int { instructions.count }

    mutating func newLabel() -> Label {
        labelPositions.append(nil)
        return labelPositions.count - 1
    }

    mutating func place(_ label: Label) { labelPositions[label] = instructions.count }

    mutating func emit(_ op: Op, at location: SourceLocation) {
        if case .jump = op { jumpsToPatch.append(instructions.count) }
        if case .branch = op { jumpsToPatch.append(instructions.count) }
        instructions.append(Instruction(op, at: location))
    }

    /// The instructions with every label resolved.
    func finish() -> [Instruction] {
        var result = instructions
        for index in jumpsToPatch {
            switch result[index].op {
            case .jump(let label):
                result[index].op = .jump(labelPositions[label]!)
            case .branch(let condition, let then, let otherwise):
                result[index].op = .branch(condition, then: labelPositions[then]!, else: labelPositions[otherwise]!)
            default:
                break
            }
        }
        return result
    }

    /// Whether control can reach the instruction at `target` from the first one, taking
    /// branches on constants only the way they go.
    static func isReachable(_ target: Int, in instructions: [Instruction]) -> Bool {
        var seen = [Bool](repeating: false, count: instructions.count + 1)
        var work = [0]
        while let index = work.popLast() {
            guard index <= instructions.count, !seen[index] else { continue }
            seen[index] = true
            if index == target { return true }
            guard index < instructions.count else { continue }
            switch instructions[index].op {
            case .jump(let to): work.append(to)
            case .branch(.imm(let value), let then, let otherwise): work.append(value != 0 ? then : otherwise)
            case .branch(_, let then, let otherwise): work += [then, otherwise]
            case .ret: break
            default: work.append(index + 1)
            }
        }
        return false
    }
}
