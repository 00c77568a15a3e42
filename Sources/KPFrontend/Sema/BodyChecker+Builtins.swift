import KPIR

/// Calls of the kernel names the machine implements (see `BuiltinCatalog`).
extension BodyChecker {
    func checkBuiltin(_ form: BuiltinCatalog.Form, _ name: String, _ arguments: [Expr], at location: SourceLocation)
        throws(DiagnosticError) -> TypedExpr {
        switch form {
        case .machine(let builtin, let parameters, let result):
            var checked: [TypedExpr] = []
            for (position, (argument, parameter)) in zip(arguments, parameters).enumerated() {
                checked.append(try converted(try value(argument), to: parameter, "in argument \(position + 1) of '\(name)'"))
            }
            return TypedExpr(kind: .builtin(builtin, checked), type: result, location: location)
        case .assertion(let kind):
            let condition = try value(arguments[0])
            return TypedExpr(kind: .assertion(kind, condition), type: .int(.int), location: location)
        case .passThrough:
            return try value(arguments[0])
        case .writeOnce:
            if case .unary(.dereference, let pointer) = arguments[0].kind {
                return try pgtableStore(pointer, arguments[1], at: location)
            }
            let place = try checkPlace(arguments[0])
            let stored = try converted(try value(arguments[1]), to: place.type, "in \(name)")
            return TypedExpr(kind: .assign(place, stored), type: .void, location: location)
        case .readSysreg:
            try requirePOR(arguments[0])
            return TypedExpr(kind: .builtin(.readPOR, []), type: .int(.u64), location: location)
        case .writeSysreg:
            try requirePOR(arguments[1])
            let written = try converted(try value(arguments[0]), to: .int(.u64), "in argument 1 of '\(name)'")
            return TypedExpr(kind: .builtin(.writePOR, [written]), type: .void, location: location)
        case .dsb:
            guard case .name(let option) = arguments[0].kind, let kind = DSBKind(rawValue: option) else {
                throw DiagnosticError(SemanticError.dsbArgument(Self.spelling(arguments[0])), at: arguments[0].location)
            }
            return TypedExpr(kind: .builtin(.dsb(kind), []), type: .void, location: location)
        case .staticBranch:
            guard case .unary(.addressOf, let operand) = arguments[0].kind, case .name(let key) = operand.kind else {
                throw DiagnosticError(SemanticError.staticBranchArgument(name), at: arguments[0].location)
            }
            guard let enabled = environment.staticKeys[key] else {
                throw DiagnosticError(SemanticError.unknownStaticKey(key), at: operand.location)
            }
            referenced.insert(key)
            return TypedExpr(kind: .constant(enabled ? 1 : 0), type: .int(.bool), location: location)
        case .thisCPURead:
            let (index, type) = try perCPUVariable(arguments[0])
            return TypedExpr(kind: .load(Place(kind: .perCPU(index), type: .int(type), location: location)),
                             type: .int(type), location: location)
        case .thisCPUWrite:
            let (index, type) = try perCPUVariable(arguments[0])
            let place = Place(kind: .perCPU(index), type: .int(type), location: location)
            let stored = try converted(try value(arguments[1]), to: .int(type), "in \(name)")
            return TypedExpr(kind: .assign(place, stored), type: .void, location: location)
        case .supportsPOE:
            return TypedExpr(kind: .constant(environment.poe ? 1 : 0), type: .int(.bool), location: location)
        case .guardStatement:
            throw DiagnosticError(SemanticError.guardInExpression, at: location)
        }
    }

    private func requirePOR(_ argument: Expr) throws(DiagnosticError) {
        guard case .name("SYS_POR_EL1") = argument.kind else {
            throw DiagnosticError(SemanticError.sysregArgument(Self.spelling(argument)), at: argument.location)
        }
    }

    private func perCPUVariable(_ argument: Expr) throws(DiagnosticError) -> (Int, IntType) {
        guard case .name(let name) = argument.kind, let variable = environment.perCPU[name] else {
            if case .name(let name) = argument.kind, environment.undefinedPerCPU.contains(name) {
                throw DiagnosticError(SemanticError.declaredNotDefined(kind: "per-CPU variable", name: name), at: argument.location)
            }
            throw DiagnosticError(SemanticError.notAPerCPUVariable(Self.spelling(argument)), at: argument.location)
        }
        referenced.insert(name)
        return variable
    }

    /// A short rendering of a built-in's argument for messages.
    private static func spelling(_ expression: Expr) -> String {
        switch expression.kind {
        case .name(let name): name
        case .integer(let value, _): String(value)
        default: "expression"
        }
    }
}
