/// The answer to a question about terms. `unknown` means Z3 timed out or failed.
public enum Truth: Sendable {
    case yes, no, unknown
}

/// A question Z3 answered, kept so that `kpcheck prove` can write it out and
/// anyone can re-check it with the `z3` command line.
public struct Obligation: Sendable {
    public enum Kind: String, Sendable {
        /// Is the condition non-zero under every assignment satisfying the assumption?
        case validity
        /// Is the condition non-zero under some assignment satisfying the assumption?
        case satisfiability
    }

    public var purpose: String
    public var kind: Kind
    public var expected: Truth
    /// What `z3` prints for `smtlib`: "sat", "unsat", or "unknown".
    public var expectedZ3Answer: String
    /// The question, in the terms of `terms`: rendered only when asked for (`kpcheck
    /// prove`, tests), since most runs never read it (rendering every question took 4.5%
    /// of the default job). Terms are never changed once made, so the text is the same
    /// whenever it is rendered.
    let condition: TermID
    let assumption: TermID?
    let facts: [Fact]
    let terms: TermStore

    /// A complete SMT-LIB2 script; for validity it asserts the negated
    /// condition, so a valid obligation is `unsat`.
    public var smtlib: String { SMTLIBScript.render(facts, terms: terms, comments: comments) }

    private var comments: [String] {
        var lines = [
            "kpcheck obligation: " + purpose.split(whereSeparator: \.isNewline).joined(separator: " "),
            "\(kind.rawValue) of: \(terms.render(condition))",
        ]
        if let assumption { lines.append("assuming: \(terms.render(assumption))") }
        if kind == .validity { lines.append("the condition is negated: valid when unsat") }
        lines.append("expected: \(expectedZ3Answer)")
        return lines
    }
}
