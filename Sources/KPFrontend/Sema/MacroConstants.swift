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
            // Most constants are a single literal: no need to parse and check them.
            if tokens.count == 1, tokens[0].kind == .number, case .success(let (value, _)) = IntegerLiteral.parse(tokens[0].text) {
                constants[name] = value
                continue
            }
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
