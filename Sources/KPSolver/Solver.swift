import KPIR

/// Answers validity and satisfiability questions about terms: by folding when
/// the terms are constant, otherwise once per distinct question, by an earlier
/// answer's assignment or a plain contradiction when they decide it, else by Z3.
/// One Z3 context per solver; use a solver from one thread.
public final class Solver {
    public let terms: TermStore
    public private(set) var cacheHits = 0
    /// Every distinct question sent to Z3, in the order first asked.
    public private(set) var obligations: [Obligation] = []
    /// False for a replica's solver (see `init(replicaFor:)`).
    private let asksZ3: Bool
    private let timeoutMilliseconds: UInt32
    /// Made when the first question reaches Z3: making a context takes 7-9 ms, and most
    /// searches never send one (the congruence closure and the witnesses answer the
    /// shipped models' questions; see `satisfiability(of:)`).
    private var context: Z3Context?
    private var z3: Z3Context {
        if let context { return context }
        precondition(asksZ3, "a replica's solver asks no Z3")
        let made = Z3Context(terms: terms, timeoutMilliseconds: timeoutMilliseconds)
        context = made
        return made
    }

    /// Whether this solver has its Z3 context (for tests).
    var hasZ3Context: Bool { context != nil }

    private var answers = ReplicatedDictionary<Question, Truth>()
    /// A replica's own answers: questions the original never asked in that form, which
    /// slice (see `slice`) to one whose answer it adopted. Kept apart, across
    /// synchronizations (see `adoptAnswers(of:)`): a replica meets the same forms again
    /// and again, and slicing them anew after every synchronization took a fifth of the
    /// extra work of a search on two threads.
    private var learned: [Question: Truth] = [:]
    /// The terms a replica's store shares with the original's since its last adoption.
    private var sharedTerms = 0
    /// How many answers a replica found itself and keeps (for tests).
    var learnedCount: Int { learned.count }
    /// Answer a question without Z3 when its literals decide it or an assignment found
    /// without Z3 satisfies it (`satisfiability(of:)`);
    /// off, every question folding does not decide goes to Z3 (for the tests that
    /// compare the two).
    public var usesShortcuts = true
    /// Assignments that satisfied earlier questions, the last one used first.
    private var witnesses: [[String: UInt64]] = [[:]]
    static let witnessLimit = 16
    /// Questions answered by an earlier question's assignment or the closure's guess
    /// (`Congruence.guess`), and sent to Z3.
    public private(set) var witnessHits = 0
    public private(set) var z3Calls = 0
    /// Questions shown unsatisfiable by their literals: one required both to hold and not
    /// to, or their congruence closure (see `satisfiability(of:)`).
    public private(set) var contradictions = 0
    /// Questions a replica's solver could not answer from its copied answers.
    public private(set) var misses = 0

    /// What the caller does while Z3 checks a question: `leave` before the check,
    /// `enter` after it. Z3's check is the one long wait of a search's thread on the
    /// system, and nothing in the solver or its term store changes during it, so a search
    /// on several threads lets go of the system there (a replica may then copy its
    /// tables; see `BreadthFirstSearch.threads`).
    public struct Outside {
        public var leave: () -> Void
        public var enter: () -> Void

        public init(leave: @escaping () -> Void, enter: @escaping () -> Void) {
            self.leave = leave
            self.enter = enter
        }
    }

    public var whileChecking: Outside?

    private struct Question: Hashable {
        var kind: Obligation.Kind
        var condition: TermID
        var assumption: TermID?

        /// Whether every term it names is below `count`.
        func names(below count: Int) -> Bool { Int(condition) < count && Int(assumption ?? 0) < count }
    }

    public init(terms: TermStore, timeoutMilliseconds: UInt32 = 10_000) {
        self.terms = terms
        self.timeoutMilliseconds = timeoutMilliseconds
        asksZ3 = true
    }

    /// A solver for a replica of a machine on another thread: it answers only what
    /// folding or the answers it adopts from the original's solver decide (see
    /// `adoptAnswers(of:)`), and counts anything else as a miss with the answer
    /// `unknown`, without a Z3 context. The replica's caller discards what it computed
    /// after a miss and asks the original, so the questions sent to Z3, and the
    /// obligations, are the original's alone.
    public init(replicaFor terms: TermStore) {
        self.terms = terms
        timeoutMilliseconds = 0
        asksZ3 = false
    }

    /// Journals this original's answers from now on, for its replicas' solvers to take
    /// (see `ReplicatedTable`).
    public func startJournal() { answers.startJournal() }

    /// Takes `original`'s answers (a replica's solver, when its machine is synchronized,
    /// before its term store takes the original's: `original.terms.count` terms are then
    /// shared).
    /// The answers the replica found itself (`learned`) are kept when they name only terms
    /// its store shared with the original's before: those name the same terms still.
    public func adoptAnswers(of original: Solver) {
        precondition(!asksZ3, "only a replica's solver adopts answers")
        answers.take(original.answers)
        // Called before the replica's store takes the original's terms: it holds terms of
        // its own if it grew since.
        let shared = sharedTerms
        if terms.count > shared { learned = learned.filter { $0.key.names(below: shared) } }
        sharedTerms = original.terms.count
    }

    /// Distinct questions sent to Z3.
    @inlinable public var queryCount: Int { obligations.count }

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
        if let known = answers[question] ?? (asksZ3 ? nil : learned[question]) {
            cacheHits += 1
            return known
        }
        // Path conditions are satisfiable conjunctions: only the conjuncts that share
        // symbols with the condition matter (see `slice`).
        let asked = question
        if let a = question.assumption { question.assumption = slice(a, for: question.condition) }
        if let known = answers[question] {
            if asksZ3 { answers[asked] = known } else { learned[asked] = known }
            cacheHits += 1
            return known
        }
        guard asksZ3 else {
            misses += 1
            return .unknown
        }
        defer { answers[asked] = answers[question] }
        var facts = [Fact(term: question.condition, holds: question.kind == .satisfiability)]
        if let a = question.assumption { facts.insert(Fact(term: a, holds: true), at: 0) }
        let satisfiable = satisfiability(of: facts)
        let truth = question.kind == .satisfiability ? satisfiable : satisfiable.negated
        answers[question] = truth
        obligations.append(Obligation(
            purpose: purpose, kind: question.kind, expected: truth, expectedZ3Answer: satisfiable.z3Answer,
            condition: question.condition, assumption: question.assumption, facts: facts, terms: terms))
        return truth
    }

    /// Whether one of the assignments Z3 gave for earlier questions (or all zeros)
    /// satisfies every fact: the question is then satisfiable with no call to Z3 (the
    /// counterexample cache of KLEE). Evaluation is the terms' folding, which agrees with
    /// Z3 on every operation (`CArithmeticTests`), so the answer is the one Z3 would give;
    /// the question is recorded as an obligation all the same, and `prove` asks Z3.
    private func satisfiedByWitness(_ facts: [Fact]) -> Bool {
        guard usesShortcuts else { return false }
        for (i, assignment) in witnesses.enumerated() where satisfies(facts, assignment) {
            witnessHits += 1
            witnesses.insert(witnesses.remove(at: i), at: 0)
            return true
        }
        return false
    }

    /// Whether some assignment satisfies every fact. With the shortcuts, the cheapest way
    /// that decides comes first: a literal required both to hold and not to (no
    /// assignment satisfies a contradiction), then the earlier answers' assignments, then
    /// the congruence closure of the literals (`Congruence`), which refutes them or guesses
    /// an assignment (checked like a witness), and only then Z3.
    private func satisfiability(of facts: [Fact]) -> Truth {
        guard usesShortcuts else { return askZ3(facts) }
        guard let literals = literals(of: facts) else {
            contradictions += 1
            return .no
        }
        if satisfiedByWitness(facts) { return .yes }
        if var closure = Congruence(literals, in: terms) {
            if closure.contradicts {
                contradictions += 1
                return .no
            }
            let guess = closure.guess()
            if satisfies(facts, guess) {
                witnessHits += 1
                remember(guess)
                return .yes
            }
        }
        return askZ3(facts)
    }

    /// The literals the facts require, or nil when one is required both to hold and not to
    /// (a branch on a condition the path condition already decides). A fact that must hold
    /// is split at `&` (a & b is non-zero only if a and b are), and `a != b` is `a == b`
    /// negated.
    private func literals(of facts: [Fact]) -> [Congruence.Literal]? {
        var literals: [Literal: Bool] = [:]
        var pending = facts.map { ($0.term, $0.holds) }
        while let (t, holds) = pending.popLast() {
            let n = terms.node(t)
            if holds, n.isBinary(.and) {
                pending += [(n.a, true), (n.b, true)]
                continue
            }
            var literal = Literal(op: 0, a: t, b: 0), positive = holds
            if n.kind == .binary, n.isBinary(.eq) || n.isBinary(.ne) {
                literal = Literal(op: 1, a: min(n.a, n.b), b: max(n.a, n.b))
                positive = holds == n.isBinary(.eq)
            }
            if let known = literals.updateValue(positive, forKey: literal), known != positive { return nil }
        }
        // In a fixed order, not the dictionary's (which changes from run to run): the
        // closure's guess, and so which questions reach Z3, depends on it.
        return literals.sorted { $0.key < $1.key }.map { literal, positive in
            literal.op == 1 ? .equality(literal.a, literal.b, positive) : .nonZero(literal.a, positive)
        }
    }

    private struct Literal: Hashable, Comparable {
        var op: UInt8
        var a, b: TermID

        static func < (x: Literal, y: Literal) -> Bool { (x.op, x.a, x.b) < (y.op, y.a, y.b) }
    }

    /// Whether every fact holds, or not, as it must, under `assignment` (symbols it does
    /// not name are 0).
    private func satisfies(_ facts: [Fact], _ assignment: [String: UInt64]) -> Bool {
        facts.allSatisfy { (terms.evaluate($0.term, assignment) != 0) == $0.holds }
    }

    /// Keeps an assignment that satisfied a question, first, for the next ones.
    private func remember(_ assignment: [String: UInt64]) {
        witnesses.insert(assignment, at: 0)
        if witnesses.count > Solver.witnessLimit { witnesses.removeLast() }
    }

    private func askZ3(_ facts: [Fact]) -> Truth {
        z3Calls += 1
        let (truth, witness) = z3.satisfiable(facts, whileChecking: whileChecking)
        if let witness, usesShortcuts { remember(witness) }
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
