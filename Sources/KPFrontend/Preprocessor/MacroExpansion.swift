import KPIR

extension Preprocessor {
    /// The tokens `next` yields, with macros expanded and rescanned. A token is not expanded
    /// by a macro in its hide set (the macros whose expansion produced it), so recursive
    /// macros stop, as in C.
    func expand(_ next: () throws(DiagnosticError) -> Token?) throws(DiagnosticError) -> [Token] {
        var output: [Token] = []
        // Tokens to scan before asking `next`; the last element comes first.
        var pending: [Token] = []
        func pull() throws(DiagnosticError) -> Token? {
            if let token = pending.popLast() { return token }
            return try next()
        }
        while let token = try pull() {
            guard token.kind == .identifier, let macro = macros[token.text], !token.hideSet.contains(token.text) else {
                output.append(token)
                continue
            }
            let hideSet = token.hideSet + [macro.name]
            guard let parameters = macro.parameters else {
                try pending.append(contentsOf: substitute(macro, at: token, arguments: [], hideSet: hideSet).reversed())
                continue
            }
            guard let open = try pull() else {
                output.append(token)
                break
            }
            guard open.isPunctuator("(") else {
                output.append(token)
                pending.append(open)
                continue
            }
            var arguments = try collectArguments(of: macro, at: token, pull)
            if parameters.isEmpty && arguments.count == 1 && arguments[0].isEmpty { arguments = [] }
            guard arguments.count == parameters.count else {
                throw DiagnosticError(PreprocessorError.macroArgumentCount(
                    name: macro.name, expected: parameters.count, given: arguments.count), at: token.location)
            }
            var expanded: [[Token]] = []
            for argument in arguments {
                var rest = argument[...]
                expanded.append(try expand { rest.popFirst() })
            }
            try pending.append(contentsOf: substitute(macro, at: token, arguments: expanded, hideSet: hideSet).reversed())
        }
        return output
    }

    /// The arguments of a function-like macro use, after its `(`, split at top-level commas.
    private func collectArguments(of macro: Macro, at use: Token, _ pull: () throws(DiagnosticError) -> Token?)
        throws(DiagnosticError) -> [[Token]] {
        var arguments: [[Token]] = [[]]
        var depth = 0
        while true {
            guard let token = try pull() else {
                throw DiagnosticError(PreprocessorError.unterminatedMacroCall(macro.name), at: use.location)
            }
            if token.isPunctuator("(") {
                depth += 1
            } else if token.isPunctuator(")") {
                if depth == 0 { return arguments }
                depth -= 1
            } else if token.isPunctuator(",") && depth == 0 {
                arguments.append([])
                continue
            }
            arguments[arguments.count - 1].append(token)
        }
    }

    /// The body of `macro` used at `use`: body tokens take the location of the use;
    /// argument tokens keep the location where they were written.
    private func substitute(_ macro: Macro, at use: Token, arguments: [[Token]], hideSet: [String])
        throws(DiagnosticError) -> [Token] {
        var result: [Token] = []
        for token in macro.body {
            if token.kind == .identifier, let parameters = macro.parameters, let index = parameters.firstIndex(of: token.text) {
                for var argumentToken in arguments[index] {
                    for name in hideSet where !argumentToken.hideSet.contains(name) { argumentToken.hideSet.append(name) }
                    argumentToken.atLineStart = false
                    result.append(argumentToken)
                }
            } else {
                var copy = token
                copy.location = use.location
                copy.hideSet = hideSet
                copy.atLineStart = false
                result.append(copy)
            }
        }
        state.expansionBudget -= result.count + 1
        if state.expansionBudget < 0 { throw DiagnosticError(PreprocessorError.expansionTooLarge(macro.name), at: use.location) }
        return result
    }
}
