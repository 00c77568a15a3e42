import KPIR

/// Lowers one checked function to KPIR: locals live in registers (parameters, then
/// locals, then temporaries), `&&`/`||`/`?:` become branches, and every exit of a guard
/// scope runs the guard's destructor and `guardEnd`.
struct FunctionLowerer {
    private let guardClasses: [CheckedGuardClass]
    var buffer = InstructionBuffer()
    private var registerNames: [String]
    private var temporaries = 0
    private var scopes: [ExitScope] = []
    /// The register holding `_T` while a destructor is lowered.
    var guardValue: Reg?
    /// Guard constructors and destructors are written at the guard class; their
    /// instructions carry the location of the guard use or scope exit instead.
    var locationOverride: SourceLocation?

    private enum ExitScope {
        case loop(breakLabel: InstructionBuffer.Label, continueLabel: InstructionBuffer.Label)
        case guardScope(GuardScope)
    }

    static func lower(_ function: CheckedFunction, guardClasses: [CheckedGuardClass]) throws(DiagnosticError) -> Function {
        var lowerer = FunctionLowerer(registerNames: function.variables.map(\.name), guardClasses: guardClasses)
        for statement in function.body { lowerer.lower(statement) }
        // Falling off the end returns; in a non-void function that must be unreachable
        // (checked below), but labels placed at the end still need an instruction.
        let end = lowerer.buffer.count
        lowerer.emit(.ret(function.returnType == .void ? nil : .imm(0)), at: function.end)
        let instructions = lowerer.buffer.finish()
        if function.returnType != .void && InstructionBuffer.isReachable(end, in: instructions) {
            throw DiagnosticError(SemanticError.controlReachesEnd(function.name), at: function.end)
        }
        if lowerer.registerNames.count > Int(Reg.max) + 1 {
            throw DiagnosticError(SemanticError.functionTooLarge(function.name), at: function.location)
        }
        return Function(name: function.name, location: function.location, parameters: function.parameters,
                        returnType: function.returnType.valueType, registerCount: lowerer.registerNames.count,
                        registerNames: lowerer.registerNames, instructions: instructions)
    }

    private init(registerNames: [String], guardClasses: [CheckedGuardClass]) {
        self.registerNames = registerNames
        self.guardClasses = guardClasses
    }

    mutating func emit(_ op: Op, at location: SourceLocation) {
        buffer.emit(op, at: locationOverride ?? location)
    }

    mutating func newTemporary() -> Reg {
        registerNames.append("t\(temporaries)")
        temporaries += 1
        return Reg(truncatingIfNeeded: registerNames.count - 1)
    }

    // MARK: Statements

    private mutating func lower(_ statement: TypedStmt) {
        switch statement {
        case .expression(let expression):
            effect(expression)
        case .initialize(let variable, let expression):
            let initial = value(expression)
            emit(.mov(dst: Reg(variable), initial), at: expression.location)
        case .block(let statements):
            for statement in statements { lower(statement) }
        case .ifElse(let condition, let then, let otherwise, let location):
            let thenLabel = buffer.newLabel(), elseLabel = buffer.newLabel(), end = buffer.newLabel()
            branch(condition, then: thenLabel, else: otherwise == nil ? end : elseLabel)
            buffer.place(thenLabel)
            lower(then)
            if let otherwise {
                emit(.jump(end), at: location)
                buffer.place(elseLabel)
                lower(otherwise)
            }
            buffer.place(end)
        case .loop(let condition, let body, let step, let testFirst, let location):
            lowerLoop(condition, body, step, testFirst: testFirst, at: location)
        case .breakLoop(let location), .continueLoop(let location):
            let isBreak = if case .breakLoop = statement { true } else { false }
            for scope in scopes.reversed() {
                switch scope {
                case .guardScope(let guardScope):
                    runDestructor(guardScope, at: location)
                case .loop(let breakLabel, let continueLabel):
                    emit(.jump(isBreak ? breakLabel : continueLabel), at: location)
                    return
                }
            }
        case .returnValue(let expression, let location):
            var result: Operand?
            if let expression {
                if expression.type == .void { effect(expression) } else { result = value(expression) }
            }
            for case .guardScope(let guardScope) in scopes.reversed() { runDestructor(guardScope, at: location) }
            emit(.ret(result), at: location)
        case .guarded(let guardScope, let body, let end):
            emit(.guardBegin(slot: Reg(guardScope.slot)), at: guardScope.location)
            let saved = locationOverride
            locationOverride = guardScope.location
            let constructed = value(guardClasses[guardScope.guardClass].constructor)
            emit(.mov(dst: Reg(guardScope.value), constructed), at: guardScope.location)
            locationOverride = saved
            scopes.append(.guardScope(guardScope))
            for statement in body { lower(statement) }
            scopes.removeLast()
            runDestructor(guardScope, at: end)
        }
    }

    private mutating func lowerLoop(_ condition: TypedExpr?, _ body: TypedStmt, _ step: TypedExpr?, testFirst: Bool,
                                    at location: SourceLocation) {
        let head = buffer.newLabel(), bodyLabel = buffer.newLabel(), next = buffer.newLabel(), end = buffer.newLabel()
        buffer.place(head)
        if testFirst, let condition { branch(condition, then: bodyLabel, else: end) }
        buffer.place(bodyLabel)
        scopes.append(.loop(breakLabel: end, continueLabel: next))
        lower(body)
        scopes.removeLast()
        buffer.place(next)
        if let step { effect(step) }
        if !testFirst, let condition {
            branch(condition, then: bodyLabel, else: end)
        } else {
            emit(.jump(head), at: location)
        }
        buffer.place(end)
    }

    /// The destructor of a guard scope, then `guardEnd`, located at the scope exit.
    private mutating func runDestructor(_ guardScope: GuardScope, at location: SourceLocation) {
        let saved = (locationOverride, guardValue)
        locationOverride = location
        guardValue = Reg(guardScope.value)
        if let destructor = guardClasses[guardScope.guardClass].destructor { effect(destructor) }
        emit(.guardEnd(slot: Reg(guardScope.slot)), at: location)
        (locationOverride, guardValue) = saved
    }
}
