import KPIR

/// Expressions, by C precedence. The comma operator is rejected.
extension Parser {
    func parseExpression() throws(DiagnosticError) -> Expr {
        let expression = try parseAssignment()
        if check(",") { throw error(.unsupported(.commaOperator), at: location) }
        return expression
    }

    private static let assignmentOperators: [String: BinaryOperator?] = [
        "=": nil, "+=": .add, "-=": .sub, "*=": .mul, "/=": .div, "%=": .rem,
        "&=": .and, "|=": .or, "^=": .xor, "<<=": .shl, ">>=": .shr,
    ]

    func parseAssignment() throws(DiagnosticError) -> Expr {
        let target = try parseConditional()
        guard let token = peek, token.kind == .punctuator, let op = Self.assignmentOperators[token.text] else { return target }
        index += 1
        let value = try parseAssignment()
        return Expr(kind: .assign(op, target, value), location: token.location)
    }

    func parseConditional() throws(DiagnosticError) -> Expr {
        let condition = try parseBinary(precedence: 0)
        guard check("?") else { return condition }
        let question = advance()
        let then = try parseExpression()
        try expect(":", "in a conditional expression")
        let otherwise = try parseConditional()
        return Expr(kind: .conditional(condition, then, otherwise), location: question.location)
    }

    /// Binary operators and their precedence: higher binds tighter.
    private static let binaryOperators: [String: (op: BinaryOperator, precedence: Int)] = [
        "||": (.logicalOr, 0), "&&": (.logicalAnd, 1), "|": (.or, 2), "^": (.xor, 3), "&": (.and, 4),
        "==": (.eq, 5), "!=": (.ne, 5), "<": (.lt, 6), ">": (.gt, 6), "<=": (.le, 6), ">=": (.ge, 6),
        "<<": (.shl, 7), ">>": (.shr, 7), "+": (.add, 8), "-": (.sub, 8), "*": (.mul, 9), "/": (.div, 9), "%": (.rem, 9),
    ]

    /// Precedence climbing: operators of at least `precedence`, left-associative.
    private func parseBinary(precedence minimum: Int) throws(DiagnosticError) -> Expr {
        var left = try parseUnary()
        let depthBefore = depth
        defer { depth = depthBefore }
        while index < tokens.count, tokens[index].kind == .punctuator,
              let (op, precedence) = Self.binaryOperators[tokens[index].text], precedence >= minimum {
            // Each operator deepens the tree later stages walk recursively.
            try enterNesting()
            let location = tokens[index].location
            index += 1
            let right = try parseBinary(precedence: precedence + 1)
            left = Expr(kind: .binary(op, left, right), location: location)
        }
        return left
    }

    private static let unaryOperators: [String: UnaryOperator] = [
        "-": .negate, "+": .plus, "~": .bitNot, "!": .logicalNot, "&": .addressOf, "*": .dereference,
    ]

    private func parseUnary() throws(DiagnosticError) -> Expr {
        try enterNesting()
        defer { depth -= 1 }
        guard let token = peek else { throw error(.expected("an expression", found: "end of file"), at: endLocation) }
        if token.kind == .punctuator {
            if token.text == "++" || token.text == "--" {
                index += 1
                let operand = try parseUnary()
                return Expr(kind: .increment(operand, isIncrement: token.text == "++", isPrefix: true), location: token.location)
            }
            if let op = Self.unaryOperators[token.text] {
                index += 1
                return Expr(kind: .unary(op, try parseUnary()), location: token.location)
            }
            if token.text == "(" && isTypeStart(peek(1)) { return try parseCast() }
        }
        if token.isIdentifier("sizeof") { throw error(.unsupported(.sizeof), at: token.location) }
        if token.isIdentifier("typeof") || token.isIdentifier("__typeof__") { throw error(.unsupported(.typeof), at: token.location) }
        return try parsePostfix(try parsePrimary())
    }

    /// `(type) operand`. `(void *)0` is NULL, as the kernel spells it.
    private func parseCast() throws(DiagnosticError) -> Expr {
        let open = advance()
        let specifiers = try parseSpecifiers()
        if specifiers.type.type == .void && check("*") && (peek(1)?.isPunctuator(")") ?? false) {
            index += 2
            let operand = try parseUnary()
            guard case .integer(0, _) = operand.kind else { throw error(.unsupported(.pointer(to: "void")), at: open.location) }
            return Expr(kind: .null, location: open.location)
        }
        let type = try parsePointers(specifiers.type)
        try expect(")", "after the type of a cast")
        if check("{") { throw error(.unsupported(.initializerLists), at: location) }
        if case .structure = type { throw error(.unsupported(.structValues), at: open.location) }
        return Expr(kind: .cast(type, try parseUnary()), location: open.location)
    }

    private func parsePostfix(_ primary: Expr) throws(DiagnosticError) -> Expr {
        var expression = primary
        while let token = peek, token.kind == .punctuator {
            switch token.text {
            case "(":
                guard case .name(let callee) = expression.kind else { throw error(.notAFunction, at: token.location) }
                index += 1
                var arguments: [Expr] = []
                if !accept(")") {
                    repeat { arguments.append(try parseAssignment()) } while accept(",")
                    try expect(")", "after the arguments of '\(callee)'")
                }
                expression = Expr(kind: .call(callee, arguments), location: expression.location)
            case "[":
                throw error(.unsupported(.arrays), at: token.location)
            case ".", "->":
                index += 1
                let field = try expectIdentifier("a field name after '\(token.text)'")
                expression = Expr(kind: .member(expression, field.text, arrow: token.text == "->"), location: field.location)
            case "++", "--":
                index += 1
                expression = Expr(kind: .increment(expression, isIncrement: token.text == "++", isPrefix: false),
                                  location: token.location)
            default:
                return expression
            }
        }
        return expression
    }

    private func parsePrimary() throws(DiagnosticError) -> Expr {
        guard let token = peek else { throw error(.expected("an expression", found: "end of file"), at: endLocation) }
        switch token.kind {
        case .number:
            index += 1
            switch IntegerLiteral.parse(token.text) {
            case .success(let (value, type)): return Expr(kind: .integer(value, type), location: token.location)
            case .failure(let failure): throw error(failure, at: token.location)
            }
        case .identifier:
            switch token.text {
            case "true", "false":
                index += 1
                return Expr(kind: .boolean(token.text == "true"), location: token.location)
            case "NULL":
                index += 1
                return Expr(kind: .null, location: token.location)
            case "asm", "__asm__":
                throw error(.unsupported(.inlineAssembly), at: token.location)
            default:
                let name = try expectIdentifier("an expression")
                return Expr(kind: .name(name.text), location: name.location)
            }
        case .punctuator where token.text == "(":
            index += 1
            if check("{") { throw error(.unsupported(.statementExpressions), at: token.location) }
            let inner = try parseExpression()
            try expect(")")
            return inner
        case .string:
            throw error(.unsupported(.stringLiterals), at: token.location)
        case .character:
            throw error(.unsupported(.characterLiterals), at: token.location)
        case .other where token.text.hasPrefix("\"") || token.text.hasPrefix("'"):
            throw error(.missingQuote, at: token.location)
        case .other:
            throw error(.unexpectedCharacter(token.text), at: token.location)
        case .punctuator:
            throw error(.expected("an expression", found: token.quoted), at: token.location)
        }
    }
}
