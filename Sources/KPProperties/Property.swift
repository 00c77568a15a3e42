/// The built-in properties, by their stable names (used on the command line and in reports).
public enum Property: Int, CaseIterable, Sendable, Codable {
    case pgtableWritePermitted
    case porRestored
    case isbBeforeUse
    case pteBarriers
    case irqDefaultContext
    case otherPkeysPreserved
    case assertions

    public var name: String {
        switch self {
        case .pgtableWritePermitted: "pgtable-write-permitted"
        case .porRestored: "por-restored"
        case .isbBeforeUse: "isb-before-use"
        case .pteBarriers: "pte-barriers"
        case .irqDefaultContext: "irq-default-context"
        case .otherPkeysPreserved: "other-pkeys-preserved"
        case .assertions: "assertions"
        }
    }

    public init?(name: String) {
        guard let p = Property.allCases.first(where: { $0.name == name }) else { return nil }
        self = p
    }

    /// What the property means, in one paragraph (SARIF rule help, `kpcheck list`).
    public var summary: String {
        switch self {
        case .pgtableWritePermitted:
            "Every page-table store happens while every POR_EL1 value a permission check may use grants write to the page tables' pkey; otherwise the store faults."
        case .porRestored:
            "After a guard scope, an outermost lazy MMU section, a pause or an exception returns, POR_EL1 holds the value it had on entry; a task resuming after a switch finds its own value; a task ends with its initial value."
        case .isbBeforeUse:
            "At those same points no POR_EL1 write is left unsynchronized: the values a permission check may use are exactly the register's value."
        case .pteBarriers:
            "A valid kernel page-table store made outside lazy MMU mode is followed by dsb and isb before the helper returns; at the end of an outermost lazy section or a pause, TIF_LAZY_MMU_PENDING is clear and the section's barriers were issued."
        case .irqDefaultContext:
            "With the exception-entry reset, interrupt handlers start in the DEFAULT context (pkey 0 RWX, page tables read-only)."
        case .otherPkeysPreserved:
            "Switching kpkeys contexts never changes the permissions of pkeys 2 to 7, for every value they may hold (decided over symbolic values; each question is an obligation z3 confirms, see `kpcheck prove`)."
        case .assertions:
            "No BUG_ON, VM_BUG_ON, WARN_ON or VM_WARN_ON in the model fires."
        }
    }
}
