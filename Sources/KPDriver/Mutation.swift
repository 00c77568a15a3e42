import KPIR
import KPReport

/// A mutant is report data (KPReport); making the change takes the program.
extension Mutation {
    /// `program` with the change made; nil when the program lacks the instruction (a
    /// scenario that does not link the function).
    public func apply(to program: Program) -> Program? {
        guard let f = program.function(named: function), pc < program.functions[f].instructions.count else { return nil }
        var program = program
        var code = program.functions[f].instructions
        // A deleted instruction becomes a jump to the next one, so no target moves.
        let skip = Op.jump(pc + 1)
        switch (kind, code[pc].op) {
        case (.deleteBarrier, _), (.deleteStatement, _):
            code[pc].op = skip
        case (.swapAdjacent, _):
            guard pc + 1 < code.count else { return nil }
            code.swapAt(pc, pc + 1)
        case (.negateCondition, .branch(let c, let then, let otherwise)):
            code[pc].op = .branch(c, then: otherwise, else: then)
        case (.replaceCall, .call(let dst, _, let args)):
            guard let callee, let target = program.function(named: callee) else { return nil }
            code[pc].op = .call(dst: dst, function: target, args: args)
        default:
            return nil
        }
        program.functions[f].instructions = code
        return program
    }
}
