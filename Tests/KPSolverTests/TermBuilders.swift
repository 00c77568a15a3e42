import KPSolver

/// Shorthands that build terms the way the model checker does: through the store's constructors.
extension TermStore {
    func and(_ a: TermID, _ m: UInt64) -> TermID { binary(.and, a, constant(m)) }
    func or(_ a: TermID, _ c: UInt64) -> TermID { binary(.or, a, constant(c)) }
    func lshr(_ a: TermID, _ k: UInt64) -> TermID { binary(.lshr, a, constant(k)) }
    func eq(_ a: TermID, _ k: UInt64) -> TermID { binary(.eq, a, constant(k)) }
    func add(_ a: TermID, _ k: UInt64) -> TermID { binary(.add, a, constant(k)) }

    /// The kernel's `por_elx_set_pkey_perms(por, pkey, perms)`.
    func setPkeyPerms(_ por: TermID, pkey: UInt64, perms: UInt64) -> TermID {
        let shift = constant(4 * pkey)
        let cleared = binary(.and, por, unary(.bitNot, binary(.shl, constant(0xf), shift)))
        return binary(.or, cleared, binary(.shl, constant(perms), shift))
    }

    /// The permission field of `pkey` in `por`: `(por >> 4 * pkey) & 0xf`.
    func perms(_ por: TermID, pkey: UInt64) -> TermID { and(lshr(por, 4 * pkey), 0xf) }
}
