import KPIR

/// Checks one function body, guard class or constant expression: resolves names, types
/// every expression with C's conversions, folds constants, and records what it uses.
final class BodyChecker {
    let environment: SemanticEnvironment
    /// The function being checked, for messages.
    let functionName: String
    var returnType: CType = .void
    private(set) var variables: [FrameVariable] = []
    private var variableLocations: [SourceLocation] = []
    private var scopes: [[String: Int]] = [[:]]
    var loopDepth = 0
    /// Direct calls and guard-class uses, with their locations.
    var calls: [(function: Int, location: SourceLocation)] = []
    var guardUses: [(guardClass: Int, location: SourceLocation)] = []
    /// File-scope names used (functions, variables, guard classes, static keys).
    var referenced: Set<String> = []
    /// `_T` names the constructor's value: only in a guard destructor.
    var allowsGuardValue = false

    init(environment: SemanticEnvironment, functionName: String) {
        self.environment = environment
        self.functionName = functionName
    }

    // MARK: Frame variables and scopes

    func declareVariable(_ name: String, type: CType, at location: SourceLocation) throws(DiagnosticError) -> Int {
        if let previous = scopes[scopes.count - 1][name] {
            throw DiagnosticError(SemanticError.redefinition(name), at: location,
                                  notes: [Diagnostic("previous definition of '\(name)' is here", at: variableLocations[previous])])
        }
        let id = addHiddenVariable(name, type: type, at: location)
        scopes[scopes.count - 1][name] = id
        return id
    }

    /// A frame variable no C name refers to (a guard's `_T` and saved state).
    func addHiddenVariable(_ name: String, type: CType, at location: SourceLocation) -> Int {
        variables.append(FrameVariable(name: name, type: type))
        variableLocations.append(location)
        return variables.count - 1
    }

    func lookupVariable(_ name: String) -> Int? {
        for scope in scopes.reversed() {
            if let id = scope[name] { return id }
        }
        return nil
    }

    func pushScope() { scopes.append([:]) }
    func popScope() { scopes.removeLast() }

    // MARK: Conversions

    /// `expression` converted as by assignment to `target`; `context` completes the message.
    func converted(_ expression: TypedExpr, to target: CType, _ context: @autoclosure () -> String) throws(DiagnosticError) -> TypedExpr {
        switch (expression.type, target) {
        case (.void, _):
            throw DiagnosticError(SemanticError.voidValue, at: expression.location)
        case (.int, .int(let type)):
            return cast(expression, to: type)
        case (.pointer, .int(.bool)):
            return TypedExpr(kind: .binary(.ne, expression, TypedExpr(kind: .constant(0), type: expression.type, location: expression.location),
                                           operation: .u64),
                             type: .int(.bool), location: expression.location)
        case (.pointer(let from), .pointer(let to)) where from == to:
            return expression
        case (.int, .pointer) where expression.isNullPointerConstant:
            return TypedExpr(kind: .constant(0), type: target, location: expression.location)
        default:
            throw DiagnosticError(SemanticError.incompatible(from: expression.type, to: target, context: context()),
                                  at: expression.location)
        }
    }

    /// An integer expression converted to `type`, folded when constant.
    func cast(_ expression: TypedExpr, to type: IntType) -> TypedExpr {
        if expression.type == .int(type) { return expression }
        if let value = expression.constantValue {
            return TypedExpr(kind: .constant(type.normalize(value)), type: .int(type), location: expression.location)
        }
        if type == .bool && expression.isTruthValue {
            var retyped = expression
            retyped.type = .int(.bool)
            return retyped
        }
        return TypedExpr(kind: .convert(expression), type: .int(type), location: expression.location)
    }

    /// A non-void value: an integer or a pointer (conditions take either).
    func value(_ expression: Expr) throws(DiagnosticError) -> TypedExpr {
        let checked = try check(expression)
        if checked.type == .void { throw DiagnosticError(SemanticError.voidValue, at: checked.location) }
        return checked
    }

    /// A value of integer type.
    func integer(_ expression: Expr, _ what: String) throws(DiagnosticError) -> (TypedExpr, IntType) {
        let checked = try value(expression)
        guard let type = checked.type.integer else {
            throw DiagnosticError(SemanticError.invalidOperand(what, checked.type), at: checked.location)
        }
        return (checked, type)
    }

    /// A constant expression's value (enumerators, initialisers, `#if`).
    func constant(_ expression: Expr, _ what: String) throws(DiagnosticError) -> (value: UInt64, type: IntType) {
        let checked = try value(expression)
        guard let value = checked.constantValue, let type = checked.type.integer else {
            throw DiagnosticError(SemanticError.notConstant(what), at: expression.location)
        }
        return (value, type)
    }
}
