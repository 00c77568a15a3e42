import KPIR

extension BodyChecker {
    /// The body of a function whose parameters are already declared: its outermost block
    /// shares their scope, as in C.
    func checkFunctionBody(_ body: Stmt) throws(DiagnosticError) -> [TypedStmt] {
        guard case .block(let statements, let end) = body.kind else { return [try checkStatement(body)] }
        return try checkStatements(statements[...], end: end)
    }

    /// A block's statements; `guard(name)();` turns the rest of the block into its scope.
    private func checkStatements(_ statements: ArraySlice<Stmt>, end: SourceLocation) throws(DiagnosticError) -> [TypedStmt] {
        var checked: [TypedStmt] = []
        for (offset, statement) in zip(statements.indices, statements) {
            if case .guardDeclaration(let name) = statement.kind {
                let scope = try openGuard(name, at: statement.location)
                let rest = try checkStatements(statements[(offset + 1)...], end: end)
                checked.append(.guarded(scope, rest, end: end))
                return checked
            }
            checked.append(try checkStatement(statement))
        }
        return checked
    }

    private func openGuard(_ name: String, at location: SourceLocation) throws(DiagnosticError) -> GuardScope {
        guard let guardClass = environment.guardClasses[name] else {
            throw DiagnosticError(SemanticError.unknownGuardClass(name), at: location)
        }
        referenced.insert(name)
        guardUses.append((guardClass, location))
        let value = addHiddenVariable("\(name)._T", type: .int(.u64), at: location)
        let slot = addHiddenVariable("\(name).saved", type: .int(.u64), at: location)
        return GuardScope(guardClass: guardClass, value: value, slot: slot, location: location)
    }

    private static func end(of statement: Stmt) -> SourceLocation {
        if case .block(_, let end) = statement.kind { return end }
        return statement.location
    }

    func checkStatement(_ statement: Stmt) throws(DiagnosticError) -> TypedStmt {
        let location = statement.location
        switch statement.kind {
        case .expression(let expression):
            return .expression(try check(expression))
        case .declaration(let declarators):
            var initializers: [TypedStmt] = []
            for declarator in declarators {
                let initial = try declarator.initializer.map { (initializer: Expr) throws(DiagnosticError) in
                    try converted(try value(initializer), to: declarator.type, "in the initialisation of '\(declarator.name)'")
                }
                let id = try declareVariable(declarator.name, type: declarator.type, at: declarator.location)
                if let initial { initializers.append(.initialize(variable: id, initial)) }
            }
            return .block(initializers)
        case .block(let statements, let end):
            pushScope()
            defer { popScope() }
            return .block(try checkStatements(statements[...], end: end))
        case .ifElse(let condition, let then, let otherwise):
            let c = try value(condition)
            let t = try checkStatement(then)
            let e = try otherwise.map { (statement: Stmt) throws(DiagnosticError) in try checkStatement(statement) }
            return .ifElse(c, t, e, location: location)
        case .whileLoop(let condition, let body):
            let c = try value(condition)
            return .loop(condition: c, body: try loopBody(body), step: nil, testFirst: true, location: location)
        case .doWhile(let body, let condition):
            let b = try loopBody(body)
            return .loop(condition: try value(condition), body: b, step: nil, testFirst: false, location: location)
        case .forLoop(let initializer, let condition, let step, let body):
            pushScope()
            defer { popScope() }
            let i = try initializer.map { (statement: Stmt) throws(DiagnosticError) in try checkStatement(statement) }
            let c = try condition.map { (expression: Expr) throws(DiagnosticError) in try value(expression) }
            let s = try step.map { (expression: Expr) throws(DiagnosticError) in try check(expression) }
            let loop = TypedStmt.loop(condition: c, body: try loopBody(body), step: s, testFirst: true, location: location)
            return .block((i.map { [$0] } ?? []) + [loop])
        case .breakStatement, .continueStatement:
            let isBreak = if case .breakStatement = statement.kind { true } else { false }
            if loopDepth == 0 { throw DiagnosticError(SemanticError.breakOutsideLoop(isBreak ? "break" : "continue"), at: location) }
            return isBreak ? .breakLoop(location) : .continueLoop(location)
        case .returnStatement(let value):
            return try checkReturn(value, at: location)
        case .empty:
            return .block([])
        case .guardDeclaration(let name):
            return .guarded(try openGuard(name, at: location), [], end: location)
        case .scopedGuard(let name, let body):
            let scope = try openGuard(name, at: location)
            return .guarded(scope, [try checkStatement(body)], end: Self.end(of: body))
        }
    }

    private func loopBody(_ body: Stmt) throws(DiagnosticError) -> TypedStmt {
        loopDepth += 1
        defer { loopDepth -= 1 }
        return try checkStatement(body)
    }

    private func checkReturn(_ value: Expr?, at location: SourceLocation) throws(DiagnosticError) -> TypedStmt {
        guard let value else {
            if returnType != .void { throw DiagnosticError(SemanticError.missingReturnValue(functionName), at: location) }
            return .returnValue(nil, location)
        }
        let checked = try check(value)
        if returnType == .void {
            // `return f();` of a void f is allowed, as GNU C does.
            guard checked.type == .void else {
                throw DiagnosticError(SemanticError.returnValueFromVoid(functionName), at: location)
            }
            return .returnValue(checked, location)
        }
        return .returnValue(try converted(checked, to: returnType, "in the return value of '\(functionName)'"), location)
    }
}
