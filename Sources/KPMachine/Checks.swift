import KPExplorer
import KPIR
import KPProperties
import KPSolver

/// The property monitors: each check runs where the machine performs the action it
/// is about, and records a `Violation` on the transition.
extension Machine {
    enum Barrier { case dsb, isb }

    /// Barrier debt of a context: a valid kernel page-table store owes a dsb, then an isb.
    enum Debt: UInt32 { case none = 0, needDSB, needISB }

    func violate(_ e: inout Exec, _ property: Property, _ message: String, at location: @autoclosure () -> SourceLocation, fatal: Bool) {
        e.violations.append(Violation(property: property, message: message, location: location(), fatal: fatal))
    }

    // MARK: POR_EL1 and eff

    func writePOR(_ e: inout Exec, _ v: ValueWord, task t: Int, level: Int, at location: @autoclosure () -> SourceLocation) throws {
        let cpu = layout.cpu(e.cpu)
        let old = e.state[cpu + StateLayout.cpuPOR]
        if !inMachineHook(e.state, task: t, level: level) {
            // Only the fields of pkeys 0 and 1 may change when kpkeys switches context.
            // Compared as two masked values, which fold to one term when they agree.
            let others = values.make(~UInt64(0xFF))
            let same = values.binary(.eq, values.binary(.and, v, others, .u64), values.binary(.and, old, others, .u64), .u64)
            if decide(same, in: e.state, question: 1) != .yes {
                violate(&e, .otherPkeysPreserved,
                        "POR_EL1 := \(renderPOR(v)) changes the permissions of pkeys 2-7 (was \(renderPOR(old)))",
                        at: location(), fatal: false)
            }
        }
        e.state[cpu + StateLayout.cpuPOR] = v
        insertEff(&e, v)
        e.porWrites += 1
    }

    /// Exception entry/exit and the context switch install whole register values.
    private func inMachineHook(_ s: PackedState, task t: Int, level: Int) -> Bool {
        let phase = s[layout.context(t, level) + StateLayout.ctxPhase]
        return phase == Phase.entry.rawValue || phase == Phase.exit.rawValue
            || phase == Phase.switchOut.rawValue || phase == Phase.switching.rawValue
            || phase == Phase.preempting.rawValue || phase == Phase.yielding.rawValue || phase == Phase.yieldSwitch.rawValue
    }

    /// Adds `v` to the CPU's `eff`. The set is interned (`EffSets`): it grows with every
    /// distinct value written before a context synchronization event, at one word per CPU.
    private func insertEff(_ e: inout Exec, _ v: ValueWord) {
        let word = layout.cpu(e.cpu) + StateLayout.cpuEff
        e.state[word] = effSets.inserting(v, into: e.state[word])
    }

    /// A context synchronization event: permission checks now use the register's value.
    func contextSynchronization(_ e: inout Exec) {
        let cpu = layout.cpu(e.cpu)
        e.state[cpu + StateLayout.cpuEff] = effSets.singleton(e.state[cpu + StateLayout.cpuPOR])
    }

    func effValues(_ s: PackedState, cpu c: Int) -> [ValueWord] {
        effSets.values(s[layout.cpu(c) + StateLayout.cpuEff])
    }

    /// The values of an `eff` a context saved (see `StateLayout.ctxEntryEff`).
    func effValues(entry id: UInt32) -> [ValueWord] { effSets.values(id) }

    /// por-restored and isb-before-use at a point where control returns.
    ///
    /// `owed`: the values a permission check may use here that are not this code's
    /// business. At an exception return under FEAT_ExS (no synchronization there) they
    /// are the `eff` and POR_EL1 found when the exception was taken: a write the
    /// interrupted code has not synchronized yet is synchronized by that code, and the
    /// exception owes only what it added.
    func checkRestored(_ e: inout Exec, expected: ValueWord, at location: @autoclosure () -> SourceLocation, what: String,
                       tolerating owed: [ValueWord] = []) {
        let por = e.state[layout.cpu(e.cpu) + StateLayout.cpuPOR]
        if por != expected && !equal(por, expected, in: e.state) {
            violate(&e, .porRestored, "after \(what), POR_EL1 is \(renderPOR(por)), not \(renderPOR(expected)) as on entry",
                    at: location(), fatal: false)
        }
        let effWord = e.state[layout.cpu(e.cpu) + StateLayout.cpuEff]
        if effWord == effSets.singleton(por) { return }
        let stale = effSets.values(effWord).filter { v in
            v != por && !owed.contains(v) && !equal(v, por, in: e.state)
                && !owed.contains { equal(v, $0, in: e.state) }
        }
        if !stale.isEmpty {
            violate(&e, .isbBeforeUse,
                    "after \(what), POR_EL1 is \(renderPOR(por)) but a permission check may still use \(stale.map(renderPOR).joined(separator: ", ")): no context synchronization since the write",
                    at: location(), fatal: false)
        }
    }

    // MARK: Page-table stores and their barriers

    func storePgtable(_ e: inout Exec, handle: ValueWord, value: ValueWord, task t: Int, level: Int,
                      at location: @autoclosure () -> SourceLocation) throws {
        guard let h = values.constant(handle), Handle.tag(h) == Handle.pgtableTag else {
            throw DiagnosticError(MachineError.pgtableStoreThroughNonEntry, at: location())
        }
        let pkey = constants.pgtablePkey
        let denied = effValues(e.state, cpu: e.cpu).filter { grantsWrite($0, pkey: pkey, in: e.state) != .yes }
        if !denied.isEmpty {
            violate(&e, .pgtableWritePermitted,
                    "store to \(describeEntry(handle)) faults: the permission check may use POR_EL1 = \(denied.map(renderPOR).joined(separator: ", ")), which does not grant write to pkey \(pkey)",
                    at: location(), fatal: true)
        }
        let validKernelEntry = !Handle.pgtableIsUser(h)
            && (values.constant(value).map { $0 & constants.pteValid != 0 } ?? true)
        guard validKernelEntry else { return }
        let ctx = layout.context(t, level)
        let batched = level == 0 && e.state[ctx + StateLayout.ctxLazyDepth] > 0
            && e.state[ctx + StateLayout.ctxPauseDepth] == 0 && e.state[layout.taskBase[t] + StateLayout.taskBH] == 0
        e.state[ctx + (batched ? StateLayout.ctxSectionDebt : StateLayout.ctxDebt)] = Debt.needDSB.rawValue
    }

    func settleDebts(_ e: inout Exec, task t: Int, barrier: Barrier) {
        let depth = Int(e.state[layout.taskBase[t] + StateLayout.taskDepth])
        for level in 0..<depth {
            for word in [StateLayout.ctxDebt, StateLayout.ctxSectionDebt] {
                let i = layout.context(t, level) + word
                switch (barrier, Debt(rawValue: e.state[i]) ?? .none) {
                case (.dsb, .needDSB): e.state[i] = Debt.needISB.rawValue
                case (.isb, .needISB): e.state[i] = Debt.none.rawValue
                default: break
                }
            }
        }
    }

    func checkHelperBarriers(_ e: inout Exec, task t: Int, level: Int, helper: Int, at location: @autoclosure () -> SourceLocation) {
        let i = layout.context(t, level) + StateLayout.ctxDebt
        guard e.state[i] != Debt.none.rawValue else { return }
        let missing = e.state[i] == Debt.needDSB.rawValue ? "dsb and isb" : "isb"
        violate(&e, .pteBarriers,
                "\(program.functions[helper].name) returned without the \(missing) its kernel page-table store needs",
                at: location(), fatal: false)
        e.state[i] = Debt.none.rawValue
    }

    // MARK: Lazy MMU sections and pauses

    /// Calls made in interrupt context (or with bottom halves off) are ignored by the
    /// API, so they open and close nothing here either.
    func lazyCall(_ e: inout Exec, callee: Int, task t: Int, level: Int) {
        guard !inInterrupt(e.state, task: t) else { return }
        let ctx = layout.context(t, level)
        let por = e.state[layout.cpu(e.cpu) + StateLayout.cpuPOR]
        let paused = e.state[ctx + StateLayout.ctxPauseDepth] > 0
        if callee == hooks.lazyEnable && !paused {
            if e.state[ctx + StateLayout.ctxLazyDepth] == 0 { e.state[ctx + StateLayout.ctxLazyEntryPOR] = por }
            e.state[ctx + StateLayout.ctxLazyDepth] += 1
        } else if callee == hooks.lazyPause {
            if !paused {
                let inSection = e.state[ctx + StateLayout.ctxLazyDepth] > 0
                e.state[ctx + StateLayout.ctxPauseExpect] = inSection ? e.state[ctx + StateLayout.ctxLazyEntryPOR] : por
            }
            e.state[ctx + StateLayout.ctxPauseDepth] += 1
        }
    }

    func lazyReturn(_ e: inout Exec, callee: Int, task t: Int, level: Int, at location: @autoclosure () -> SourceLocation) {
        guard !inInterrupt(e.state, task: t) else { return }
        let ctx = layout.context(t, level)
        let pauseDepth = e.state[ctx + StateLayout.ctxPauseDepth]
        if callee == hooks.lazyDisable && pauseDepth == 0 && e.state[ctx + StateLayout.ctxLazyDepth] > 0 {
            e.state[ctx + StateLayout.ctxLazyDepth] -= 1
            if e.state[ctx + StateLayout.ctxLazyDepth] == 0 {
                sectionEnd(&e, task: t, level: level, expected: e.state[ctx + StateLayout.ctxLazyEntryPOR],
                           what: "the outermost lazy MMU section", at: location())
                e.state[ctx + StateLayout.ctxLazyEntryPOR] = 0
            }
        } else if callee == hooks.lazyPause && pauseDepth == 1 {
            sectionEnd(&e, task: t, level: level, expected: e.state[ctx + StateLayout.ctxPauseExpect],
                       what: "lazy_mmu_mode_pause()", at: location())
        } else if callee == hooks.lazyResume && pauseDepth > 0 {
            e.state[ctx + StateLayout.ctxPauseDepth] -= 1
            if pauseDepth == 1 { e.state[ctx + StateLayout.ctxPauseExpect] = 0 }
        }
    }

    private func sectionEnd(_ e: inout Exec, task t: Int, level: Int, expected: ValueWord, what: String,
                            at location: @autoclosure () -> SourceLocation) {
        checkRestored(&e, expected: expected, at: location(), what: what)
        let flagWord = layout.taskBase[t] + (constants.lazyPendingFlag < 32 ? StateLayout.taskTIFLow : StateLayout.taskTIFHigh)
        if e.state[flagWord] & (UInt32(1) << UInt32(constants.lazyPendingFlag % 32)) != 0 {
            violate(&e, .pteBarriers, "after \(what), \(flagName(constants.lazyPendingFlag)) is still set",
                    at: location(), fatal: false)
        }
        let debt = layout.context(t, level) + StateLayout.ctxSectionDebt
        if e.state[debt] != Debt.none.rawValue {
            violate(&e, .pteBarriers, "after \(what), the dsb; isb owed for the section's kernel page-table stores were not issued",
                    at: location(), fatal: false)
            e.state[debt] = Debt.none.rawValue
        }
    }

    // MARK: Other checks

    func checkAssertion(_ e: inout Exec, kind: AssertKind, condition: ValueWord, at location: @autoclosure () -> SourceLocation,
                        function fn: Int) {
        let function = program.functions[fn].name
        let fires: Bool
        if let c = values.constant(condition) {
            fires = c != 0
        } else {
            let answer = solver.isSatisfiable(values.term(condition), assuming: values.term(e.state[StateLayout.pathCondition]),
                                              purpose: "\(kind.rawValue) in \(function) may fire")
            if answer == .unknown { noteUnknown() }
            fires = answer == .yes
        }
        if fires {
            let fatal = kind == .bugOn || kind == .vmBugOn
            violate(&e, .assertions, "\(kind.rawValue) in \(function) fired", at: location(), fatal: fatal)
        }
    }

    /// irq-default-context: a handler starts with pkey 0 RWX and page tables read-only.
    func checkHandlerStart(_ e: inout Exec, handler: String) {
        guard config.exceptionEntryReset else { return }
        let expected = values.make(constants.porInit & 0xFF)
        let wrong = effValues(e.state, cpu: e.cpu).filter {
            decide(values.binary(.eq, values.binary(.and, $0, values.make(0xFF), .u64), expected, .u64),
                   in: e.state, question: 3) != .yes
        }
        if !wrong.isEmpty {
            violate(&e, .irqDefaultContext,
                    "\(handler) starts with POR_EL1 = \(wrong.map(renderPOR).joined(separator: ", ")), not the DEFAULT context",
                    at: .machine(handler), fatal: false)
        }
    }

    // MARK: Deciding questions about values

    /// Are `a` and `b` equal on every path satisfying the state's path condition?
    func equal(_ a: ValueWord, _ b: ValueWord, in s: PackedState) -> Bool {
        a == b || decide(values.binary(.eq, a, b, .u64), in: s, question: 2) == .yes
    }

    /// Is `cond` non-zero on every path satisfying the state's path condition?
    func decide(_ cond: ValueWord, in s: PackedState, question: UInt8) -> Truth {
        if let c = values.constant(cond) { return c != 0 ? .yes : .no }
        let pc = s[StateLayout.pathCondition]
        let key = PermissionKey(value: cond, pathCondition: pc, question: question)
        if let known = permissionCache[key] { return known ? .yes : .no }
        let answer = solver.isValid(values.term(cond), assuming: values.term(pc), purpose: questionPurpose(question))
        switch answer {
        case .yes: permissionCache[key] = true
        case .no: permissionCache[key] = false
        case .unknown: noteUnknown()
        }
        return answer
    }

    private func questionPurpose(_ question: UInt8) -> String {
        switch question {
        case 0: "POR_EL1 grants write to the page tables' pkey"
        case 1: "POR_EL1 write keeps pkeys 2-7"
        case 2: "POR_EL1 equals the value saved on entry"
        case 3: "POR_EL1 is the DEFAULT context"
        default: "exposure: POR_EL1 may grant write to the page tables' pkey"
        }
    }

    func grantsWrite(_ v: ValueWord, pkey: UInt64, in s: PackedState) -> Truth {
        decide(writeGrant(v, pkey: pkey), in: s, question: 0)
    }

    /// `((v >> 4*pkey) & 0xc) == POE_W`: write allowed and not a reserved encoding.
    private func writeGrant(_ v: ValueWord, pkey: UInt64) -> ValueWord {
        let field = values.binary(.shr, v, values.make(4 * pkey), .u64)
        return values.binary(.eq, values.binary(.and, field, values.make(0xC), .u64), values.make(0x4), .u64)
    }

    /// Exposure: may some value of `eff` let a page-table store through?
    func mayGrantPgtableWrite(_ s: PackedState, cpu c: Int) -> Bool {
        effValues(s, cpu: c).contains { v in
            let grant = writeGrant(v, pkey: constants.pgtablePkey)
            if let known = values.isTrue(grant) { return known }
            return decide(values.unary(.logicalNot, grant, .bool), in: s, question: 4) != .yes
        }
    }

    // MARK: Rendering

    /// A POR_EL1 value as a kpkeys context when pkeys 0 and 1 say which.
    public func renderPOR(_ v: ValueWord) -> String {
        let low = values.binary(.and, v, values.make(0xFF), .u64)
        switch values.constant(low) {
        case (constants.porInit & 0xFF)?: return "DEFAULT"
        case 0x57?: return "PGTABLES"
        default: return render(v)
        }
    }

    public func render(_ v: ValueWord) -> String {
        if let c = values.constant(v) { return c < 10 ? String(c) : "0x" + String(c, radix: 16) }
        return terms.render(v)
    }
}
