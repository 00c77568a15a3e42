import KPIR

enum SemanticError: UserError {
    case unknownIdentifier(String)
    case unknownFunction(String)
    case unknownStruct(String)
    case unknownField(field: String, structure: String)
    case unknownGuardClass(String)
    case unknownStaticKey(String)
    case argumentCount(function: String, expected: Int, given: Int)
    case incompatible(from: CType, to: CType, context: String)
    case invalidOperands(String, CType, CType)
    case invalidOperand(String, CType)
    case voidValue
    case notAssignable
    case notAFunction(String)
    case functionAsValue(String)
    case perCPUDirectAccess(String)
    case notAPerCPUVariable(String)
    case staticKeyAsValue(String)
    case staticBranchArgument(String)
    case sysregArgument(String)
    case dsbArgument(String)
    case readingPgtableEntry
    case dereferenceNonPointer(CType)
    case memberOfNonStruct(field: String, type: String)
    case arrowOnNonPointer(String)
    case dotOnPointer(String)
    case structValue(String)
    case returnValueFromVoid(String)
    case missingReturnValue(String)
    case controlReachesEnd(String)
    case breakOutsideLoop(String)
    case redefinition(String)
    case kindRedefinition(String)
    case builtinRedefined(String)
    case declaredNotDefined(kind: String, name: String)
    case recursion([String])
    case structContainsItself(String)
    case notConstant(String)
    case guardInExpression
    case functionTooLarge(String)

    var description: String {
        switch self {
        case .unknownIdentifier(let name): "unknown identifier '\(name)'"
        case .unknownFunction(let name): "unknown function '\(name)'"
        case .unknownStruct(let name): "unknown struct '\(name)'"
        case .unknownField(let field, let structure): "struct \(structure) has no field named '\(field)'"
        case .unknownGuardClass(let name): "unknown guard class '\(name)'"
        case .unknownStaticKey(let name): "unknown static key '\(name)'"
        case .argumentCount(let function, let expected, let given):
            "'\(function)' expects \(expected) argument\(expected == 1 ? "" : "s"), but \(given) \(given == 1 ? "was" : "were") given"
        case .incompatible(let from, let to, let context): "cannot convert '\(from)' to '\(to)' \(context)"
        case .invalidOperands(let op, let left, let right): "invalid operands to '\(op)' ('\(left)' and '\(right)')"
        case .invalidOperand(let op, let type): "invalid operand to '\(op)' ('\(type)')"
        case .voidValue: "a void value cannot be used"
        case .notAssignable: "expression is not assignable"
        case .notAFunction(let name): "called object '\(name)' is not a function"
        case .functionAsValue(let name): "function '\(name)' used as a value: \(UnsupportedConstruct.functionPointers)"
        case .perCPUDirectAccess(let name): "per-CPU variable '\(name)' must be accessed with this_cpu_read/this_cpu_write"
        case .notAPerCPUVariable(let name): "'\(name)' is not a per-CPU variable (DEFINE_PER_CPU)"
        case .staticKeyAsValue(let name): "static key '\(name)' must be tested with static_branch_likely/unlikely(&\(name))"
        case .staticBranchArgument(let function): "\(function) expects '&key' naming a static key"
        case .sysregArgument(let found): "unsupported system register '\(found)': only SYS_POR_EL1 is modelled"
        case .dsbArgument(let found):
            "dsb() expects one of \(DSBKind.allCases.map(\.rawValue).joined(separator: ", ")), not '\(found)'"
        case .readingPgtableEntry: "reading page-table entries is not modelled"
        case .dereferenceNonPointer(let type): "indirection requires a page-table pointer operand ('\(type)' invalid)"
        case .memberOfNonStruct(let field, let type): "member reference '\(field)' on '\(type)', which is not a structure"
        case .arrowOnNonPointer(let type): "'->' needs a pointer to struct task_struct or struct pt_regs, not '\(type)'"
        case .dotOnPointer(let type): "'\(type)' is a pointer; use '->'"
        case .structValue(let path): "'\(path)' is a struct: \(UnsupportedConstruct.structValues)"
        case .returnValueFromVoid(let function): "void function '\(function)' should not return a value"
        case .missingReturnValue(let function): "non-void function '\(function)' should return a value"
        case .controlReachesEnd(let function): "control reaches end of non-void function '\(function)'"
        case .breakOutsideLoop(let statement): "'\(statement)' statement not in a loop"
        case .redefinition(let name): "redefinition of '\(name)'"
        case .kindRedefinition(let name): "redefinition of '\(name)' as a different kind of symbol"
        case .builtinRedefined(let name): "'\(name)' is a kpcheck built-in and cannot be redefined"
        case .declaredNotDefined(let kind, let name): "\(kind) '\(name)' is declared but never defined"
        case .recursion(let cycle): "recursion is not supported: \(cycle.joined(separator: " → "))"
        case .structContainsItself(let name): "struct \(name) contains itself"
        case .guardInExpression: "guard(name)(); and scoped_guard(name) are statements, not expressions"
        case .notConstant(let what): "\(what) must be an integer constant expression"
        case .functionTooLarge(let name): "function '\(name)' needs more than 65535 registers"
        }
    }
}
