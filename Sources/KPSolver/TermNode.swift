/// One hash-consed term. Fields unused by a kind stay zero so that equal terms
/// compare equal memberwise.
@usableFromInline
struct TermNode: Equatable {
    enum Kind: UInt8 { case constant, symbol, unary, binary, ite, signExtend }

    var kind: Kind
    var op: UInt8 = 0
    var a: TermID = 0
    var b: TermID = 0
    var c: TermID = 0
    /// The constant's value, or the source width of a sign extension.
    var value: UInt64 = 0

    static func constant(_ v: UInt64) -> TermNode { TermNode(kind: .constant, value: v) }
    static func unary(_ op: TermUnaryOp, _ a: TermID) -> TermNode { TermNode(kind: .unary, op: op.rawValue, a: a) }
    static func binary(_ op: TermBinaryOp, _ a: TermID, _ b: TermID) -> TermNode {
        TermNode(kind: .binary, op: op.rawValue, a: a, b: b)
    }
    static func ite(_ c: TermID, _ a: TermID, _ b: TermID) -> TermNode { TermNode(kind: .ite, a: c, b: a, c: b) }

    var unaryOp: TermUnaryOp { TermUnaryOp(rawValue: op)! }
    var binaryOp: TermBinaryOp { TermBinaryOp(rawValue: op)! }

    func isBinary(_ op: TermBinaryOp) -> Bool { kind == .binary && self.op == op.rawValue }

    /// A 64-bit mix of all fields (multiply-xorshift, murmur3's finaliser).
    var hash64: UInt64 {
        var h = value &* 0x9E37_79B9_7F4A_7C15
        h ^= (UInt64(a) | UInt64(b) << 32) &* 0xC2B2_AE3D_27D4_EB4F
        h ^= (UInt64(c) | UInt64(op) << 32 | UInt64(kind.rawValue) << 40) &* 0x1656_67B1_9E37_79F9
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        return h ^ (h >> 33)
    }
}

/// What is known about a term's bits whatever its symbols hold:
/// every bit outside `mayBeOne` is 0, every bit in `mustBeOne` is 1.
/// As unsigned numbers, `mustBeOne <= value <= mayBeOne`.
struct KnownBits: Equatable {
    var mayBeOne: UInt64
    var mustBeOne: UInt64

    static let nothing = KnownBits(mayBeOne: .max, mustBeOne: 0)
    static let boolean = KnownBits(mayBeOne: 1, mustBeOne: 0)
    static func exactly(_ v: UInt64) -> KnownBits { KnownBits(mayBeOne: v, mustBeOne: v) }

    var isConstant: Bool { mayBeOne == mustBeOne }
    var unknown: UInt64 { mayBeOne & ~mustBeOne }
    var isBoolean: Bool { mayBeOne & ~1 == 0 }

    /// Whether two values with these bits can never be equal.
    func excludes(_ other: KnownBits) -> Bool {
        mustBeOne & ~other.mayBeOne != 0 || other.mustBeOne & ~mayBeOne != 0
    }
}
