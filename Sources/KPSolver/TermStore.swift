import KPIR

/// The id of a hash-consed term; equal ids mean equal terms.
public typealias TermID = UInt32

/// Hash-consed 64-bit bit-vector terms with constant folding and a normal form
/// for masked values, so that terms which are obviously equal share one id.
///
/// One hash map indexes both the stored nodes and every constructor call made
/// so far, so asking again for a term (in any spelling already seen) is one
/// probe, O(1); only a new call runs the rewrite rules in
/// `TermStore+Rewrite.swift`. Not thread-safe: one store per thread of use,
/// which is also why the hot storage skips Swift's dynamic exclusivity checks.
public final class TermStore: ReplicatedTable, @unchecked Sendable {
    public static let falseTerm: TermID = 0
    public static let trueTerm: TermID = 1

    @usableFromInline @exclusivity(unchecked) private(set) var nodes: ContiguousArray<TermNode> = []
    @exclusivity(unchecked) private(set) var bits = ContiguousArray<KnownBits>()
    /// The symbols each term reads, as a set of their ordinals (bit i: the symbol made
    /// i-th), with `manySymbols` for every ordinal past the 63rd (see `symbolSet`).
    @exclusivity(unchecked) private(set) var symbolSets = ContiguousArray<UInt64>()
    /// Stored node => its id, and constructor call => the normal form it gave.
    @exclusivity(unchecked) private(set) var index = NodeMap()
    private(set) var names = ContiguousArray<String>()
    private var symbolIDs: [String: TermID] = [:]

    public init() {
        _ = constant(0)
        _ = constant(1)
    }

    deinit { index.deallocate() }

    // Inlinable: a replica's machine reads it after every state (`Machine.generation`).
    @inlinable public var count: Int { nodes.count }

    /// Makes this store hold exactly `other`'s terms under the same ids: for a replica
    /// of a machine on another thread (`Machine.synchronize(with:)`).
    public func replaceContents(with other: TermStore) {
        precondition(other !== self, "a store replaced by itself")
        // Storage of this store's own: shared, the other store would copy it at its next term.
        nodes = other.nodes.unshared()
        bits = other.bits.unshared()
        symbolSets = other.symbolSets.unshared()
        index.deallocate()
        index = other.index.copy()
        names = other.names.unshared()
        symbolIDs = other.symbolIDs.unshared()
        taken = nil
    }

    /// What a replica's store took of its original's at its last `take`: its terms, its
    /// symbols' names, and its index's inserts (nil: a whole copy, or no journal).
    private var taken: (terms: Int, names: Int, inserts: Int)?
    /// Takes that copied the original's store whole (for tests).
    private(set) var wholeTakes = 0
    /// An original's index inserts since `startJournal`, in order, for its replicas to
    /// replay.
    private(set) var indexInserts: [NodeMap.Slot] = []
    private var journalsInserts = false
    /// A replica's: the index slots its inserts changed since its last take, with what
    /// each held, to undo them; `indexGrew` when its index grew since, which moved every
    /// slot (it then copies the original's whole).
    private var indexChanges: [(index: Int, before: NodeMap.Slot)] = []
    private var journalsChanges = false
    private(set) var indexGrew = false

    /// Journals this original's index from now on, for its replicas (see `ReplicatedTable`).
    public func startJournal() { journalsInserts = true }

    /// Makes this replica's store hold exactly `original`'s terms under the same ids, by
    /// their changes (see `ReplicatedTable`): terms are only ever added, so the replica
    /// drops the terms it made since its last take and undoes their index entries (and
    /// the calls it memoized), then appends the terms the original made since and replays
    /// its index's inserts. A whole copy the first time, or after the replica's index grew.
    public func take(_ original: TermStore) {
        precondition(original !== self, "a store took its own terms")
        if let taken, original.journalsInserts, !indexGrew {
            index.undo(indexChanges)
            nodes.removeLast(nodes.count - taken.terms)
            bits.removeLast(bits.count - taken.terms)
            symbolSets.removeLast(symbolSets.count - taken.terms)
            nodes.append(contentsOf: original.nodes[taken.terms...])
            bits.append(contentsOf: original.bits[taken.terms...])
            symbolSets.append(contentsOf: original.symbolSets[taken.terms...])
            if names.count != taken.names || original.names.count != taken.names {
                names = original.names.unshared()
                symbolIDs = original.symbolIDs.unshared()
            }
            for slot in original.indexInserts[taken.inserts...] { index.insert(slot.key, slot.value) }
        } else {
            replaceContents(with: original)
            wholeTakes += 1
        }
        taken = original.journalsInserts ? (nodes.count, names.count, original.indexInserts.count) : nil
        indexChanges.removeAll(keepingCapacity: true)
        indexGrew = false
        journalsChanges = true
    }

    /// Enters `key` in the index, journaling the insert as `take` needs it.
    @inline(__always)
    private func enter(_ key: TermNode, _ id: TermID) {
        let (slot, before, grew) = index.insert(key, id)
        if journalsInserts { indexInserts.append(NodeMap.Slot(key: key, value: id)) }
        if journalsChanges {
            if grew { indexGrew = true }
            if !indexGrew { indexChanges.append((slot, before)) }
        }
    }

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
        memoized(.unary(op, a)) { rewrite(op, a) }
    }

    public func binary(_ op: TermBinaryOp, _ a: TermID, _ b: TermID) -> TermID {
        memoized(.binary(op, a, b)) { rewrite(op, a, b) }
    }

    /// `c != 0 ? a : b`.
    public func ite(_ c: TermID, _ a: TermID, _ b: TermID) -> TermID {
        memoized(.ite(c, a, b)) { rewriteITE(c, a, b) }
    }

    /// Keeps the low `fromBits` bits (1...64) of `a` and sign-extends them to 64.
    public func signExtend(_ a: TermID, fromBits: Int) -> TermID {
        precondition((1...64).contains(fromBits), "signExtend: width \(fromBits) out of 1...64")
        return memoized(TermNode(kind: .signExtend, a: a, value: UInt64(fromBits))) {
            rewriteSignExtend(a, fromBits: fromBits)
        }
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

    /// Stands for every symbol made after the 63rd in a `symbolSet`.
    static let manySymbols: UInt64 = 1 << 63

    /// The symbols `t` reads, bit i for the symbol made i-th; when `manySymbols` is set,
    /// it may also read symbols made after the 63rd, which the set does not tell apart
    /// (`symbols(in:)` does). Kept for every term as it is made, in O(1).
    func symbolSet(_ t: TermID) -> UInt64 { symbolSets[Int(t)] }
    func knownBits(_ t: TermID) -> KnownBits { bits[Int(t)] }
    func symbolName(_ node: TermNode) -> String { names[Int(node.a)] }

    @inline(__always)
    private func memoized(_ call: TermNode, _ rewrite: () -> TermID) -> TermID {
        if let id = index.find(call) { return id }
        let id = rewrite()
        enter(call, id)
        return id
    }

    /// Interns a node in normal form; a node whose bits are all known becomes that constant.
    func make(_ node: TermNode) -> TermID {
        if let id = index.find(node) { return id }
        let known = knownBits(of: node)
        if node.kind != .constant && known.isConstant { return constant(known.mustBeOne) }
        let id = TermID(nodes.count)
        nodes.append(node)
        bits.append(known)
        symbolSets.append(symbolSet(of: node))
        enter(node, id)
        return id
    }

    private func symbolSet(of node: TermNode) -> UInt64 {
        switch node.kind {
        case .constant: 0
        case .symbol: node.a < 63 ? 1 << UInt64(node.a) : TermStore.manySymbols
        case .unary, .signExtend: symbolSets[Int(node.a)]
        case .binary: symbolSets[Int(node.a)] | symbolSets[Int(node.b)]
        case .ite: symbolSets[Int(node.a)] | symbolSets[Int(node.b)] | symbolSets[Int(node.c)]
        }
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
