/// Reading terms back: C-like text, the symbols a term mentions, concrete values.
extension TermStore {
    /// C-like text such as `(por0 & 0xffffff00) | 0x17`; signed operations show `(s64)` casts.
    public func render(_ t: TermID) -> String { render(t, nested: false) }

    /// The names of the symbols `t` depends on, sorted.
    public func symbols(in t: TermID) -> [String] {
        var seen = Set<TermID>(), pending = [t], found: [String] = []
        while let next = pending.popLast() {
            guard seen.insert(next).inserted else { continue }
            let n = node(next)
            switch n.kind {
            case .constant: break
            case .symbol: found.append(symbolName(n))
            case .unary, .signExtend: pending.append(n.a)
            case .binary: pending += [n.a, n.b]
            case .ite: pending += [n.a, n.b, n.c]
            }
        }
        return found.sorted()
    }

    /// The value of `t` when each symbol holds `assignment[name]` (0 when absent).
    public func evaluate(_ t: TermID, _ assignment: [String: UInt64]) -> UInt64 {
        var memo: [TermID: UInt64] = [:]
        func value(_ t: TermID) -> UInt64 {
            if let v = memo[t] { return v }
            let n = node(t)
            let v: UInt64 = switch n.kind {
            case .constant: n.value
            case .symbol: assignment[symbolName(n)] ?? 0
            case .unary: n.unaryOp.apply(value(n.a))
            case .binary: n.binaryOp.apply(value(n.a), value(n.b))
            case .ite: value(n.a) != 0 ? value(n.b) : value(n.c)
            case .signExtend: signExtended(value(n.a), fromBits: Int(n.value))
            }
            memo[t] = v
            return v
        }
        return value(t)
    }

    static func literal(_ v: UInt64) -> String { v < 10 ? String(v) : "0x" + String(v, radix: 16) }

    private func render(_ t: TermID, nested: Bool) -> String {
        let n = node(t)
        func operand(_ t: TermID) -> String { render(t, nested: true) }
        func signed(_ t: TermID) -> String { "(s64)" + operand(t) }
        let text: String
        switch n.kind {
        case .constant: return Self.literal(n.value)
        case .symbol: return symbolName(n)
        case .unary: return (n.unaryOp == .bitNot ? "~" : n.unaryOp == .negate ? "-" : "!") + operand(n.a)
        case .signExtend: return "sext\(n.value)(\(render(n.a, nested: false)))"
        case .ite: text = "\(operand(n.a)) ? \(operand(n.b)) : \(operand(n.c))"
        case .binary:
            let op = n.binaryOp
            if op == .add, let k = constantValue(n.b), k >> 63 == 1 {
                text = "\(operand(n.a)) - \(Self.literal(0 &- k))"
            } else if op.isSigned {
                text = "\(signed(n.a)) \(op.symbol) \(op == .ashr ? operand(n.b) : signed(n.b))"
            } else {
                text = "\(operand(n.a)) \(op.symbol) \(operand(n.b))"
            }
        }
        return nested ? "(\(text))" : text
    }
}

extension TermBinaryOp {
    var isSigned: Bool {
        switch self {
        case .sdiv, .srem, .ashr, .slt, .sle, .sgt, .sge: true
        default: false
        }
    }

    var symbol: String {
        switch self {
        case .add: "+"
        case .sub: "-"
        case .mul: "*"
        case .udiv, .sdiv: "/"
        case .urem, .srem: "%"
        case .and: "&"
        case .or: "|"
        case .xor: "^"
        case .shl: "<<"
        case .lshr, .ashr: ">>"
        case .eq: "=="
        case .ne: "!="
        case .ult, .slt: "<"
        case .ule, .sle: "<="
        case .ugt, .sgt: ">"
        case .uge, .sge: ">="
        }
    }
}
