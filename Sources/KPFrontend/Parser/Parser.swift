import KPIR

/// A recursive-descent parser of the model language. One parser reads the files of a
/// translation unit in order, keeping the typedefs it has seen.
final class Parser {
    var typedefs: [String: TypeName] = [:]
    var tokens: [Token] = []
    var index = 0
    var endLocation = SourceLocation(file: "", line: 1, column: 1)
    /// Current nesting of statements and expressions, bounded so that no input makes the
    /// parser or the later recursive stages overflow a thread's stack.
    var depth = 0
    static let maximumDepth = 120

    /// A type as the declaration specifiers give it, before `*`s. `pgtableLevel` remembers
    /// that `pte_t` (a u64 value) was written, so that `pte_t *` is a page-table pointer.
    struct TypeName: Sendable, Equatable {
        var type: CType
        var pgtableLevel: PTLevel?
        var spelling: String
    }

    init(typedefs: [String: TypeName] = [:]) {
        self.typedefs = typedefs
    }

    /// The declarations of one file's tokens.
    func parseFile(_ tokens: [Token], file: String) throws(DiagnosticError) -> [Declaration] {
        self.tokens = tokens
        index = 0
        if let last = tokens.last {
            endLocation = SourceLocation(file: last.location.file, line: last.location.line,
                                         column: last.location.column + last.text.utf8.count)
        } else {
            endLocation = SourceLocation(file: file, line: 1, column: 1)
        }
        var declarations: [Declaration] = []
        while index < tokens.count {
            try parseExternalDeclaration(into: &declarations)
        }
        return declarations
    }

    /// Parses a whole token sequence as one expression (`#if` lines, macro constants).
    func parseStandaloneExpression(_ tokens: [Token], end: SourceLocation) throws(DiagnosticError) -> Expr {
        self.tokens = tokens
        index = 0
        endLocation = end
        let expression = try parseExpression()
        if let extra = peek { throw error(.expected("end of expression", found: extra.quoted), at: extra.location) }
        return expression
    }

    func define(typedef name: String, as type: TypeName, at location: SourceLocation) throws(DiagnosticError) {
        if let previous = typedefs[name], previous.type != type.type || previous.pgtableLevel != type.pgtableLevel {
            throw error(.conflictingTypedef(name), at: location)
        }
        typedefs[name] = type
    }

    // MARK: Token cursor

    var peek: Token? { index < tokens.count ? tokens[index] : nil }

    func peek(_ offset: Int) -> Token? { index + offset < tokens.count ? tokens[index + offset] : nil }

    var location: SourceLocation { peek?.location ?? endLocation }

    var foundDescription: String { peek.map(\.quoted) ?? "end of file" }

    func advance() -> Token {
        let token = tokens[index]
        index += 1
        return token
    }

    func check(_ punctuator: String) -> Bool {
        index < tokens.count && tokens[index].kind == .punctuator && tokens[index].text == punctuator
    }

    func checkIdentifier(_ name: String) -> Bool {
        index < tokens.count && tokens[index].kind == .identifier && tokens[index].text == name
    }

    func accept(_ punctuator: String) -> Bool {
        guard check(punctuator) else { return false }
        index += 1
        return true
    }

    @discardableResult
    func expect(_ punctuator: String, _ context: String = "") throws(DiagnosticError) -> Token {
        guard check(punctuator) else {
            throw error(.expected("'\(punctuator)'\(context.isEmpty ? "" : " " + context)", found: foundDescription), at: location)
        }
        return advance()
    }

    func expectIdentifier(_ what: String) throws(DiagnosticError) -> Token {
        guard let token = peek, token.kind == .identifier, !Self.keywords.contains(token.text) else {
            throw error(.expected(what, found: foundDescription), at: location)
        }
        return advance()
    }

    func error(_ error: SyntaxError, at location: SourceLocation) -> DiagnosticError {
        DiagnosticError(error, at: location)
    }

    func enterNesting() throws(DiagnosticError) {
        depth += 1
        if depth > Self.maximumDepth { throw error(.nestingTooDeep, at: location) }
    }

    /// Words that cannot name a variable or function.
    static let keywords: Set<String> = [
        "typedef", "struct", "union", "enum", "static", "extern", "inline", "const", "volatile",
        "if", "else", "while", "do", "for", "break", "continue", "return", "goto", "switch", "case", "default",
        "sizeof", "asm", "__asm__", "true", "false", "NULL", "void", "bool", "_Bool", "char", "short", "int",
        "long", "signed", "unsigned",
    ]
}
