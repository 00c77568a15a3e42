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
    /// A complete SMT-LIB2 script; for validity it asserts the negated
    /// condition, so a valid obligation is `unsat`.
    public var smtlib: String
    /// What `z3` prints for `smtlib`: "sat", "unsat", or "unknown".
    public var expectedZ3Answer: String
}
