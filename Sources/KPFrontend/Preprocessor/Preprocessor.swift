import KPIR

/// The C preprocessor of the model language. One instance preprocesses the files of one
/// translation unit in order; macros persist from file to file.
final class Preprocessor {
    /// What persists from one file of the translation unit to the next.
    struct State: Sendable {
        var macros: [String: Macro] = [:]
        /// Lines of every file read, by display path, for diagnostics and traces.
        var sourceLines: [String: [String]] = [:]
        var onceFiles: Set<String> = []
        /// Tokens macro expansion may still produce: a bound that stops runaway expansions.
        var expansionBudget = 250_000
    }

    var state = State()
    /// Every file read (absolute path and text), in order.
    private(set) var filesRead: [(path: String, text: String)] = []
    private let provider: SourceProvider
    private var stack: [OpenFile] = []

    var macros: [String: Macro] {
        get { state.macros }
        set { state.macros = newValue }
    }

    var sourceLines: [String: [String]] { state.sourceLines }

    private struct OpenFile {
        var path: String
        var tokens: [Token]
        var index = 0
        var conditionals: [Conditional] = []

        var skipping: Bool { conditionals.last.map { $0.state != .taking } ?? false }
    }

    private struct Conditional {
        enum State { case taking, searching, done }
        var directive: String
        var location: SourceLocation
        var state: State
        var sawElse = false
    }

    /// `predefined` are object-like macros (`CONFIG_*`, option symbols, scenario params),
    /// each with the place that defines it (a manifest key).
    init(provider: SourceProvider, predefined: [(name: String, value: String, location: SourceLocation)])
        throws(DiagnosticError) {
        self.provider = provider
        state.macros = Self.preludeMacros
        for (name, value, location) in predefined {
            let lexer = Lexer(file: location.file, text: value)
            let body = try lexer.tokenize().map { token in
                var located = token
                located.location = location
                located.atLineStart = false
                return located
            }
            macros[name] = Macro(name: name, parameters: nil, body: body, location: location)
        }
    }

    /// The built-in macros of `Prelude`, defined once.
    private static let preludeMacros: [String: Macro] = {
        let preprocessor = Preprocessor(provider: SourceProvider.inMemory([:]))
        let tokens = (try? Lexer(file: Prelude.file, text: Prelude.text).tokenize()) ?? []
        for line in lines(of: tokens) { try? preprocessor.define(Array(line.dropFirst(2)), builtin: true) }
        return preprocessor.macros
    }()

    private init(provider: SourceProvider) {
        self.provider = provider
    }

    private static func lines(of tokens: [Token]) -> [ArraySlice<Token>] {
        var result: [ArraySlice<Token>] = []
        var start = 0
        for i in tokens.indices.dropFirst() where tokens[i].atLineStart {
            result.append(tokens[start..<i])
            start = i
        }
        if start < tokens.count { result.append(tokens[start...]) }
        return result
    }

    /// The tokens of the file at `path` (absolute), macros expanded, directives applied.
    func preprocess(file path: String) throws(DiagnosticError) -> [Token] {
        try push(path, from: nil, name: SourcePath.display(path))
        return try expand { () throws(DiagnosticError) in try self.nextRawToken() }
    }

    /// The body of each object-like macro defined by the model, fully expanded, for
    /// `Program.constants`.
    func objectLikeMacros() throws(DiagnosticError) -> [(name: String, tokens: [Token])] {
        var result: [(name: String, tokens: [Token])] = []
        for macro in macros.values.sorted(by: { $0.name < $1.name }) where macro.parameters == nil && !macro.isBuiltin {
            var body = macro.body[...]
            result.append((macro.name, try expand { body.popFirst() }))
        }
        return result
    }

    // MARK: Files

    private func push(_ path: String, from include: SourceLocation?, name: String) throws(DiagnosticError) {
        if state.onceFiles.contains(path) { return }
        let display = SourcePath.display(path)
        if stack.filter({ $0.path == path }).count >= 2 {
            let last = stack.lastIndex { $0.path == path } ?? 0
            let chain = stack[last...].map { SourcePath.display($0.path) } + [display]
            throw DiagnosticError(PreprocessorError.includeCycle(chain), at: include)
        }
        guard let text = provider.read(path) else {
            throw DiagnosticError(include == nil ? PreprocessorError.fileNotFound(name) : .includeNotFound(name), at: include)
        }
        filesRead.append((path, text))
        let lexed = try TokenCache.shared.lex(display, text)
        state.sourceLines[display] = lexed.lines
        stack.append(OpenFile(path: path, tokens: lexed.tokens))
    }

    /// The next token of an included line, running the directives met on the way.
    private func nextRawToken() throws(DiagnosticError) -> Token? {
        while let top = stack.indices.last {
            let file = stack[top]
            guard file.index < file.tokens.count else {
                if let open = file.conditionals.last {
                    throw DiagnosticError(PreprocessorError.unterminatedConditional(open.directive), at: open.location)
                }
                stack.removeLast()
                continue
            }
            let token = file.tokens[file.index]
            var end = file.index + 1
            if token.atLineStart && (token.isPunctuator("#") || file.skipping) {
                while end < file.tokens.count && !file.tokens[end].atLineStart { end += 1 }
                stack[top].index = end
                if token.isPunctuator("#") {
                    try directive(hash: token, Array(file.tokens[(file.index + 1)..<end]))
                }
                continue
            }
            stack[top].index = end
            return token
        }
        return nil
    }

    // MARK: Directives

    private func directive(hash: Token, _ line: [Token]) throws(DiagnosticError) {
        guard let name = line.first else { return }
        let rest = Array(line.dropFirst())
        let skipping = stack[stack.count - 1].skipping
        switch name.text {
        case "if", "ifdef", "ifndef":
            try openConditional(name, hash: hash, rest, skipping: skipping)
        case "elif":
            try elif(name, rest)
        case "else":
            try elseDirective(name)
        case "endif":
            guard stack[stack.count - 1].conditionals.popLast() != nil else {
                throw DiagnosticError(PreprocessorError.withoutIf("endif"), at: name.location)
            }
        case _ where skipping:
            return
        case "define":
            try define(rest, builtin: false, directive: name)
        case "undef":
            let macro = try macroName(rest, directive: name)
            if macros[macro.text]?.isBuiltin == true {
                throw DiagnosticError(PreprocessorError.builtinMacro(macro.text), at: macro.location)
            }
            macros[macro.text] = nil
        case "include":
            try include(name, rest)
        case "error":
            throw DiagnosticError(PreprocessorError.errorDirective(Self.spelling(rest)), at: name.location)
        case "pragma":
            guard rest.count == 1, rest[0].isIdentifier("once") else {
                throw DiagnosticError(PreprocessorError.unsupportedPragma, at: name.location)
            }
            state.onceFiles.insert(stack[stack.count - 1].path)
        default:
            throw DiagnosticError(PreprocessorError.unknownDirective(name.text), at: name.location)
        }
    }

    private static func spelling(_ tokens: [Token]) -> String {
        var text = ""
        for token in tokens {
            if token.spaceBefore && !text.isEmpty { text += " " }
            text += token.text
        }
        return text
    }

    private func macroName(_ rest: [Token], directive: Token) throws(DiagnosticError) -> Token {
        guard let name = rest.first else {
            throw DiagnosticError(PreprocessorError.macroNameMissing(directive: directive.text), at: directive.location)
        }
        guard name.kind == .identifier else {
            throw DiagnosticError(PreprocessorError.macroNameNotIdentifier(name.text), at: name.location)
        }
        if rest.count > 1 {
            throw DiagnosticError(PreprocessorError.extraTokens(directive: directive.text), at: rest[1].location)
        }
        return name
    }

    private func openConditional(_ name: Token, hash: Token, _ rest: [Token], skipping: Bool) throws(DiagnosticError) {
        var group = Conditional.State.done
        if !skipping {
            let taken = switch name.text {
            case "if": try evaluate(rest, directive: name)
            case "ifdef": macros[try macroName(rest, directive: name).text] != nil
            default: macros[try macroName(rest, directive: name).text] == nil
            }
            group = taken ? .taking : .searching
        }
        stack[stack.count - 1].conditionals.append(Conditional(directive: name.text, location: hash.location, state: group))
    }

    private func elif(_ name: Token, _ rest: [Token]) throws(DiagnosticError) {
        let top = stack.count - 1
        guard let open = stack[top].conditionals.last else {
            throw DiagnosticError(PreprocessorError.withoutIf("elif"), at: name.location)
        }
        if open.sawElse { throw DiagnosticError(PreprocessorError.afterElse("elif"), at: name.location) }
        switch open.state {
        case .taking: stack[top].conditionals[stack[top].conditionals.count - 1].state = .done
        case .searching:
            if try evaluate(rest, directive: name) {
                stack[top].conditionals[stack[top].conditionals.count - 1].state = .taking
            }
        case .done: break
        }
    }

    private func elseDirective(_ name: Token) throws(DiagnosticError) {
        let top = stack.count - 1
        guard let open = stack[top].conditionals.last else {
            throw DiagnosticError(PreprocessorError.withoutIf("else"), at: name.location)
        }
        if open.sawElse { throw DiagnosticError(PreprocessorError.afterElse("else"), at: name.location) }
        let last = stack[top].conditionals.count - 1
        stack[top].conditionals[last].sawElse = true
        stack[top].conditionals[last].state = open.state == .searching ? .taking : .done
    }

    /// `#if`/`#elif`: `defined` first, then macros, then every remaining identifier is 0.
    private func evaluate(_ tokens: [Token], directive: Token) throws(DiagnosticError) -> Bool {
        var resolved: [Token] = []
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            guard token.isIdentifier("defined") else {
                resolved.append(token)
                i += 1
                continue
            }
            let parenthesised = i + 1 < tokens.count && tokens[i + 1].isPunctuator("(")
            let nameIndex = i + (parenthesised ? 2 : 1)
            guard nameIndex < tokens.count, tokens[nameIndex].kind == .identifier,
                  !parenthesised || (nameIndex + 1 < tokens.count && tokens[nameIndex + 1].isPunctuator(")")) else {
                throw DiagnosticError(PreprocessorError.definedWithoutName, at: token.location)
            }
            var value = token
            value.kind = .number
            value.text = macros[tokens[nameIndex].text] == nil ? "0" : "1"
            resolved.append(value)
            i = nameIndex + (parenthesised ? 2 : 1)
        }
        var remaining = resolved[...]
        let expanded = try expand { remaining.popFirst() }.map { token in
            guard token.kind == .identifier, token.text != "true", token.text != "false" else { return token }
            var zero = token
            zero.kind = .number
            zero.text = "0"
            return zero
        }
        return try ConditionEvaluator.evaluate(expanded, directive: directive)
    }

    private func include(_ name: Token, _ rest: [Token]) throws(DiagnosticError) {
        guard let first = rest.first else {
            throw DiagnosticError(PreprocessorError.includeExpectsFileName, at: name.location)
        }
        if first.isPunctuator("<") {
            let inner = rest.dropFirst().prefix { !$0.isPunctuator(">") }
            let file = inner.enumerated().map { $0.offset > 0 && $0.element.spaceBefore ? " " + $0.element.text : $0.element.text }
            throw DiagnosticError(PreprocessorError.angleInclude(file.joined()), at: first.location)
        }
        guard first.kind == .string else {
            throw DiagnosticError(PreprocessorError.includeExpectsFileName, at: first.location)
        }
        if rest.count > 1 { throw DiagnosticError(PreprocessorError.extraTokens(directive: "include"), at: rest[1].location) }
        let relative = String(first.text.dropFirst().dropLast())
        let including = stack[stack.count - 1].path
        try push(SourcePath.join(SourcePath.directory(of: including), relative), from: first.location, name: relative)
    }

    private func define(_ rest: [Token], builtin: Bool, directive: Token? = nil) throws(DiagnosticError) {
        guard let name = rest.first else {
            throw DiagnosticError(PreprocessorError.macroNameMissing(directive: "define"), at: directive?.location)
        }
        guard name.kind == .identifier else {
            throw DiagnosticError(PreprocessorError.macroNameNotIdentifier(name.text), at: name.location)
        }
        var index = 1
        var parameters: [String]?
        if index < rest.count && rest[index].isPunctuator("(") && !rest[index].spaceBefore {
            parameters = try parameterList(rest, &index)
        }
        let body = Array(rest[index...])
        for token in body {
            if token.isPunctuator("##") { throw DiagnosticError(PreprocessorError.tokenPasting, at: token.location) }
            if token.isPunctuator("#") && parameters != nil {
                throw DiagnosticError(PreprocessorError.stringizing, at: token.location)
            }
        }
        let macro = Macro(name: name.text, parameters: parameters, body: body, location: name.location, isBuiltin: builtin)
        if let previous = macros[name.text] {
            if previous.isBuiltin { throw DiagnosticError(PreprocessorError.builtinMacro(name.text), at: name.location) }
            if !previous.sameDefinition(as: macro) {
                throw DiagnosticError(PreprocessorError.macroRedefined(name.text), at: name.location,
                                      notes: [Diagnostic("previous definition of '\(name.text)' is here", at: previous.location)])
            }
        }
        macros[name.text] = macro
    }

    /// `(a, b)` right after a function-like macro's name; `index` ends after the `)`.
    private func parameterList(_ tokens: [Token], _ index: inout Int) throws(DiagnosticError) -> [String] {
        var parameters: [String] = []
        index += 1
        if index < tokens.count && tokens[index].isPunctuator(")") {
            index += 1
            return parameters
        }
        while true {
            guard index < tokens.count else {
                throw DiagnosticError(PreprocessorError.badParameterList, at: tokens[index - 1].location)
            }
            let token = tokens[index]
            if token.isPunctuator("...") { throw DiagnosticError(PreprocessorError.variadicMacro, at: token.location) }
            guard token.kind == .identifier else {
                throw DiagnosticError(PreprocessorError.badParameterList, at: token.location)
            }
            if parameters.contains(token.text) {
                throw DiagnosticError(PreprocessorError.duplicateParameter(token.text), at: token.location)
            }
            parameters.append(token.text)
            index += 1
            guard index < tokens.count else {
                throw DiagnosticError(PreprocessorError.badParameterList, at: token.location)
            }
            if tokens[index].isPunctuator(")") {
                index += 1
                return parameters
            }
            guard tokens[index].isPunctuator(",") else {
                throw DiagnosticError(PreprocessorError.badParameterList, at: tokens[index].location)
            }
            index += 1
        }
    }
}
