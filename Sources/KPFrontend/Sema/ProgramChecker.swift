import KPIR

/// The checked translation unit, ready to lower.
struct CheckedProgram: Sendable {
    var functions: [CheckedFunction]
    var guardClasses: [CheckedGuardClass]
    var environment: SemanticEnvironment
    var globals: [Field]
    var perCPU: [Field]
    var enumConstants: [(name: String, value: UInt64)]
    var structs: [StructDecl]
    /// Definitions of override files that nothing uses.
    var warnings: [BuildWarning]
}

/// Checks a linked translation unit: struct layouts, constants, guard classes, every
/// function body, then the whole-program rules (no recursion; override definitions
/// nothing uses are warned about).
enum ProgramChecker {
    /// `staticKeys` are the variant's values, already validated against the program's keys;
    /// `entryPoints` are functions the scenario or the machine calls by name.
    static func check(_ linked: LinkedProgram, staticKeys: [String: Bool], poe: Bool, entryPoints: [String])
        throws(DiagnosticError) -> CheckedProgram {
        var environment = SemanticEnvironment()
        environment.poe = poe
        environment.staticKeys = linked.staticKeys.merging(staticKeys) { _, variant in variant }
        environment.undefinedFunctions = linked.undefinedFunctions
        environment.undefinedGlobals = linked.undefinedGlobals
        environment.undefinedPerCPU = linked.undefinedPerCPU

        for structure in linked.structs { environment.structs[structure.name] = structure }
        try StructLayout.validate(linked.structs, byName: environment.structs)
        environment.task = StructLayout(root: "task_struct", byName: environment.structs)
        environment.regs = StructLayout(root: "pt_regs", byName: environment.structs)

        let enumConstants = try checkEnumConstants(linked.enumConstants, &environment)
        let globals = try checkGlobals(linked.globals, &environment)
        var perCPU: [Field] = []
        for (index, variable) in linked.perCPU.enumerated() {
            let type = variable.type.integer ?? .u64
            environment.perCPU[variable.name] = (index, type)
            perCPU.append(Field(name: variable.name, type: type, location: variable.location))
        }
        for (index, guardClass) in linked.guardClasses.enumerated() { environment.guardClasses[guardClass.name] = index }
        for (index, function) in linked.functions.enumerated() {
            environment.functions[function.name] = SemanticEnvironment.Signature(
                index: index, returnType: function.returnType, parameters: function.parameters.map(\.type))
        }

        var referenced = Set(entryPoints).union(environment.task.structNames).union(environment.regs.structNames)
        var guardClasses: [CheckedGuardClass] = []
        for guardClass in linked.guardClasses {
            let checker = BodyChecker(environment: environment, functionName: guardClass.name)
            let constructor = try checker.converted(try checker.value(guardClass.constructor), to: .int(.u64),
                                                    "in the constructor of guard class '\(guardClass.name)'")
            checker.allowsGuardValue = true
            let destructor = try guardClass.destructor.map { (expression: Expr) throws(DiagnosticError) in
                try checker.check(expression)
            }
            referenced.formUnion(checker.referenced)
            guardClasses.append(CheckedGuardClass(name: guardClass.name, location: guardClass.location, constructor: constructor,
                                                  destructor: destructor, calls: checker.calls))
        }

        var functions: [CheckedFunction] = []
        var guardUses: [[(guardClass: Int, location: SourceLocation)]] = []
        for function in linked.functions {
            let (checked, checker) = try checkFunction(function, environment)
            functions.append(checked)
            guardUses.append(checker.guardUses)
            referenced.formUnion(checker.referenced)
        }
        for (index, uses) in guardUses.enumerated() {
            for use in uses {
                functions[index].calls += guardClasses[use.guardClass].calls.map { ($0.function, use.location) }
            }
        }
        try RecursionCheck.run(functions)
        let structs = linked.structs.map { StructDecl(name: $0.name, location: $0.location, fields: $0.fields.map(\.name)) }
        return CheckedProgram(functions: functions, guardClasses: guardClasses, environment: environment, globals: globals,
                              perCPU: perCPU, enumConstants: enumConstants, structs: structs,
                              warnings: UnusedOverrides.warnings(linked, referenced: referenced))
    }

    private static func checkEnumConstants(_ constants: [EnumConstantSyntax], _ environment: inout SemanticEnvironment)
        throws(DiagnosticError) -> [(name: String, value: UInt64)] {
        var result: [(name: String, value: UInt64)] = []
        var next: UInt64 = 0
        for constant in constants {
            var value = next, type = IntType.int
            if let expression = constant.value {
                let checker = BodyChecker(environment: environment, functionName: constant.name)
                (value, type) = try checker.constant(expression, "the value of enumerator '\(constant.name)'")
            }
            environment.enumConstants[constant.name] = (value, type.promoted)
            result.append((constant.name, value))
            next = value &+ 1
        }
        return result
    }

    private static func checkGlobals(_ globals: [VariableSyntax], _ environment: inout SemanticEnvironment)
        throws(DiagnosticError) -> [Field] {
        var fields: [Field] = []
        for (index, global) in globals.enumerated() {
            let type = global.type.integer ?? .u64
            var initial: UInt64 = 0
            if let initializer = global.initializer {
                let checker = BodyChecker(environment: environment, functionName: global.name)
                let (value, valueType) = try checker.constant(initializer, "the initialiser of '\(global.name)'")
                initial = checker.cast(TypedExpr(kind: .constant(value), type: .int(valueType), location: global.location),
                                       to: type).constantValue ?? 0
            }
            environment.globals[global.name] = (index, type)
            fields.append(Field(name: global.name, type: type, location: global.location, initial: initial))
        }
        return fields
    }

    private static func checkFunction(_ function: FunctionSyntax, _ environment: SemanticEnvironment)
        throws(DiagnosticError) -> (CheckedFunction, BodyChecker) {
        let checker = BodyChecker(environment: environment, functionName: function.name)
        checker.returnType = function.returnType
        var parameters: [Parameter] = []
        for (position, parameter) in function.parameters.enumerated() {
            let name = parameter.name ?? "arg\(position + 1)"
            if parameter.name != nil {
                _ = try checker.declareVariable(name, type: parameter.type, at: parameter.location)
            } else {
                _ = checker.addHiddenVariable(name, type: parameter.type, at: parameter.location)
            }
            parameters.append(Parameter(name: name, type: parameter.type.valueType))
        }
        guard let body = function.body, case .block(_, let end) = body.kind else {
            throw DiagnosticError(SemanticError.declaredNotDefined(kind: "function", name: function.name), at: function.location)
        }
        let statements = try checker.checkFunctionBody(body)
        let checked = CheckedFunction(name: function.name, location: function.location, returnType: function.returnType,
                                      parameters: parameters, variables: checker.variables, body: statements, end: end,
                                      calls: checker.calls)
        return (checked, checker)
    }
}
