import KPIR

/// The kernel names the machine implements, and how a call to each is checked.
enum BuiltinCatalog {
    enum Form: Sendable {
        /// A plain machine operation: arguments converted to `parameters`.
        case machine(Builtin, parameters: [CType], result: CType)
        /// `WARN_ON(c)` and friends: an assertion whose value is the condition.
        case assertion(AssertKind)
        /// `likely(x)`, `unlikely(x)`, `READ_ONCE(x)`: the argument itself.
        case passThrough
        /// `WRITE_ONCE(lvalue, v)`: a page-table store when the lvalue is `*ptep`.
        case writeOnce
        /// `read_sysreg_s(SYS_POR_EL1)`.
        case readSysreg
        /// `write_sysreg_s(v, SYS_POR_EL1)`.
        case writeSysreg
        /// `dsb(option)`, the option a bare name.
        case dsb
        /// `static_branch_likely/unlikely(&key)`: the key's value, fixed by the variant.
        case staticBranch
        case thisCPURead
        case thisCPUWrite
        /// `system_supports_poe()`: the variant's `poe` option.
        case supportsPOE
        /// `guard(name)();` and `scoped_guard(name)`: statements, not expressions.
        case guardStatement
    }

    struct Entry: Sendable {
        var form: Form
        var arity: Int
    }

    /// `current` is a built-in expression, not a function; no model definition may use it either.
    static func isReserved(_ name: String) -> Bool { entries[name] != nil || name == "current" }

    static let entries: [String: Entry] = {
        var entries: [String: Entry] = [
            "read_sysreg_s": Entry(form: .readSysreg, arity: 1),
            "write_sysreg_s": Entry(form: .writeSysreg, arity: 2),
            "dsb": Entry(form: .dsb, arity: 1),
            "likely": Entry(form: .passThrough, arity: 1),
            "unlikely": Entry(form: .passThrough, arity: 1),
            "READ_ONCE": Entry(form: .passThrough, arity: 1),
            "WRITE_ONCE": Entry(form: .writeOnce, arity: 2),
            "static_branch_likely": Entry(form: .staticBranch, arity: 1),
            "static_branch_unlikely": Entry(form: .staticBranch, arity: 1),
            "this_cpu_read": Entry(form: .thisCPURead, arity: 1),
            "this_cpu_write": Entry(form: .thisCPUWrite, arity: 2),
            "system_supports_poe": Entry(form: .supportsPOE, arity: 0),
            "guard": Entry(form: .guardStatement, arity: 1),
            "scoped_guard": Entry(form: .guardStatement, arity: 1),
        ]
        for kind in [AssertKind.warnOn, .vmWarnOn, .bugOn, .vmBugOn] {
            entries[kind.rawValue] = Entry(form: .assertion(kind), arity: 1)
        }
        let flag: [CType] = [.int(.int)]
        let machine: [(String, Builtin, [CType], CType)] = [
            ("isb", .isb, [], .void),
            ("test_thread_flag", .testThreadFlag, flag, .int(.bool)),
            ("set_thread_flag", .setThreadFlag, flag, .void),
            ("clear_thread_flag", .clearThreadFlag, flag, .void),
            ("test_and_clear_thread_flag", .testAndClearThreadFlag, flag, .int(.bool)),
            ("test_and_set_thread_flag", .testAndSetThreadFlag, flag, .int(.bool)),
            ("in_interrupt", .inInterrupt, [], .int(.bool)),
            ("in_hardirq", .inHardirq, [], .int(.bool)),
            ("preempt_disable", .preemptDisable, [], .void),
            ("preempt_enable", .preemptEnable, [], .void),
            ("local_irq_disable", .localIrqDisable, [], .void),
            ("local_irq_enable", .localIrqEnable, [], .void),
            ("local_bh_disable", .localBhDisable, [], .void),
            ("local_bh_enable", .localBhEnable, [], .void),
            ("cond_resched", .condResched, [], .void),
            ("schedule", .schedule, [], .void),
            ("kpcheck_choose", .choose, [.int(.int)], .int(.int)),
        ]
        for (name, builtin, parameters, result) in machine {
            entries[name] = Entry(form: .machine(builtin, parameters: parameters, result: result), arity: parameters.count)
        }
        let tables: [(PTLevel, Bool)] = [(.pte, false), (.pte, true), (.pmd, false), (.pmd, true), (.pud, false), (.pud, true),
                                         (.p4d, false), (.pgd, false)]
        for (level, user) in tables {
            entries["\(user ? "user" : "kernel")_\(level)"] = Entry(
                form: .machine(.pgtableEntry(level, user: user), parameters: [.int(.int)], result: .pointer(.pgtable(level))),
                arity: 1)
        }
        return entries
    }()
}
