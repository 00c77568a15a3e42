/// Reading terms back: C-like text, the symbols a term mentions, concrete values.
extension TermStore {
    /// C-like text such as `(por0 & 0xffffff00) | 0x17`; signed operations show `(s64)` casts.
    /// Shared subterms are written out at each use, so text longer than
    /// `maxLength` characters is cut short and ends in `…`.
    public func render(_ t: TermID, maxLength: Int = 4096) -> String {
        var renderer = Renderer(store: self, maxLength: maxLength)
        renderer.write(t, nested: false)
        let text = renderer.text
        return text.utf8.count > maxLength ? String(text.prefix(maxLength)) + "…" : text
    }

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
}

/// Writes terms as C-like text until more than `maxLength` bytes are written.
private struct Renderer {
    let store: TermStore
    let maxLength: Int
    var text = ""

    mutating func write(_ t: TermID, nested: Bool) {
        guard text.utf8.count <= maxLength else { return }
        let n = store.node(t)
        switch n.kind {
        case .constant:
            text += TermStore.literal(n.value)
        case .symbol:
            text += store.symbolName(n)
        case .unary:
            text += n.unaryOp == .bitNot ? "~" : n.unaryOp == .negate ? "-" : "!"
            write(n.a, nested: true)
        case .signExtend:
            text += "sext\(n.value)("
            write(n.a, nested: false)
            text += ")"
        case .ite:
            if nested { text += "(" }
            write(n.a, nested: true)
            text += " ? "
            write(n.b, nested: true)
            text += " : "
            write(n.c, nested: true)
            if nested { text += ")" }
        case .binary:
            if nested { text += "(" }
            let op = n.binaryOp
            if op == .add, let k = store.constantValue(n.b), k >> 63 == 1 {
                write(n.a, nested: true)
                text += " - " + TermStore.literal(0 &- k)
            } else {
                text += op.isSigned ? "(s64)" : ""
                write(n.a, nested: true)
                text += " \(op.symbol) " + (op.isSigned && op != .ashr ? "(s64)" : "")
                write(n.b, nested: true)
            }
            if nested { text += ")" }
        }
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
