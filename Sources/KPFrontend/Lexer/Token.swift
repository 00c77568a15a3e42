import KPIR

/// A preprocessing token of a model file, or of a macro expansion (then `location` is
/// where the macro was used).
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        case identifier
        /// A preprocessing number: an integer literal, or something the parser rejects.
        case number
        case punctuator
        case string
        case character
        /// A character that starts no token, or a literal missing its closing quote.
        case other
    }

    var kind: Kind
    var text: String
    var location: SourceLocation
    /// First token of a line: a `#` here starts a directive.
    var atLineStart: Bool
    /// Whitespace or a comment precedes the token (`#define F(x)` versus `#define F (x)`).
    var spaceBefore: Bool
    /// Macros whose expansion produced this token; they are not expanded again in it.
    var hideSet: [String] = []

    func isPunctuator(_ spelling: String) -> Bool { kind == .punctuator && text == spelling }
    func isIdentifier(_ name: String) -> Bool { kind == .identifier && text == name }

    /// How the token is quoted in messages.
    var quoted: String { "'\(text)'" }
}
