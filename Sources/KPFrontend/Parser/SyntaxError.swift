import KPIR

enum SyntaxError: UserError {
    case expected(String, found: String)
    case unsupported(UnsupportedConstruct)
    case invalidIntegerLiteral(String)
    case integerLiteralTooLarge(String)
    case unexpectedCharacter(String)
    case missingQuote
    case invalidTypeSpecifiers(String)
    case voidVariable(String)
    case conflictingTypedef(String)
    case nestingTooDeep
    case guardClassInFunction
    case guardTakesNoArguments(String)
    case notAFunction
    case unknownTypeName(String)

    var description: String {
        switch self {
        case .expected(let what, let found): "expected \(what), found \(found)"
        case .unsupported(let construct): construct.description
        case .invalidIntegerLiteral(let text): "invalid integer literal '\(text)'"
        case .integerLiteralTooLarge(let text): "integer literal '\(text)' does not fit in 64 bits"
        case .unexpectedCharacter(let text): "unexpected character '\(text)'"
        case .missingQuote: "missing terminating quote"
        case .invalidTypeSpecifiers(let text): "invalid combination of type specifiers '\(text)'"
        case .voidVariable(let name): "variable '\(name)' declared void"
        case .conflictingTypedef(let name): "conflicting types for typedef '\(name)'"
        case .nestingTooDeep: "nesting is too deep"
        case .guardClassInFunction: "guard classes must be defined at file scope"
        case .guardTakesNoArguments(let name): "guard class '\(name)' takes no arguments"
        case .unknownTypeName(let name): "unknown type name '\(name)'"
        case .notAFunction: "only a function name can be called: \(UnsupportedConstruct.functionPointers)"
        }
    }
}
