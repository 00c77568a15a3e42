import KPIR

/// Statements and local declarations.
extension Parser {
    func parseBlock() throws(DiagnosticError) -> Stmt {
        let open = try expect("{")
        var statements: [Stmt] = []
        while !check("}") {
            guard peek != nil else { throw error(.expected("'}'", found: "end of file"), at: endLocation) }
            statements.append(try parseStatement())
        }
        let close = advance()
        return Stmt(kind: .block(statements, end: close.location), location: open.location)
    }

    func parseStatement() throws(DiagnosticError) -> Stmt {
        try enterNesting()
        defer { depth -= 1 }
        guard let token = peek else { throw error(.expected("a statement", found: "end of file"), at: endLocation) }
        let start = token.location
        if token.isPunctuator("{") { return try parseBlock() }
        if accept(";") { return Stmt(kind: .empty, location: start) }
        if token.kind == .identifier {
            if let statement = try parseKeywordStatement(token) { return statement }
            if let next = peek(1), next.isPunctuator(":"), !Self.keywords.contains(token.text) {
                throw error(.unsupported(.labels), at: start)
            }
            if token.text == "static" { throw error(.unsupported(.staticLocals), at: start) }
            if isTypeStart(token) { return try parseLocalDeclaration() }
        }
        let expression = try parseExpression()
        try expect(";", "after an expression")
        return Stmt(kind: .expression(expression), location: start)
    }

    /// Statements introduced by a keyword or a guard macro; nil for anything else.
    private func parseKeywordStatement(_ token: Token) throws(DiagnosticError) -> Stmt? {
        let start = token.location
        switch token.text {
        case "if":
            index += 1
            let condition = try parseParenthesisedCondition("if")
            let then = try parseStatement()
            var otherwise: Stmt?
            if checkIdentifier("else") {
                index += 1
                otherwise = try parseStatement()
            }
            return Stmt(kind: .ifElse(condition, then, otherwise), location: start)
        case "while":
            index += 1
            let condition = try parseParenthesisedCondition("while")
            return Stmt(kind: .whileLoop(condition, try parseStatement()), location: start)
        case "do":
            index += 1
            let body = try parseStatement()
            guard checkIdentifier("while") else { throw error(.expected("'while' after a do body", found: foundDescription), at: location) }
            index += 1
            let condition = try parseParenthesisedCondition("do ... while")
            try expect(";", "after do ... while")
            return Stmt(kind: .doWhile(body, condition), location: start)
        case "for":
            return try parseFor()
        case "break", "continue":
            index += 1
            try expect(";", "after \(token.text)")
            return Stmt(kind: token.text == "break" ? .breakStatement : .continueStatement, location: start)
        case "return":
            index += 1
            var value: Expr?
            if !check(";") { value = try parseExpression() }
            try expect(";", "after return")
            return Stmt(kind: .returnStatement(value), location: start)
        case "else":
            throw error(.expected("a statement", found: "'else' without 'if'"), at: start)
        case "goto":
            throw error(.unsupported(.goto), at: start)
        case "switch", "case", "default":
            throw error(.unsupported(.switchStatements), at: start)
        case "asm", "__asm__":
            throw error(.unsupported(.inlineAssembly), at: start)
        case "__kpcheck_guard_class", "__kpcheck_guard_noop":
            throw error(.guardClassInFunction, at: start)
        case "guard" where peek(1)?.isPunctuator("(") ?? false:
            index += 1
            let name = try parseGuardName()
            try expect("(", "after guard(\(name))")
            try expect(")", "after guard(\(name))(")
            try expect(";", "after guard(\(name))()")
            return Stmt(kind: .guardDeclaration(name), location: start)
        case "scoped_guard" where peek(1)?.isPunctuator("(") ?? false:
            index += 1
            let name = try parseGuardName()
            return Stmt(kind: .scopedGuard(name, try parseStatement()), location: start)
        default:
            return nil
        }
    }

    private func parseGuardName() throws(DiagnosticError) -> String {
        try expect("(")
        let name = try expectIdentifier("a guard class name")
        if check(",") { throw error(.guardTakesNoArguments(name.text), at: location) }
        try expect(")", "after the guard class name")
        return name.text
    }

    private func parseParenthesisedCondition(_ statement: String) throws(DiagnosticError) -> Expr {
        try expect("(", "after '\(statement)'")
        let condition = try parseExpression()
        try expect(")", "after the condition")
        return condition
    }

    private func parseFor() throws(DiagnosticError) -> Stmt {
        let start = advance().location
        try expect("(", "after 'for'")
        var initializer: Stmt?
        if isTypeStart(peek) {
            initializer = try parseLocalDeclaration()
        } else if !accept(";") {
            let expressionStart = location
            initializer = Stmt(kind: .expression(try parseExpression()), location: expressionStart)
            try expect(";", "after the for initialiser")
        }
        let condition: Expr? = check(";") ? nil : try parseExpression()
        try expect(";", "after the for condition")
        let step: Expr? = check(")") ? nil : try parseExpression()
        try expect(")", "after the for clauses")
        return Stmt(kind: .forLoop(initializer, condition, step, try parseStatement()), location: start)
    }

    /// `u64 a = 1, b;`
    func parseLocalDeclaration() throws(DiagnosticError) -> Stmt {
        let start = location
        let specifiers = try parseSpecifiers()
        if specifiers.isStatic { throw error(.unsupported(.staticLocals), at: start) }
        if specifiers.isTypedef { throw error(.expected("a declaration", found: "'typedef' inside a function"), at: start) }
        if check("{") { throw error(.expected("a variable name", found: "'{'"), at: location) }
        var declarators: [LocalDeclarator] = []
        repeat {
            if check("(") { throw error(.unsupported(.functionPointers), at: location) }
            let type = try parsePointers(specifiers.type)
            let name = try expectIdentifier("a variable name")
            try rejectArray()
            switch type {
            case .structure: throw error(.unsupported(.structValues), at: name.location)
            case .void: throw error(.voidVariable(name.text), at: name.location)
            case .int, .pointer: break
            }
            var initializer: Expr?
            if accept("=") {
                if check("{") { throw error(.unsupported(.initializerLists), at: location) }
                initializer = try parseAssignment()
            }
            declarators.append(LocalDeclarator(type: type, name: name.text, location: name.location, initializer: initializer))
        } while accept(",")
        try expect(";", "after a declaration")
        return Stmt(kind: .declaration(declarators), location: start)
    }
}
