/// A query as a stand-alone SMT-LIB2 script that the `z3` command line can check.
/// Subterms used more than once become `define-fun`s, so the text grows with
/// the term DAG rather than with its unfolded tree.
struct SMTLIBScript {
    private let terms: TermStore
    private var references: [TermID: Int] = [:]
    /// Terms in the order their first visit finished: operands before users.
    private var order: [TermID] = []
    private var names: [TermID: String] = [:]

    private init(terms: TermStore) { self.terms = terms }

    static func render(_ facts: [Fact], terms: TermStore, comments: [String]) -> String {
        var script = SMTLIBScript(terms: terms)
        for fact in facts { script.count(fact.term, asCondition: true) }
        var lines = comments.map { "; " + $0 }
        lines.append("(set-logic QF_BV)")
        let symbols = Set(facts.flatMap { terms.symbols(in: $0.term) }).sorted()
        lines += symbols.map { "(declare-const \(quoted($0)) (_ BitVec 64))" }
        for t in script.order where script.references[t, default: 0] > 1 {
            let body = script.expression(t)
            let name = "t!\(script.names.count + 1)"
            script.names[t] = name
            lines.append("(define-fun \(name) () (_ BitVec 64) \(body))")
        }
        for fact in facts {
            let condition = script.condition(fact.term)
            lines.append(fact.holds ? "(assert \(condition))" : "(assert (not \(condition)))")
        }
        lines.append("(check-sat)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Counts the uses of each subterm; a comparison used as a condition is
    /// written inline, so its operands are what it uses.
    private mutating func count(_ t: TermID, asCondition: Bool) {
        let n = terms.node(t)
        if asCondition && n.kind == .binary && n.binaryOp.isComparison {
            count(n.a, asCondition: false)
            count(n.b, asCondition: false)
            return
        }
        if n.kind == .constant || n.kind == .symbol { return }
        references[t, default: 0] += 1
        guard references[t] == 1 else { return }
        switch n.kind {
        case .unary, .signExtend:
            count(n.a, asCondition: false)
        case .binary:
            count(n.a, asCondition: false)
            count(n.b, asCondition: false)
        case .ite:
            count(n.a, asCondition: true)
            count(n.b, asCondition: false)
            count(n.c, asCondition: false)
        case .constant, .symbol:
            break
        }
        order.append(t)
    }

    /// `t` as a 64-bit vector.
    private func expression(_ t: TermID) -> String {
        if let name = names[t] { return name }
        let n = terms.node(t)
        switch n.kind {
        case .constant:
            return Self.literal(n.value)
        case .symbol:
            return Self.quoted(terms.symbolName(n))
        case .unary:
            switch n.unaryOp {
            case .bitNot: return "(bvnot \(expression(n.a)))"
            case .negate: return "(bvneg \(expression(n.a)))"
            case .logicalNot: return boolean("(= \(expression(n.a)) \(Self.literal(0)))")
            }
        case .binary where n.binaryOp.isComparison:
            return boolean(condition(t))
        case .binary:
            return "(\(n.binaryOp.smtlibName) \(expression(n.a)) \(expression(n.b)))"
        case .ite:
            return "(ite \(condition(n.a)) \(expression(n.b)) \(expression(n.c)))"
        case .signExtend:
            return "((_ sign_extend \(64 - n.value)) ((_ extract \(n.value - 1) 0) \(expression(n.a))))"
        }
    }

    /// `t != 0` as a boolean; a comparison is written as itself.
    private func condition(_ t: TermID) -> String {
        let n = terms.node(t)
        guard n.kind == .binary && n.binaryOp.isComparison else {
            return "(not (= \(expression(t)) \(Self.literal(0))))"
        }
        let operands = "\(expression(n.a)) \(expression(n.b))"
        return n.binaryOp == .ne ? "(not (= \(operands)))" : "(\(n.binaryOp.smtlibName) \(operands))"
    }

    private func boolean(_ condition: String) -> String {
        "(ite \(condition) \(Self.literal(1)) \(Self.literal(0)))"
    }

    private static func literal(_ v: UInt64) -> String {
        let digits = String(v, radix: 16)
        return "#x" + String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Symbols are written `|name|` unless they are plain identifiers that SMT-LIB does not claim.
    private static func quoted(_ name: String) -> String {
        let plain = name.first.map { $0.isLetter || $0 == "_" } == true
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }
        return plain && !reserved.contains(name) ? name : "|\(name)|"
    }

    private static let reserved: Set<String> = ["as", "let", "exists", "forall", "match", "par", "assert", "true", "false"]
}

extension TermBinaryOp {
    /// The SMT-LIB function; `ne` is written as `(not (= …))`.
    var smtlibName: String {
        switch self {
        case .add: "bvadd"
        case .sub: "bvsub"
        case .mul: "bvmul"
        case .udiv: "bvudiv"
        case .sdiv: "bvsdiv"
        case .urem: "bvurem"
        case .srem: "bvsrem"
        case .and: "bvand"
        case .or: "bvor"
        case .xor: "bvxor"
        case .shl: "bvshl"
        case .lshr: "bvlshr"
        case .ashr: "bvashr"
        case .eq, .ne: "="
        case .ult: "bvult"
        case .ule: "bvule"
        case .ugt: "bvugt"
        case .uge: "bvuge"
        case .slt: "bvslt"
        case .sle: "bvsle"
        case .sgt: "bvsgt"
        case .sge: "bvsge"
        }
    }
}
