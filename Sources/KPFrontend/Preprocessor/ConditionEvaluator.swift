import KPIR

/// The value of a `#if`/`#elif` line after `defined` and macros are replaced: parsed as a
/// C expression and folded with `intmax_t` arithmetic.
enum ConditionEvaluator {
    static func evaluate(_ tokens: [Token], directive: Token) throws(DiagnosticError) -> Bool {
        guard !tokens.isEmpty else {
            throw DiagnosticError(PreprocessorError.invalidCondition("no expression"), at: directive.location)
        }
        var environment = SemanticEnvironment()
        environment.preprocessorArithmetic = true
        let checker = BodyChecker(environment: environment, functionName: "#\(directive.text)")
        do {
            let parser = Parser()
            let expression = try parser.parseStandaloneExpression(tokens, end: directive.location)
            return try checker.constant(expression, "a #\(directive.text) condition").value != 0
        } catch {
            let first = error.diagnostics.first
            throw DiagnosticError(PreprocessorError.invalidCondition(first?.message ?? ""), at: first?.location ?? directive.location)
        }
    }
}
