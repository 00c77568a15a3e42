/// Macros kpcheck defines before any model file. The kpkeys guard macros expand to the
/// internal forms `__kpcheck_guard_class(name, constructor, destructor)` and
/// `__kpcheck_guard_noop(name)` that the parser reads as guard classes, so the names in
/// the constructor and destructor are expanded and resolved where the guard is defined,
/// as the kernel's DEFINE_CLASS expansion would be.
enum Prelude {
    static let file = "<kpcheck>"

    static let text = """
        #define KPKEYS_GUARD_COND(name, ctx, cond) __kpcheck_guard_class(name, (cond) ? kpkeys_set_context(ctx) : KPKEYS_PKEY_REG_INVAL, kpkeys_restore_pkey_reg(_T))
        #define KPKEYS_GUARD(name, ctx) KPKEYS_GUARD_COND(name, ctx, kpkeys_enabled())
        #define KPKEYS_GUARD_NOOP(name) __kpcheck_guard_noop(name)
        """
}
