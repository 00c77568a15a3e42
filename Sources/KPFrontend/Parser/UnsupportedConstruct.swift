/// C constructs outside the model language. Each is reported as
/// "X is not supported by the kpcheck model language" where it is written.
enum UnsupportedConstruct: Sendable, CustomStringConvertible {
    case goto
    case labels
    case switchStatements
    case inlineAssembly
    case sizeof
    case typeof
    case attributes
    case arrays
    case unions
    case initializerLists
    case stringLiterals
    case characterLiterals
    case floatingPoint
    case functionPointers
    case variadicFunctions
    case commaOperator
    case statementExpressions
    case staticLocals
    case structTypedefs
    case structValues
    case pointerFields
    case bitFields
    case fileScopePointers
    case pointersToPointers
    case pointer(to: String)
    case pointerArithmetic
    case addressOf

    var description: String {
        let (what, plural): (String, Bool) = switch self {
        case .goto: ("goto", false)
        case .labels: ("labels", true)
        case .switchStatements: ("switch statements", true)
        case .inlineAssembly: ("inline assembly", false)
        case .sizeof: ("sizeof", false)
        case .typeof: ("typeof", false)
        case .attributes: ("__attribute__", false)
        case .arrays: ("arrays", true)
        case .unions: ("unions", true)
        case .initializerLists: ("initializer lists", true)
        case .stringLiterals: ("string literals", true)
        case .characterLiterals: ("character literals", true)
        case .floatingPoint: ("floating-point numbers", true)
        case .functionPointers: ("function pointers", true)
        case .variadicFunctions: ("variadic functions", true)
        case .commaOperator: ("the comma operator", false)
        case .statementExpressions: ("statement expressions", true)
        case .staticLocals: ("static local variables", true)
        case .structTypedefs: ("typedefs of structs", true)
        case .structValues: ("struct-typed values (a struct may only be a field of another struct)", true)
        case .pointerFields: ("pointer fields in structs", true)
        case .bitFields: ("bit-fields", true)
        case .fileScopePointers: ("pointer variables at file scope", true)
        case .pointersToPointers: ("pointers to pointers", true)
        case .pointer(let target): ("pointers to '\(target)' (only to page-table entries, struct task_struct and struct pt_regs)", true)
        case .pointerArithmetic: ("pointer arithmetic", false)
        case .addressOf: ("taking an address with '&' (except in static_branch_likely/unlikely(&key))", false)
        }
        return "\(what) \(plural ? "are" : "is") not supported by the kpcheck model language"
    }
}
