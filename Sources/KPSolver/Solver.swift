import KPIR

/// Answers validity and satisfiability questions about terms: by folding when
/// the terms are constant, otherwise by Z3, once per distinct question.
/// One Z3 context per solver; use a solver from one thread.
public final class Solver {
    public let terms: TermStore
    public private(set) var cacheHits = 0
    /// Every distinct question sent to Z3, in the order first asked.
    public private(set) var obligations: [Obligation] = []
    /// Nil for a replica's solver (see `init(replicaOf:terms:)`).
    private let z3: Z3Context?
    private var answers: [Question: Truth] = [:]
    /// Questions a replica's solver could not answer from its copied answers.
    public private(set) var misses = 0

    private struct Question: Hashable {
        var kind: Obligation.Kind
        var condition: TermID
        var assumption: TermID?
    }

    public init(terms: TermStore, timeoutMilliseconds: UInt32 = 10_000) {
        self.terms = terms
        z3 = Z3Context(terms: terms, timeoutMilliseconds: timeoutMilliseconds)
    }

    /// A solver for a replica of a machine on another thread: it answers only what
    /// folding or the answers it adopts from the original's solver decide (see
    /// `adoptAnswers(of:)`), and counts anything else as a miss with the answer
    /// `unknown`, without a Z3 context. The replica's caller discards what it computed
    /// after a miss and asks the original, so the questions sent to Z3, and the
    /// obligations, are the original's alone.
    public init(replicaFor terms: TermStore) {
        self.terms = terms
        z3 = nil
    }

    /// Takes `original`'s answers (a replica's solver, when its machine is synchronized).
    public func adoptAnswers(of original: Solver) {
        precondition(z3 == nil, "only a replica's solver adopts answers")
        answers = original.answers.unshared()
    }

    /// Distinct questions sent to Z3.
    public var queryCount: Int { obligations.count }

    /// Is `condition` non-zero under every assignment of the symbols for which
    /// `assumption` is non-zero? (No assumption: under every assignment.) An
    /// assumption must be satisfiable, as a path condition is.
    public func isValid(_ condition: TermID, assuming assumption: TermID? = nil, purpose: String = "") -> Truth {
        answer(Question(kind: .validity, condition: condition, assumption: assumption), purpose: purpose)
    }

    /// Is `condition` non-zero under some assignment for which `assumption` is non-zero?
    public func isSatisfiable(_ condition: TermID, assuming assumption: TermID? = nil, purpose: String = "") -> Truth {
        answer(Question(kind: .satisfiability, condition: condition, assumption: assumption), purpose: purpose)
    }

    private func answer(_ asked: Question, purpose: String) -> Truth {
        var question = asked
        // An assumption that is a non-zero constant assumes nothing.
        if let a = question.assumption, let v = terms.constantValue(a), v != 0 { question.assumption = nil }
        if let decided = decidedByFolding(question) { return decided }
        if let known = answers[question] {
            cacheHits += 1
            return known
        }
        // Path conditions are satisfiable conjunctions: only the conjuncts that share
        // symbols with the condition matter (see `slice`).
        let asked = question
        if let a = question.assumption { question.assumption = slice(a, for: question.condition) }
        if let known = answers[question] {
            answers[asked] = known
            cacheHits += 1
            return known
        }
        guard let z3 else {
            misses += 1
            return .unknown
        }
        defer { answers[asked] = answers[question] }
        var facts = [Fact(term: question.condition, holds: question.kind == .satisfiability)]
        if let a = question.assumption { facts.insert(Fact(term: a, holds: true), at: 0) }
        let satisfiable = z3.satisfiable(facts)
        let truth = question.kind == .satisfiability ? satisfiable : satisfiable.negated
        answers[question] = truth
        obligations.append(Obligation(
            purpose: purpose, kind: question.kind, expected: truth,
            smtlib: SMTLIBScript.render(facts, terms: terms, comments: comments(question, purpose, satisfiable)),
            expectedZ3Answer: satisfiable.z3Answer))
        return truth
    }

    /// Constant conditions and assumptions need no solver.
    private func decidedByFolding(_ question: Question) -> Truth? {
        let validity = question.kind == .validity
        if let a = question.assumption, terms.constantValue(a) == 0 { return validity ? .yes : .no }
        guard let c = terms.constantValue(question.condition) else { return nil }
        if (c != 0) == validity { return validity ? .yes : .no }
        return question.assumption == nil ? (validity ? .no : .yes) : nil
    }

    private func comments(_ question: Question, _ purpose: String, _ satisfiable: Truth) -> [String] {
        var lines = [
            "kpcheck obligation: " + purpose.split(whereSeparator: \.isNewline).joined(separator: " "),
            "\(question.kind.rawValue) of: \(terms.render(question.condition))",
        ]
        if let a = question.assumption { lines.append("assuming: \(terms.render(a))") }
        if question.kind == .validity { lines.append("the condition is negated: valid when unsat") }
        lines.append("expected: \(satisfiable.z3Answer)")
        return lines
    }
}

extension Truth {
    var negated: Truth {
        switch self {
        case .yes: .no
        case .no: .yes
        case .unknown: .unknown
        }
    }

    /// What the `z3` command line prints for a query with this satisfiability.
    var z3Answer: String {
        switch self {
        case .yes: "sat"
        case .no: "unsat"
        case .unknown: "unknown"
        }
    }
}
