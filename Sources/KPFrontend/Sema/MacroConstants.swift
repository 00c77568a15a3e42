import KPIR

/// `Program.constants`: every object-like macro whose expansion is an integer constant
/// expression (casts to the model's types allowed), and every enumerator.
enum MacroConstants {
    static func evaluate(_ macros: [(name: String, tokens: [Token])], typedefs parser: Parser,
                         environment: SemanticEnvironment, enumConstants: [(name: String, value: UInt64)]) -> [String: UInt64] {
        var constants: [String: UInt64] = [:]
        for constant in enumConstants { constants[constant.name] = constant.value }
        for (name, tokens) in macros {
            guard let last = tokens.last else { continue }
            let expressionParser = Parser(typedefs: parser.typedefs)
            let checker = BodyChecker(environment: environment, functionName: name)
            // A macro that is not a constant (a statement, a call) is simply not listed.
            guard let expression = try? expressionParser.parseStandaloneExpression(tokens, end: last.location),
                  let value = try? checker.constant(expression, name) else { continue }
            constants[name] = value.value
        }
        return constants
    }
}
