import KPIR

extension FunctionLowerer {
    /// Where a place lives once its task or regs pointer is evaluated.
    private enum LoweredPlace {
        case register(Reg)
        case global(Int)
        case perCPU(Int)
        case taskField(Operand, Int)
        case regsField(Operand, Int)
    }

    /// Evaluates an expression for its side effects only.
    mutating func effect(_ expression: TypedExpr) {
        let location = expression.location
        switch expression.kind {
        case .call(let function, let arguments):
            let operands = arguments.map { value($0) }
            emit(.call(dst: nil, function: function, args: operands), at: location)
        case .builtin(let builtin, let arguments):
            let operands = arguments.map { value($0) }
            emit(.builtin(dst: nil, builtin, args: operands), at: location)
        case .assertion(let kind, let condition):
            emit(.assert(dst: nil, kind, truthValue(condition)), at: location)
        case .convert(let operand) where expression.type == .void:
            effect(operand)
        case .increment(let place, let isIncrement, _):
            // The old value of `x++` is not needed: no copy of it.
            _ = increment(place, isIncrement: isIncrement, isPrefix: true, at: location)
        case .conditional(let condition, let then, let otherwise) where expression.type == .void:
            let thenLabel = buffer.newLabel(), elseLabel = buffer.newLabel(), end = buffer.newLabel()
            branch(condition, then: thenLabel, else: elseLabel)
            buffer.place(thenLabel)
            effect(then)
            emit(.jump(end), at: location)
            buffer.place(elseLabel)
            effect(otherwise)
            buffer.place(end)
        default:
            _ = value(expression)
        }
    }

    /// Evaluates an expression to an operand (an immediate for constants).
    mutating func value(_ expression: TypedExpr) -> Operand {
        let location = expression.location
        switch expression.kind {
        case .constant(let constant):
            return .imm(constant)
        case .variable(let id):
            return .reg(Reg(id))
        case .guardValue:
            return .reg(guardValue!)
        case .load(let place):
            return load(lowerPlace(place), at: location)
        case .call(let function, let arguments):
            guard expression.type != .void else { effect(expression); return .imm(0) }
            let operands = arguments.map { value($0) }
            let dst = newTemporary()
            emit(.call(dst: dst, function: function, args: operands), at: location)
            return .reg(dst)
        case .builtin(let builtin, let arguments):
            guard expression.type != .void else { effect(expression); return .imm(0) }
            let operands = arguments.map { value($0) }
            let dst = newTemporary()
            emit(.builtin(dst: dst, builtin, args: operands), at: location)
            return .reg(dst)
        case .assertion(let kind, let condition):
            let truth = truthValue(condition)
            let dst = newTemporary()
            emit(.assert(dst: dst, kind, truth), at: location)
            return .reg(dst)
        case .unary(let op, let operand):
            let v = value(operand)
            let dst = newTemporary()
            emit(.unary(dst: dst, op, v, expression.type.integer ?? .int), at: location)
            return .reg(dst)
        case .binary(let op, let left, let right, let operation):
            let a = value(left), b = value(right)
            let dst = newTemporary()
            emit(.binary(dst: dst, op, a, b, operation), at: location)
            return .reg(dst)
        case .logical, .conditional:
            return branchValue(expression)
        case .convert(let operand):
            guard case .int(let target) = expression.type else {
                effect(operand)
                return .imm(0)
            }
            return convert(value(operand), from: operand.type.integer ?? .u64, to: target, at: location)
        case .assign(let place, let stored):
            let lowered = lowerPlace(place)
            let v = value(stored)
            store(v, to: lowered, at: location)
            return v
        case .compoundAssign(let place, let op, let rhs, let operation):
            let lowered = lowerPlace(place)
            let placeType = place.type.integer ?? .u64
            let old = convert(load(lowered, at: location), from: placeType, to: operation, at: location)
            let b = value(rhs)
            let result = newTemporary()
            emit(.binary(dst: result, op, old, b, operation), at: location)
            let stored = convert(.reg(result), from: operation, to: placeType, at: location)
            store(stored, to: lowered, at: location)
            return stored
        case .increment(let place, let isIncrement, let isPrefix):
            return increment(place, isIncrement: isIncrement, isPrefix: isPrefix, at: location)
        case .pgtableStore(let entry, let stored):
            let pointer = value(entry)
            let v = value(stored)
            emit(.storePgtable(entry: pointer, value: v), at: location)
            return .imm(0)
        }
    }

    private mutating func increment(_ place: Place, isIncrement: Bool, isPrefix: Bool, at location: SourceLocation) -> Operand {
        let lowered = lowerPlace(place)
        let placeType = place.type.integer ?? .u64
        var old = load(lowered, at: location)
        if !isPrefix, case .register = lowered {
            // The store below overwrites the register the old value is read from.
            let copy = newTemporary()
            emit(.mov(dst: copy, old), at: location)
            old = .reg(copy)
        }
        let operation = placeType.promoted
        let result = newTemporary()
        emit(.binary(dst: result, isIncrement ? .add : .sub, convert(old, from: placeType, to: operation, at: location), .imm(1), operation),
             at: location)
        let stored = convert(.reg(result), from: operation, to: placeType, at: location)
        store(stored, to: lowered, at: location)
        return isPrefix ? stored : old
    }

    /// The operand converted from `from` to `to`. Conversion to bool is `!= 0`; widening
    /// that keeps the bit pattern (values are kept sign- or zero-extended) emits nothing.
    mutating func convert(_ operand: Operand, from: IntType, to: IntType, at location: SourceLocation) -> Operand {
        if from == to { return operand }
        if case .imm(let constant) = operand { return .imm(to.normalize(constant)) }
        if to != .bool && to.bits > from.bits && (to.signed || to.bits == 64 || !from.signed) { return operand }
        let dst = newTemporary()
        if to == .bool {
            emit(.binary(dst: dst, .ne, operand, .imm(0), from), at: location)
            return .reg(dst)
        }
        emit(.convert(dst: dst, operand, to), at: location)
        return .reg(dst)
    }

    /// A 0/1 operand for the truth of a scalar expression.
    mutating func truthValue(_ expression: TypedExpr) -> Operand {
        if expression.isTruthValue || expression.type == .int(.bool) { return value(expression) }
        let v = value(expression)
        if case .imm(let constant) = v { return .imm(constant != 0 ? 1 : 0) }
        let dst = newTemporary()
        emit(.binary(dst: dst, .ne, v, .imm(0), expression.type.integer ?? .u64), at: expression.location)
        return .reg(dst)
    }

    /// Jumps to `then` when the expression is true, else to `otherwise`; `&&`, `||` and
    /// `!` become control flow.
    mutating func branch(_ expression: TypedExpr, then: InstructionBuffer.Label, else otherwise: InstructionBuffer.Label) {
        switch expression.kind {
        case .logical(let isAnd, let left, let right):
            let middle = buffer.newLabel()
            if isAnd {
                branch(left, then: middle, else: otherwise)
            } else {
                branch(left, then: then, else: middle)
            }
            buffer.place(middle)
            branch(right, then: then, else: otherwise)
        case .unary(.logicalNot, let operand):
            branch(operand, then: otherwise, else: then)
        case .constant(let constant):
            emit(.jump(constant != 0 ? then : otherwise), at: expression.location)
        default:
            emit(.branch(value(expression), then: then, else: otherwise), at: expression.location)
        }
    }

    /// `&&`, `||` and `?:` as values: branches into one temporary.
    private mutating func branchValue(_ expression: TypedExpr) -> Operand {
        let location = expression.location
        let dst = newTemporary()
        let thenLabel = buffer.newLabel(), elseLabel = buffer.newLabel(), end = buffer.newLabel()
        var thenValue: TypedExpr?, elseValue: TypedExpr?
        if case .conditional(let condition, let then, let otherwise) = expression.kind {
            branch(condition, then: thenLabel, else: elseLabel)
            (thenValue, elseValue) = (then, otherwise)
        } else {
            branch(expression, then: thenLabel, else: elseLabel)
        }
        buffer.place(thenLabel)
        emit(.mov(dst: dst, thenValue.map { value($0) } ?? .imm(1)), at: location)
        emit(.jump(end), at: location)
        buffer.place(elseLabel)
        emit(.mov(dst: dst, elseValue.map { value($0) } ?? .imm(0)), at: location)
        buffer.place(end)
        return .reg(dst)
    }

    private mutating func lowerPlace(_ place: Place) -> LoweredPlace {
        switch place.kind {
        case .variable(let id): .register(Reg(id))
        case .global(let index): .global(index)
        case .perCPU(let index): .perCPU(index)
        case .taskField(let task, let field): .taskField(value(task), field)
        case .regsField(let regs, let field): .regsField(value(regs), field)
        }
    }

    private mutating func load(_ place: LoweredPlace, at location: SourceLocation) -> Operand {
        if case .register(let register) = place { return .reg(register) }
        let dst = newTemporary()
        switch place {
        case .register: break
        case .global(let index): emit(.loadGlobal(dst: dst, global: index), at: location)
        case .perCPU(let index): emit(.loadPerCPU(dst: dst, variable: index), at: location)
        case .taskField(let task, let field): emit(.loadTask(dst: dst, task: task, field: field), at: location)
        case .regsField(let regs, let field): emit(.loadRegs(dst: dst, regs: regs, field: field), at: location)
        }
        return .reg(dst)
    }

    private mutating func store(_ operand: Operand, to place: LoweredPlace, at location: SourceLocation) {
        switch place {
        case .register(let register): emit(.mov(dst: register, operand), at: location)
        case .global(let index): emit(.storeGlobal(global: index, operand), at: location)
        case .perCPU(let index): emit(.storePerCPU(variable: index, operand), at: location)
        case .taskField(let task, let field): emit(.storeTask(task: task, field: field, operand), at: location)
        case .regsField(let regs, let field): emit(.storeRegs(regs: regs, field: field, operand), at: location)
        }
    }
}
