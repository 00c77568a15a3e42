import KPIR

extension BodyChecker {
    /// Any expression, void included.
    func check(_ expression: Expr) throws(DiagnosticError) -> TypedExpr {
        let location = expression.location
        switch expression.kind {
        case .integer(let value, var type):
            if environment.preprocessorArithmetic && type.bits < 64 { type = type.signed ? .long : .u64 }
            return TypedExpr(kind: .constant(value), type: .int(type), location: location)
        case .boolean(let value):
            return TypedExpr(kind: .constant(value ? 1 : 0), type: .int(.bool), location: location)
        case .null:
            return TypedExpr(kind: .constant(0), type: .int(.int), location: location)
        case .name(let name):
            return try resolve(name, at: location)
        case .call(let name, let arguments):
            return try checkCall(name, arguments, at: location)
        case .unary(let op, let operand):
            return try checkUnary(op, operand, at: location)
        case .binary(let op, let left, let right):
            return try checkBinary(op, left, right, at: location)
        case .conditional(let condition, let then, let otherwise):
            return try checkConditional(condition, then, otherwise, at: location)
        case .assign(let op, let target, let value):
            return try checkAssignment(op, target, value, at: location)
        case .increment(let target, let isIncrement, let isPrefix):
            let place = try checkPlace(target)
            guard case .int = place.type else {
                throw DiagnosticError(SyntaxError.unsupported(.pointerArithmetic), at: location)
            }
            return TypedExpr(kind: .increment(place, isIncrement: isIncrement, isPrefix: isPrefix), type: place.type, location: location)
        case .cast(let type, let operand):
            return try checkCast(type, operand, at: location)
        case .member:
            let place = try memberPlace(expression)
            return TypedExpr(kind: .load(place), type: place.type, location: location)
        }
    }

    private func resolve(_ name: String, at location: SourceLocation) throws(DiagnosticError) -> TypedExpr {
        if let id = lookupVariable(name) {
            return TypedExpr(kind: .variable(id), type: variables[id].type, location: location)
        }
        if name == "_T" && allowsGuardValue {
            return TypedExpr(kind: .guardValue, type: .int(.u64), location: location)
        }
        if let constant = environment.enumConstants[name] {
            return TypedExpr(kind: .constant(constant.value), type: .int(constant.type), location: location)
        }
        if let global = environment.globals[name] {
            referenced.insert(name)
            return TypedExpr(kind: .load(Place(kind: .global(global.index), type: .int(global.type), location: location)),
                             type: .int(global.type), location: location)
        }
        if name == "current" {
            return TypedExpr(kind: .builtin(.current, []), type: .pointer(.task), location: location)
        }
        if environment.undefinedGlobals.contains(name) {
            throw DiagnosticError(SemanticError.declaredNotDefined(kind: "variable", name: name), at: location)
        }
        if environment.perCPU[name] != nil || environment.undefinedPerCPU.contains(name) {
            throw DiagnosticError(SemanticError.perCPUDirectAccess(name), at: location)
        }
        if environment.functions[name] != nil || environment.undefinedFunctions.contains(name) || BuiltinCatalog.entries[name] != nil {
            throw DiagnosticError(SemanticError.functionAsValue(name), at: location)
        }
        if environment.staticKeys[name] != nil {
            throw DiagnosticError(SemanticError.staticKeyAsValue(name), at: location)
        }
        throw DiagnosticError(SemanticError.unknownIdentifier(name), at: location)
    }

    private func checkCall(_ name: String, _ arguments: [Expr], at location: SourceLocation) throws(DiagnosticError) -> TypedExpr {
        if lookupVariable(name) != nil || name == "current" {
            throw DiagnosticError(SemanticError.notAFunction(name), at: location)
        }
        if let entry = BuiltinCatalog.entries[name] {
            if arguments.count != entry.arity {
                throw DiagnosticError(SemanticError.argumentCount(function: name, expected: entry.arity, given: arguments.count), at: location)
            }
            return try checkBuiltin(entry.form, name, arguments, at: location)
        }
        guard let signature = environment.functions[name] else {
            if environment.undefinedFunctions.contains(name) {
                throw DiagnosticError(SemanticError.declaredNotDefined(kind: "function", name: name), at: location)
            }
            throw DiagnosticError(SemanticError.unknownFunction(name), at: location)
        }
        if arguments.count != signature.parameters.count {
            throw DiagnosticError(SemanticError.argumentCount(function: name, expected: signature.parameters.count,
                                                              given: arguments.count), at: location)
        }
        var checked: [TypedExpr] = []
        for (position, (argument, parameter)) in zip(arguments, signature.parameters).enumerated() {
            checked.append(try converted(try value(argument), to: parameter, "in argument \(position + 1) of '\(name)'"))
        }
        referenced.insert(name)
        calls.append((signature.index, location))
        return TypedExpr(kind: .call(function: signature.index, checked), type: signature.returnType, location: location)
    }

    private func checkUnary(_ op: UnaryOperator, _ operand: Expr, at location: SourceLocation) throws(DiagnosticError) -> TypedExpr {
        switch op {
        case .addressOf:
            throw DiagnosticError(SyntaxError.unsupported(.addressOf), at: location)
        case .dereference:
            let pointer = try value(operand)
            if case .pointer(.pgtable) = pointer.type {
                throw DiagnosticError(SemanticError.readingPgtableEntry, at: location)
            }
            throw DiagnosticError(SemanticError.dereferenceNonPointer(pointer.type), at: location)
        case .logicalNot:
            let negated = try value(operand)
            if let constant = negated.constantValue {
                return TypedExpr(kind: .constant(CArithmetic.unary(.logicalNot, constant, .int)), type: .int(.int), location: location)
            }
            return TypedExpr(kind: .unary(.logicalNot, negated), type: .int(.int), location: location)
        case .plus, .negate, .bitNot:
            let (checked, type) = try integer(operand, op.rawValue)
            let promoted = cast(checked, to: type.promoted)
            guard op != .plus else { return promoted }
            let irOp: UnaryOp = op == .negate ? .negate : .bitNot
            if let constant = promoted.constantValue {
                return TypedExpr(kind: .constant(CArithmetic.unary(irOp, constant, type.promoted)), type: promoted.type, location: location)
            }
            return TypedExpr(kind: .unary(irOp, promoted), type: promoted.type, location: location)
        }
    }

    private static let irOperators: [BinaryOperator: BinaryOp] = [
        .add: .add, .sub: .sub, .mul: .mul, .div: .div, .rem: .rem, .and: .and, .or: .or, .xor: .xor,
        .shl: .shl, .shr: .shr, .eq: .eq, .ne: .ne, .lt: .lt, .le: .le, .gt: .gt, .ge: .ge,
    ]

    private func checkBinary(_ op: BinaryOperator, _ left: Expr, _ right: Expr, at location: SourceLocation)
        throws(DiagnosticError) -> TypedExpr {
        if op == .logicalAnd || op == .logicalOr {
            let l = try value(left), r = try value(right)
            let isAnd = op == .logicalAnd
            if let lv = l.constantValue {
                // The left operand decides, or the result is the right operand's truth.
                if (lv != 0) != isAnd { return TypedExpr(kind: .constant(isAnd ? 0 : 1), type: .int(.int), location: location) }
                if let rv = r.constantValue { return TypedExpr(kind: .constant(rv != 0 ? 1 : 0), type: .int(.int), location: location) }
            }
            return TypedExpr(kind: .logical(isAnd: isAnd, l, r), type: .int(.int), location: location)
        }
        let l = try value(left), r = try value(right)
        return try binary(Self.irOperators[op]!, l, r, spelling: op.rawValue, at: location)
    }

    /// A binary arithmetic, bitwise or comparison operation with C's conversions.
    func binary(_ op: BinaryOp, _ l: TypedExpr, _ r: TypedExpr, spelling: String, at location: SourceLocation)
        throws(DiagnosticError) -> TypedExpr {
        let isComparison = [.eq, .ne, .lt, .le, .gt, .ge].contains(op)
        guard let lt = l.type.integer, let rt = r.type.integer else {
            if op == .add || op == .sub, l.type.isPointer || r.type.isPointer {
                throw DiagnosticError(SyntaxError.unsupported(.pointerArithmetic), at: location)
            }
            let comparable = l.type == r.type || (l.type.isPointer && r.isNullPointerConstant) || (r.type.isPointer && l.isNullPointerConstant)
            guard op == .eq || op == .ne, l.type.isPointer || r.type.isPointer, comparable else {
                throw DiagnosticError(SemanticError.invalidOperands(spelling, l.type, r.type), at: location)
            }
            return TypedExpr(kind: .binary(op, l, r, operation: .u64), type: .int(.int), location: location)
        }
        let operation = op == .shl || op == .shr ? lt.promoted : IntType.common(lt, rt)
        let a = cast(l, to: operation), b = cast(r, to: operation)
        let resultType: IntType = isComparison ? .int : operation
        // What C leaves undefined is not a constant: the machine runs it.
        if let av = a.constantValue, let bv = b.constantValue, !CArithmetic.isUndefined(op, bv, operation) {
            return TypedExpr(kind: .constant(CArithmetic.binary(op, av, bv, operation)), type: .int(resultType), location: location)
        }
        return TypedExpr(kind: .binary(op, a, b, operation: operation), type: .int(resultType), location: location)
    }

    private func checkConditional(_ condition: Expr, _ then: Expr, _ otherwise: Expr, at location: SourceLocation)
        throws(DiagnosticError) -> TypedExpr {
        let c = try value(condition)
        var a = try check(then), b = try check(otherwise)
        let type: CType
        switch (a.type, b.type) {
        case (.void, .void):
            type = .void
        case (.int(let at), .int(let bt)):
            let common = IntType.common(at, bt)
            (a, b) = (cast(a, to: common), cast(b, to: common))
            type = .int(common)
        case (.pointer, .pointer) where a.type == b.type:
            type = a.type
        case (.pointer, .int) where b.isNullPointerConstant:
            b = try converted(b, to: a.type, "")
            type = a.type
        case (.int, .pointer) where a.isNullPointerConstant:
            a = try converted(a, to: b.type, "")
            type = b.type
        default:
            throw DiagnosticError(SemanticError.invalidOperands("?:", a.type, b.type), at: location)
        }
        if let value = c.constantValue {
            var chosen = value != 0 ? a : b
            chosen.location = location
            return chosen
        }
        return TypedExpr(kind: .conditional(c, a, b), type: type, location: location)
    }

    private func checkAssignment(_ op: BinaryOperator?, _ target: Expr, _ value: Expr, at location: SourceLocation)
        throws(DiagnosticError) -> TypedExpr {
        if case .unary(.dereference, let pointer) = target.kind {
            if op != nil { throw DiagnosticError(SemanticError.readingPgtableEntry, at: location) }
            return try pgtableStore(pointer, value, at: location)
        }
        let place = try checkPlace(target)
        guard let op else {
            let stored = try converted(try self.value(value), to: place.type, "in assignment")
            return TypedExpr(kind: .assign(place, stored), type: place.type, location: location)
        }
        let spelling = op.rawValue + "="
        guard case .int(let placeType) = place.type else {
            if op == .add || op == .sub { throw DiagnosticError(SyntaxError.unsupported(.pointerArithmetic), at: location) }
            throw DiagnosticError(SemanticError.invalidOperand(spelling, place.type), at: location)
        }
        let (rhs, rhsType) = try integer(value, spelling)
        let irOp = Self.irOperators[op]!
        let operation = irOp == .shl || irOp == .shr ? placeType.promoted : IntType.common(placeType, rhsType)
        return TypedExpr(kind: .compoundAssign(place, irOp, cast(rhs, to: operation), operation: operation),
                         type: place.type, location: location)
    }

    /// `*ptep = v` or `WRITE_ONCE(*ptep, v)`.
    func pgtableStore(_ pointer: Expr, _ value: Expr, at location: SourceLocation) throws(DiagnosticError) -> TypedExpr {
        let entry = try self.value(pointer)
        guard case .pointer(.pgtable) = entry.type else {
            throw DiagnosticError(SemanticError.dereferenceNonPointer(entry.type), at: entry.location)
        }
        let stored = try converted(try self.value(value), to: .int(.u64), "in a page-table store")
        return TypedExpr(kind: .pgtableStore(entry: entry, value: stored), type: .void, location: location)
    }

    private func checkCast(_ type: CType, _ operand: Expr, at location: SourceLocation) throws(DiagnosticError) -> TypedExpr {
        let value = try check(operand)
        if type == .void { return TypedExpr(kind: .convert(value), type: .void, location: location) }
        var result = try converted(value, to: type, "in a cast")
        result.location = location
        return result
    }

    /// An assignable expression: a variable, a global, or a field of `current`/`regs`.
    func checkPlace(_ target: Expr) throws(DiagnosticError) -> Place {
        switch target.kind {
        case .name(let name):
            if let id = lookupVariable(name) {
                return Place(kind: .variable(id), type: variables[id].type, location: target.location)
            }
            if let global = environment.globals[name] {
                referenced.insert(name)
                return Place(kind: .global(global.index), type: .int(global.type), location: target.location)
            }
            _ = try resolve(name, at: target.location)
            throw DiagnosticError(SemanticError.notAssignable, at: target.location)
        case .member:
            return try memberPlace(target)
        default:
            _ = try check(target)
            throw DiagnosticError(SemanticError.notAssignable, at: target.location)
        }
    }
}
