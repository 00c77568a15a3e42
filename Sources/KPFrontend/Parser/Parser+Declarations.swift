import KPIR

/// File-scope declarations.
extension Parser {
    func parseExternalDeclaration(into declarations: inout [Declaration]) throws(DiagnosticError) {
        guard let token = peek else { return }
        if accept(";") { return }
        if token.kind == .identifier {
            switch token.text {
            case "__kpcheck_guard_class", "__kpcheck_guard_noop":
                declarations.append(.guardClass(try parseGuardClass()))
                return
            case "DEFINE_PER_CPU", "DECLARE_PER_CPU":
                declarations.append(try parsePerCPU())
                return
            case "DEFINE_STATIC_KEY_FALSE", "DEFINE_STATIC_KEY_TRUE", "DECLARE_STATIC_KEY_FALSE", "DECLARE_STATIC_KEY_TRUE":
                declarations.append(try parseStaticKey())
                return
            case "asm", "__asm__":
                throw error(.unsupported(.inlineAssembly), at: token.location)
            default:
                break
            }
        }
        guard isTypeStart(token) else {
            if token.kind == .identifier, let next = peek(1), next.kind == .identifier || next.isPunctuator("*") {
                throw error(.unknownTypeName(token.text), at: token.location)
            }
            throw error(.expected("a declaration", found: token.quoted), at: token.location)
        }
        let specifiers = try parseSpecifiers()
        if check("{") {
            switch specifiers.type.type {
            case .structure(let name):
                if specifiers.isTypedef { throw error(.unsupported(.structTypedefs), at: specifiers.location) }
                declarations.append(.structure(try parseStructBody(name, at: specifiers.location)))
                return
            case .int where specifiers.type.spelling.hasPrefix("enum"):
                declarations.append(.enumeration(try parseEnumBody()))
                return
            default:
                throw error(.expected("a declarator", found: "'{'"), at: location)
            }
        }
        if accept(";") { return }
        while true {
            if check("(") { throw error(.unsupported(.functionPointers), at: location) }
            let type = try parsePointers(specifiers.type)
            let name = try expectIdentifier("a name")
            try rejectArray()
            if specifiers.isTypedef {
                try defineTypedef(name, type: type, specifiers: specifiers)
            } else if check("(") {
                declarations.append(.function(try parseFunction(name, returnType: type)))
                return
            } else {
                declarations.append(.variable(try parseGlobal(name, type: type, specifiers: specifiers)))
            }
            if accept(",") { continue }
            try expect(";", "after a declaration")
            return
        }
    }

    private func defineTypedef(_ name: Token, type: CType, specifiers: Specifiers) throws(DiagnosticError) {
        // The page-table entry types are built in; a model may still spell them out.
        if Self.builtinTypeNames[name.text]?.pgtableLevel != nil, case .int = type { return }
        if case .structure = type { throw error(.unsupported(.structTypedefs), at: name.location) }
        let pgtableLevel = type == specifiers.type.type ? specifiers.type.pgtableLevel : nil
        try define(typedef: name.text, as: TypeName(type: type, pgtableLevel: pgtableLevel, spelling: name.text),
                   at: name.location)
    }

    private func parseGlobal(_ name: Token, type: CType, specifiers: Specifiers) throws(DiagnosticError) -> VariableSyntax {
        switch type {
        case .structure: throw error(.unsupported(.structValues), at: name.location)
        case .void: throw error(.voidVariable(name.text), at: name.location)
        case .pointer: throw error(.unsupported(.fileScopePointers), at: name.location)
        case .int: break
        }
        var initializer: Expr?
        if accept("=") {
            if check("{") { throw error(.unsupported(.initializerLists), at: location) }
            initializer = try parseAssignment()
        }
        return VariableSyntax(name: name.text, type: type, location: name.location, initializer: initializer,
                              isExtern: specifiers.isExtern && initializer == nil)
    }

    private func parseFunction(_ name: Token, returnType: CType) throws(DiagnosticError) -> FunctionSyntax {
        if case .structure = returnType { throw error(.unsupported(.structValues), at: name.location) }
        try expect("(")
        var parameters: [ParameterSyntax] = []
        if checkIdentifier("void") && (peek(1)?.isPunctuator(")") ?? false) { index += 1 }
        if !accept(")") {
            repeat {
                if check("...") { throw error(.unsupported(.variadicFunctions), at: location) }
                let start = location
                let specifiers = try parseSpecifiers()
                if check("(") { throw error(.unsupported(.functionPointers), at: location) }
                let type = try parsePointers(specifiers.type)
                var parameterName: Token?
                if let token = peek, token.kind == .identifier { parameterName = try expectIdentifier("a parameter name") }
                try rejectArray()
                let where_ = parameterName?.location ?? start
                if case .structure = type { throw error(.unsupported(.structValues), at: where_) }
                if type == .void { throw error(.voidVariable(parameterName?.text ?? "parameter"), at: where_) }
                parameters.append(ParameterSyntax(name: parameterName?.text, type: type, location: where_))
            } while accept(",")
            try expect(")", "after the parameters")
        }
        var body: Stmt?
        if check("{") {
            body = try parseBlock()
        } else {
            try expect(";", "after a function declaration")
        }
        return FunctionSyntax(name: name.text, location: name.location, returnType: returnType,
                              parameters: parameters, body: body)
    }

    private func parseStructBody(_ name: String, at location: SourceLocation) throws(DiagnosticError) -> StructSyntax {
        try expect("{")
        var fields: [FieldSyntax] = []
        while !accept("}") {
            guard peek != nil else { throw error(.expected("'}' at the end of struct \(name)", found: "end of file"), at: endLocation) }
            let specifiers = try parseSpecifiers()
            if check("{") { throw error(.expected("a field name", found: "'{'"), at: self.location) }
            repeat {
                let type = try parsePointers(specifiers.type)
                let field = try expectIdentifier("a field name")
                try rejectArray()
                if check(":") { throw error(.unsupported(.bitFields), at: self.location) }
                switch type {
                case .pointer: throw error(.unsupported(.pointerFields), at: field.location)
                case .void: throw error(.voidVariable(field.text), at: field.location)
                case .int, .structure: break
                }
                fields.append(FieldSyntax(name: field.text, type: type, location: field.location))
            } while accept(",")
            try expect(";", "after a field")
        }
        if !check(";") { throw error(.unsupported(.structValues), at: self.location) }
        index += 1
        return StructSyntax(name: name, location: location, fields: fields)
    }

    private func parseEnumBody() throws(DiagnosticError) -> [EnumConstantSyntax] {
        try expect("{")
        var constants: [EnumConstantSyntax] = []
        while !accept("}") {
            let name = try expectIdentifier("an enumerator name")
            var value: Expr?
            if accept("=") { value = try parseConditional() }
            constants.append(EnumConstantSyntax(name: name.text, location: name.location, value: value))
            if !accept(",") {
                try expect("}", "after the enumerators")
                break
            }
        }
        try expect(";", "after an enum")
        return constants
    }

    /// `__kpcheck_guard_class(name, constructor, destructor)` or `__kpcheck_guard_noop(name)`,
    /// what the KPKEYS_GUARD* macros expand to; the trailing `;` is optional as in the kernel.
    private func parseGuardClass() throws(DiagnosticError) -> GuardClassSyntax {
        let keyword = advance()
        try expect("(")
        let name = try expectIdentifier("a guard class name")
        var guardClass = GuardClassSyntax(name: name.text, location: keyword.location,
                                          constructor: Expr(kind: .integer(0, .int), location: keyword.location))
        if keyword.text == "__kpcheck_guard_class" {
            try expect(",")
            guardClass.constructor = try parseAssignment()
            try expect(",")
            guardClass.destructor = try parseAssignment()
        }
        try expect(")")
        _ = accept(";")
        return guardClass
    }

    private func parsePerCPU() throws(DiagnosticError) -> Declaration {
        let keyword = advance()
        try expect("(")
        let specifiers = try parseSpecifiers()
        let type = try parsePointers(specifiers.type)
        try expect(",")
        let name = try expectIdentifier("a per-CPU variable name")
        try expect(")")
        try expect(";", "after \(keyword.text)(...)")
        switch type {
        case .structure: throw error(.unsupported(.structValues), at: name.location)
        case .void: throw error(.voidVariable(name.text), at: name.location)
        case .pointer: throw error(.unsupported(.fileScopePointers), at: name.location)
        case .int: break
        }
        return .perCPU(name: name.text, type: type, location: name.location, isDefinition: keyword.text.hasPrefix("DEFINE"))
    }

    private func parseStaticKey() throws(DiagnosticError) -> Declaration {
        let keyword = advance()
        try expect("(")
        let name = try expectIdentifier("a static key name")
        try expect(")")
        try expect(";", "after \(keyword.text)(...)")
        return .staticKey(name: name.text, defaultValue: keyword.text.hasSuffix("TRUE"), location: name.location,
                          isDefinition: keyword.text.hasPrefix("DEFINE"))
    }
}
