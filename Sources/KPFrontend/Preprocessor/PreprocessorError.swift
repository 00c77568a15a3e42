import KPIR

enum PreprocessorError: UserError {
    case unknownDirective(String)
    case unsupportedPragma
    case macroNameMissing(directive: String)
    case macroNameNotIdentifier(String)
    case extraTokens(directive: String)
    case badParameterList
    case duplicateParameter(String)
    case variadicMacro
    case tokenPasting
    case stringizing
    case macroRedefined(String)
    case builtinMacro(String)
    case unterminatedMacroCall(String)
    case macroArgumentCount(name: String, expected: Int, given: Int)
    case expansionTooLarge(String)
    case includeExpectsFileName
    case angleInclude(String)
    case includeNotFound(String)
    case fileNotFound(String)
    case includeCycle([String])
    case unterminatedConditional(String)
    case withoutIf(String)
    case afterElse(String)
    case errorDirective(String)
    case definedWithoutName
    case invalidCondition(String)

    var description: String {
        switch self {
        case .unknownDirective(let name): "unknown preprocessor directive '#\(name)'"
        case .unsupportedPragma: "only '#pragma once' is supported by the kpcheck model language"
        case .macroNameMissing(let directive): "macro name missing in #\(directive)"
        case .macroNameNotIdentifier(let text): "macro name must be an identifier, not '\(text)'"
        case .extraTokens(let directive): "extra tokens at end of #\(directive) directive"
        case .badParameterList: "expected a parameter name, ',' or ')' in macro parameter list"
        case .duplicateParameter(let name): "duplicate macro parameter '\(name)'"
        case .variadicMacro: "variadic macros are not supported by the kpcheck model language"
        case .tokenPasting: "token pasting ('##') is not supported by the kpcheck model language"
        case .stringizing: "stringizing ('#' in a macro body) is not supported by the kpcheck model language"
        case .macroRedefined(let name): "macro '\(name)' redefined with a different body (#undef it first)"
        case .builtinMacro(let name): "'\(name)' is built into kpcheck and cannot be redefined or undefined"
        case .unterminatedMacroCall(let name): "unterminated argument list invoking macro '\(name)'"
        case .macroArgumentCount(let name, let expected, let given):
            "macro '\(name)' expects \(expected) argument\(expected == 1 ? "" : "s"), but \(given) \(given == 1 ? "was" : "were") given"
        case .expansionTooLarge(let name): "expansion of macro '\(name)' is too large (a recursive macro?)"
        case .includeExpectsFileName: "#include expects \"FILENAME\""
        case .angleInclude(let name): "#include <\(name)>: system headers are not part of the model; use #include \"relative/path.h\""
        case .includeNotFound(let name): "include file '\(name)' not found"
        case .fileNotFound(let name): "file '\(name)' not found"
        case .includeCycle(let chain): "#include cycle: \(chain.joined(separator: " → "))"
        case .unterminatedConditional(let directive): "unterminated #\(directive): no matching #endif"
        case .withoutIf(let directive): "#\(directive) without #if"
        case .afterElse(let directive): "#\(directive) after #else"
        case .errorDirective(let message): "#error \(message)"
        case .definedWithoutName: "'defined' must be followed by a macro name"
        case .invalidCondition(let why): "invalid #if expression: \(why)"
        }
    }
}
