import KPIR

/// One small change to a variant's code at the IR level. It names its instruction by
/// function name and index, not by function number, so it applies to the program of
/// every scenario (scenarios add functions, which renumbers them).
public struct Mutation: Sendable, Codable {
    public enum Kind: String, Sendable, Codable {
        case deleteBarrier = "delete barrier"
        case deleteStatement = "delete statement"
        case swapAdjacent = "swap adjacent"
        case negateCondition = "negate condition"
        case replaceCall = "replace call"
    }

    public var kind: Kind
    public var function: String
    public var pc: Int
    public var location: SourceLocation
    /// What changed, in words: `delete isb()`, `__kpkeys_set_pkey_reg_nosync → arch_kpkeys_restore_pkey_reg`.
    public var description: String
    /// For `replaceCall`: the function called instead.
    package var callee: String?

    package init(kind: Kind, function: String, pc: Int, location: SourceLocation, description: String, callee: String? = nil) {
        self.kind = kind
        self.function = function
        self.pc = pc
        self.location = location
        self.description = description
        self.callee = callee
    }
}
