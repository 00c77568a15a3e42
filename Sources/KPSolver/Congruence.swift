/// Shows a conjunction of literals unsatisfiable by equality reasoning alone, as the
/// congruence closure of an SMT solver's EUF theory does (Nelson and Oppen; Downey,
/// Sethi and Tarjan), with the constants the 64-bit operations give.
///
/// The terms of the literals and their subterms are put in classes that must hold one
/// value in every assignment satisfying the literals: the two sides of a required
/// equality; two applications of one operation to arguments of the same classes
/// (congruence); a term and the constant its operation gives on the constants of its
/// arguments' classes (folding, `CArithmetic`'s, as Z3's); a comparison of a class with
/// itself and its value; and, downwards, the argument of an invertible operation on a
/// constant (`x | c == d` with the bits of `c` known zero in `x`, `x ^ c`, `x + c`,
/// `x - c`, `~x`, `-x`), the arguments of two equal results of such an operation
/// (injectivity), and the two sides of an equality known to hold. Each step is
/// valid in every assignment, so a class that must hold two different constants, a
/// constant that its own known bits exclude (`KnownBits`), or a required difference
/// inside one class means no assignment satisfies the literals.
///
/// The converse does not hold (it knows no arithmetic beyond these steps): a conjunction
/// it cannot refute, nor satisfy by its `guess`, goes to Z3. On the machine's path
/// conditions (equalities of POR_EL1 fields) it refutes every unsatisfiable question the
/// shipped models ask, at a few microseconds each instead of Z3's 0.4 ms.
struct Congruence {
    private let terms: TermStore
    private var ids: [TermID] = []
    private var nodes: [TermNode] = []
    private var local: [TermID: Int] = [:]
    private var parent: [Int] = []
    /// The constant each class must hold (at its root).
    private var value: [UInt64?] = []
    /// Pairs of terms that must differ.
    private var differences: [(Int, Int)] = []
    private var contradicted = false
    /// The symbols each term depends on, as far as `guess` needs them.
    private var symbols: [Symbols] = []

    private enum Symbols {
        case none, one(TermID), many

        static func + (a: Symbols, b: Symbols) -> Symbols {
            switch (a, b) {
            case (.none, let x), (let x, .none): x
            case (.one(let s), .one(let t)) where s == t: a
            default: .many
            }
        }
    }

    /// Terms examined at most: larger questions go to Z3 without it.
    static let limit = 96

    /// Each literal is a term that must be non-zero (`true`) or zero, or, with `equality`,
    /// two terms that must be equal (`true`) or differ.
    enum Literal {
        case nonZero(TermID, Bool)
        case equality(TermID, TermID, Bool)
    }

    /// Whether the literals are shown to have no satisfying assignment.
    static func refutes(_ literals: [Literal], in terms: TermStore) -> Bool {
        Congruence(literals, in: terms)?.contradicts ?? false
    }

    /// Whether no assignment satisfies the literals (see above).
    private(set) var contradicts = false

    /// The closure of the literals; nil when they hold more than `limit` terms.
    init?(_ literals: [Literal], in terms: TermStore) {
        self.terms = terms
        _ = add(TermStore.falseTerm)
        for literal in literals {
            switch literal {
            case .nonZero(let t, _): guard add(t) else { return nil }
            case .equality(let a, let b, _): guard add(a), add(b) else { return nil }
            }
        }
        for literal in literals {
            switch literal {
            case .nonZero(let t, true): differences.append((local[t]!, zero))
            case .nonZero(let t, false): require(local[t]!, equals: 0)
            case .equality(let a, let b, true): merge(local[a]!, local[b]!)
            case .equality(let a, let b, false): differences.append((local[a]!, local[b]!))
            }
        }
        contradicts = close()
    }

    /// A guess at an assignment that satisfies the literals, for the caller to check: the
    /// symbols of one class's terms of one symbol each (`x & m` and `y & m` made equal,
    /// say) hold one value; a symbol whose own term or masked term (`x & m`) must hold a
    /// constant takes it in those bits; every other value is distinct and has no
    /// particular bits, so that the differences hold. It satisfies the equalities and
    /// differences of fields the machine's path conditions are made of, which the
    /// earlier answers' assignments often do not.
    mutating func guess() -> [String: UInt64] {
        // The symbols tied by a class, in a union-find of their own.
        var tie: [TermID: TermID] = [:]
        func top(_ s: TermID) -> TermID {
            var s = s
            while let t = tie[s], t != s { s = t }
            return s
        }
        var firstOfClass: [Int: TermID] = [:]
        for i in ids.indices {
            guard case .one(let s) = symbols[i] else { continue }
            if tie[s] == nil { tie[s] = s }
            let r = root(i)
            if let other = firstOfClass[r] {
                let (a, b) = (top(s), top(other))
                if a != b { tie[a] = b }
            } else {
                firstOfClass[r] = s
            }
        }
        var values: [TermID: UInt64] = [:]
        for s in tie.keys where top(s) == s {
            // Distinct for distinct groups, with set and clear bits in every byte.
            var v = (UInt64(s) &+ 1) &* 0x9E37_79B9_7F4A_7C15
            v ^= v >> 29
            values[s] = v &* 0xBF58_476D_1CE4_E5B9
        }
        for i in ids.indices {
            guard case .one(let s) = symbols[i], let c = constant(of: i) else { continue }
            let n = nodes[i], group = top(s)
            if n.kind == .symbol {
                values[group] = c
            } else if n.isBinary(.and), let m = terms.constantValue(n.b), terms.node(n.a).kind == .symbol {
                values[group] = (c & m) | (values[group]! & ~m)
            }
        }
        var assignment: [String: UInt64] = [:]
        for s in tie.keys { assignment[terms.symbolName(terms.node(s))] = values[top(s)] }
        return assignment
    }

    /// The class of the constant 0 (added first).
    private var zero: Int { 0 }

    /// Adds `t` and its subterms; false when that passes `limit`.
    private mutating func add(_ t: TermID) -> Bool {
        if local[t] != nil { return true }
        guard ids.count < Congruence.limit else { return false }
        let n = terms.node(t)
        switch n.kind {
        case .constant, .symbol: break
        case .unary, .signExtend: guard add(n.a) else { return false }
        case .binary: guard add(n.a), add(n.b) else { return false }
        case .ite: guard add(n.a), add(n.b), add(n.c) else { return false }
        }
        let of: Symbols = switch n.kind {
        case .constant: .none
        case .symbol: .one(t)
        case .unary, .signExtend: symbols[local[n.a]!]
        case .binary: symbols[local[n.a]!] + symbols[local[n.b]!]
        case .ite: symbols[local[n.a]!] + symbols[local[n.b]!] + symbols[local[n.c]!]
        }
        local[t] = ids.count
        ids.append(t)
        nodes.append(n)
        symbols.append(of)
        parent.append(ids.count - 1)
        value.append(n.kind == .constant ? n.value : nil)
        return true
    }

    private mutating func root(_ i: Int) -> Int {
        var r = i
        while parent[r] != r { r = parent[r] }
        var j = i
        while parent[j] != r { (j, parent[j]) = (parent[j], r) }
        return r
    }

    /// Puts `i` and `j` in one class; true when they were apart.
    @discardableResult
    private mutating func merge(_ i: Int, _ j: Int) -> Bool {
        let (a, b) = (root(i), root(j))
        guard a != b else { return false }
        parent[a] = b
        if let v = value[a] {
            if let w = value[b], w != v { contradicted = true }
            value[b] = v
        }
        return true
    }

    /// Requires `i`'s class to hold `v`; true when that is new.
    @discardableResult
    private mutating func require(_ i: Int, equals v: UInt64) -> Bool {
        let r = root(i)
        if let w = value[r] {
            if w != v { contradicted = true }
            return false
        }
        value[r] = v
        return true
    }

    private mutating func constant(of i: Int) -> UInt64? { value[root(i)] }

    /// Applies the steps until none adds anything; true when the literals contradict.
    private mutating func close() -> Bool {
        var changed = true
        while changed && !contradicted {
            changed = false
            for i in ids.indices {
                if step(i) { changed = true }
                if contradicted { return true }
            }
            // Congruence: equal operations on arguments of the same classes are equal; and
            // equal results of an operation injective in one argument, the other the same,
            // have equal arguments.
            for i in ids.indices {
                let n = nodes[i]
                guard n.kind != .constant && n.kind != .symbol else { continue }
                for j in ids.indices.dropFirst(i + 1) where nodes[j].kind == n.kind {
                    let m = nodes[j]
                    guard m.op == n.op, m.value == n.value else { continue }
                    if root(i) != root(j) {
                        if sameArguments(n, m) && merge(i, j) { changed = true }
                    } else if injectivity(n, m) {
                        changed = true
                    }
                }
            }
        }
        if contradicted { return true }
        for (a, b) in differences where root(a) == root(b) { return true }
        for (a, b) in differences {
            if let v = constant(of: a), let w = constant(of: b), v == w { return true }
        }
        for i in ids.indices {
            if let v = constant(of: i), terms.knownBits(ids[i]).excludes(.exactly(v)) { return true }
        }
        return false
    }

    private mutating func sameArguments(_ n: TermNode, _ m: TermNode) -> Bool {
        func same(_ x: TermID, _ y: TermID) -> Bool { root(local[x]!) == root(local[y]!) }
        switch n.kind {
        case .constant, .symbol: return false
        case .unary, .signExtend: return same(n.a, m.a)
        case .binary:
            return same(n.a, m.a) && same(n.b, m.b) || n.binaryOp.isCommutative && same(n.a, m.b) && same(n.b, m.a)
        case .ite: return same(n.a, m.a) && same(n.b, m.b) && same(n.c, m.c)
        }
    }

    /// For two terms of one class and one operation: merges the arguments the operation
    /// is injective in when the others are the same (`~x == ~y`, `x + c == y + c`,
    /// `x ^ c == y ^ c`, `x - c == y - c`, `c - x == c - y`, and `x | c == y | c` when the
    /// bits of the constant `c` are known zero in `x` and `y`); true when that merged.
    private mutating func injectivity(_ n: TermNode, _ m: TermNode) -> Bool {
        func at(_ t: TermID) -> Int { local[t]! }
        switch n.kind {
        case .unary:
            return n.unaryOp != .logicalNot && merge(at(n.a), at(m.a))
        case .binary:
            let op = n.binaryOp
            // The alignments of the arguments to try: both orders for commutative operations.
            var pairs = [((at(n.a), at(m.a)), (at(n.b), at(m.b)))]
            if op.isCommutative { pairs.append(((at(n.a), at(m.b)), (at(n.b), at(m.a)))) }
            for ((x, y), (u, v)) in pairs {
                for ((same1, same2), (other1, other2)) in [((x, y), (u, v)), ((u, v), (x, y))]
                where root(same1) == root(same2) && root(other1) != root(other2) {
                    switch op {
                    case .add, .sub, .xor:
                        return merge(other1, other2)
                    case .or:
                        guard let c = constant(of: same1), terms.knownBits(ids[other1]).mayBeOne & c == 0,
                              terms.knownBits(ids[other2]).mayBeOne & c == 0 else { continue }
                        return merge(other1, other2)
                    default:
                        continue
                    }
                }
            }
            return false
        default:
            return false
        }
    }

    /// Folding, comparisons of a class with itself, and the downward steps at term `i`;
    /// true when something was added.
    private mutating func step(_ i: Int) -> Bool {
        let n = nodes[i]
        func at(_ t: TermID) -> Int { local[t]! }
        switch n.kind {
        case .constant, .symbol:
            return false
        case .signExtend:
            if let x = constant(of: at(n.a)) { return require(i, equals: signExtended(x, fromBits: Int(n.value))) }
            return false
        case .ite:
            if let c = constant(of: at(n.a)) { return merge(i, at(c != 0 ? n.b : n.c)) }
            return false
        case .unary:
            if let x = constant(of: at(n.a)) { return require(i, equals: n.unaryOp.apply(x)) }
            guard let d = constant(of: i) else { return false }
            switch n.unaryOp {
            case .bitNot: return require(at(n.a), equals: ~d)
            case .negate: return require(at(n.a), equals: 0 &- d)
            case .logicalNot: return d != 0 ? require(at(n.a), equals: 0) : false
            }
        case .binary:
            let op = n.binaryOp, a = at(n.a), b = at(n.b)
            if let x = constant(of: a), let y = constant(of: b) { return require(i, equals: op.apply(x, y)) }
            if op.isComparison && root(a) == root(b) {
                let reflexive: Bool = switch op {
                case .eq, .ule, .uge, .sle, .sge: true
                default: false
                }
                return require(i, equals: reflexive ? 1 : 0)
            }
            guard let d = constant(of: i) else { return false }
            switch op {
            case .eq, .ne:
                // Known to hold: its sides are equal; known not to: they differ.
                if (op == .eq) == (d != 0) { return merge(a, b) }
                if !differences.contains(where: { $0 == (a, b) }) {
                    differences.append((a, b))
                    return true
                }
                return false
            default:
                break
            }
            // x op c == d, for an operation that c makes invertible.
            for (x, other) in [(a, b), (b, a)] {
                guard let c = constant(of: other) else { continue }
                let first = x == a
                switch op {
                case .xor: return require(x, equals: d ^ c)
                case .add: return require(x, equals: d &- c)
                case .sub: return require(x, equals: first ? d &+ c : c &- d)
                case .or where terms.knownBits(ids[x]).mayBeOne & c == 0:
                    if d & c != c {
                        contradicted = true
                        return true
                    }
                    return require(x, equals: d & ~c)
                default: continue
                }
            }
            return false
        }
    }
}
