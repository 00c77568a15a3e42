/// The id of a hash-consed term; equal ids mean equal terms.
public typealias TermID = UInt32

/// Hash-consed 64-bit bit-vector terms with constant folding and a normal form
/// for masked values, so that terms which are obviously equal share one id.
///
/// Every constructor first looks its exact node up (one hash probe, O(1)), since
/// a stored node is already in normal form; only a miss runs the rewrite rules
/// in `TermStore+Rewrite.swift`. Not thread-safe: one store per thread of use.
public final class TermStore: @unchecked Sendable {
    public static let falseTerm: TermID = 0
    public static let trueTerm: TermID = 1

    private(set) var nodes = ContiguousArray<TermNode>()
    private(set) var bits = ContiguousArray<KnownBits>()
    private var names = ContiguousArray<String>()
    private var symbolIDs: [String: TermID] = [:]
    /// Open addressing with linear probing; `empty` marks a free slot.
    private var table = ContiguousArray<TermID>(repeating: TermStore.empty, count: 1024)
    private static let empty = TermID.max

    public init() {
        _ = constant(0)
        _ = constant(1)
    }

    public var count: Int { nodes.count }

    public func constant(_ v: UInt64) -> TermID { make(.constant(v)) }

    /// An unconstrained 64-bit input; the same name always gives the same term.
    public func symbol(_ name: String) -> TermID {
        if let id = symbolIDs[name] { return id }
        names.append(name)
        let id = make(TermNode(kind: .symbol, a: TermID(names.count - 1)))
        symbolIDs[name] = id
        return id
    }

    public func unary(_ op: TermUnaryOp, _ a: TermID) -> TermID {
        lookup(.unary(op, a)) ?? rewrite(op, a)
    }

    public func binary(_ op: TermBinaryOp, _ a: TermID, _ b: TermID) -> TermID {
        lookup(.binary(op, a, b)) ?? rewrite(op, a, b)
    }

    /// `c != 0 ? a : b`.
    public func ite(_ c: TermID, _ a: TermID, _ b: TermID) -> TermID {
        lookup(.ite(c, a, b)) ?? rewriteITE(c, a, b)
    }

    /// Keeps the low `fromBits` bits (1...64) of `a` and sign-extends them to 64.
    public func signExtend(_ a: TermID, fromBits: Int) -> TermID {
        precondition((1...64).contains(fromBits), "signExtend: width \(fromBits) out of 1...64")
        return lookup(TermNode(kind: .signExtend, a: a, value: UInt64(fromBits)))
            ?? rewriteSignExtend(a, fromBits: fromBits)
    }

    /// Keeps the low `fromBits` bits of `a`.
    public func zeroExtend(_ a: TermID, fromBits: Int) -> TermID {
        fromBits >= 64 ? a : binary(.and, a, constant(lowMask(fromBits)))
    }

    public func constantValue(_ t: TermID) -> UInt64? {
        let node = nodes[Int(t)]
        return node.kind == .constant ? node.value : nil
    }

    public func isConstant(_ t: TermID) -> Bool { nodes[Int(t)].kind == .constant }

    func node(_ t: TermID) -> TermNode { nodes[Int(t)] }
    func knownBits(_ t: TermID) -> KnownBits { bits[Int(t)] }
    func symbolName(_ node: TermNode) -> String { names[Int(node.a)] }

    private func lookup(_ node: TermNode) -> TermID? {
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: node.hash64) & mask
        while true {
            let id = table[slot]
            if id == Self.empty { return nil }
            if nodes[Int(id)] == node { return id }
            slot = (slot + 1) & mask
        }
    }

    /// Interns a node in normal form; a node whose bits are all known becomes that constant.
    func make(_ node: TermNode) -> TermID {
        if let id = lookup(node) { return id }
        let known = knownBits(of: node)
        if node.kind != .constant && known.isConstant { return constant(known.mustBeOne) }
        let id = TermID(nodes.count)
        nodes.append(node)
        bits.append(known)
        insert(id, hash: node.hash64)
        if nodes.count * 2 > table.count { grow() }
        return id
    }

    private func insert(_ id: TermID, hash: UInt64) {
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while table[slot] != Self.empty { slot = (slot + 1) & mask }
        table[slot] = id
    }

    private func grow() {
        table = ContiguousArray(repeating: Self.empty, count: table.count * 2)
        for (id, node) in nodes.enumerated() { insert(TermID(id), hash: node.hash64) }
    }

    private func knownBits(of node: TermNode) -> KnownBits {
        switch node.kind {
        case .constant:
            return .exactly(node.value)
        case .symbol:
            return .nothing
        case .unary:
            let x = bits[Int(node.a)]
            switch node.unaryOp {
            case .bitNot: return KnownBits(mayBeOne: ~x.mustBeOne, mustBeOne: ~x.mayBeOne)
            case .negate: return .nothing
            case .logicalNot: return .boolean
            }
        case .binary:
            return knownBits(node.binaryOp, bits[Int(node.a)], bits[Int(node.b)], shift: constantValue(node.b))
        case .ite:
            let (x, y) = (bits[Int(node.b)], bits[Int(node.c)])
            return KnownBits(mayBeOne: x.mayBeOne | y.mayBeOne, mustBeOne: x.mustBeOne & y.mustBeOne)
        case .signExtend:
            let x = bits[Int(node.a)], width = Int(node.value)
            return KnownBits(mayBeOne: signExtended(x.mayBeOne, fromBits: width),
                             mustBeOne: signExtended(x.mustBeOne, fromBits: width))
        }
    }

    private func knownBits(_ op: TermBinaryOp, _ x: KnownBits, _ y: KnownBits, shift: UInt64?) -> KnownBits {
        if op.isComparison { return .boolean }
        switch (op, shift) {
        case (.and, _):
            return KnownBits(mayBeOne: x.mayBeOne & y.mayBeOne, mustBeOne: x.mustBeOne & y.mustBeOne)
        case (.or, _):
            return KnownBits(mayBeOne: x.mayBeOne | y.mayBeOne, mustBeOne: x.mustBeOne | y.mustBeOne)
        case (.xor, _):
            let known = ~x.unknown & ~y.unknown, value = x.mustBeOne ^ y.mustBeOne
            return KnownBits(mayBeOne: ~known | value, mustBeOne: known & value)
        case (.shl, let k?) where k < 64:
            return KnownBits(mayBeOne: x.mayBeOne << k, mustBeOne: x.mustBeOne << k)
        case (.lshr, let k?) where k < 64:
            return KnownBits(mayBeOne: x.mayBeOne >> k, mustBeOne: x.mustBeOne >> k)
        case (.ashr, let k?):
            return KnownBits(mayBeOne: TermBinaryOp.ashr.apply(x.mayBeOne, k),
                             mustBeOne: TermBinaryOp.ashr.apply(x.mustBeOne, k))
        default:
            return .nothing
        }
    }
}
