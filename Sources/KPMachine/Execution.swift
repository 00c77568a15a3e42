import KPExplorer
import KPIR
import KPProperties
import KPSolver

/// One transition being computed: a copy of the state that the CPU's code mutates
/// until a visible action ends the step. A fork (a branch on a symbolic condition,
/// a scheduling choice) copies it.
struct Exec {
    var state: PackedState
    let cpu: Int
    let recording: Bool
    var violations: [Violation] = []
    var isb = 0, dsb = 0, porWrites = 0
    /// The visible action ran while page tables were writable and was ordinary work.
    var exposed = false
    var localSteps = 0
    /// Forked at a visible action (a choice): the step is already complete.
    var complete = false
    /// What the step touched of state other CPUs read or write (see `Footprint`): a
    /// step with an empty one commutes with every step of every other CPU.
    var footprint = Footprint()
    /// What the step did, for traces: filled in only when recording, so a search copies
    /// no strings (one optional word instead of five references per copy).
    var note: StepNote?
}

/// What a step did, as a trace shows it.
struct StepNote {
    var task: Int
    var context: String
    var function: String
    var location: SourceLocation
    var action: Action

    static let none = StepNote(task: 0, context: "", function: "", location: .machine("machine"), action: .worded(""))
}

/// A transition as traces and metrics see it.
public struct Transition {
    public var state: PackedState
    public var cpu: Int
    public var task: Int
    public var context: String
    public var function: String
    public var location: SourceLocation
    public var action: Action
    public var violations: [Violation]
    public var isb: Int
    public var dsb: Int
    public var porWrites: Int
    public var exposed: Bool

    init(_ e: Exec) {
        state = e.state
        cpu = e.cpu
        let note = e.note ?? .none
        task = note.task
        context = note.context
        function = note.function
        location = note.location
        action = note.action
        violations = e.violations
        isb = e.isb
        dsb = e.dsb
        porWrites = e.porWrites
        exposed = e.exposed
    }
}

enum StepOutcome {
    case local      // keep executing
    case visible    // the step is complete
    case blocked    // this CPU has nothing to do: no transition
}

extension Machine {
    /// Local instructions one step may run before it is cut: a loop without visible
    /// actions then becomes a cycle of the state graph instead of a hang.
    static let localStepBudget = 10_000

    func expand(_ state: PackedState, cpu: Int, interrupt: Bool, recording: Bool, emit: (Exec) -> Void) throws {
        // Taken out of `scratch`, so that the list is not shared and appending does not
        // copy it.
        var work = scratch
        scratch = []
        defer { work.removeAll(keepingCapacity: true); scratch = work }
        work.append(Exec(state: stateCopy(of: state), cpu: cpu, recording: recording))
        var next = 0
        while next < work.count {
            // Moved out of the list, so that a fork's state is not shared and its first
            // write does not copy it.
            var e = Exec(state: [], cpu: cpu, recording: recording)
            swap(&e, &work[next])
            next += 1
            let outcome: StepOutcome
            if interrupt {
                takeInterrupt(&e)
                outcome = .visible
            } else {
                outcome = try run(&e, forks: &work)
            }
            // A CPU that found nothing to run looked at the run queue all the same.
            if e.footprint.readsRunQueue { runQueueRead = true }
            guard outcome == .visible else { continue }
            recordWrites(&e, from: state)
            emit(e)
        }
    }

    /// A copy of `state` of the machine's own, in a recycled state's storage when there
    /// is one (see `statePool`).
    func stateCopy(of state: PackedState) -> PackedState {
        // (A state of another width, a modular search's view, leaves the pool as it is.)
        guard statePool.last?.count == state.count, var copy = statePool.popLast() else { return state }
        copy.withUnsafeMutableBufferPointer { c in state.withUnsafeBufferPointer { _ = c.update(fromContentsOf: $0) } }
        return copy
    }

    public func recycle(_ state: inout PackedState) {
        var taken: PackedState = []
        swap(&taken, &state)
        if statePool.count < 64 && taken.count == layout.width { statePool.append(taken) }
    }

    /// Runs the CPU's current context until one visible action has happened.
    private func run(_ e: inout Exec, forks: inout [Exec]) throws -> StepOutcome {
        if e.complete { return .visible }
        while true {
            let t = Int(e.state[layout.cpu(e.cpu) + StateLayout.cpuTask])
            let level = Int(e.state[layout.taskBase[t] + StateLayout.taskDepth]) - 1
            let ctx = layout.context(t, level)
            let top = e.state[ctx + StateLayout.ctxTopFrame]
            let outcome: StepOutcome
            if top == StateLayout.noFrame {
                outcome = try advance(&e, task: t, level: level, forks: &forks)
            } else {
                e.localSteps += 1
                if e.localSteps > Machine.localStepBudget {
                    note(&e, task: t, level: level, function: "", at: .machine("spin"),
                         .spin(budget: Machine.localStepBudget))
                    return .visible
                }
                let frame = layout.stackBase(task: t, level: level) + Int(top)
                outcome = try execute(&e, frame: frame, task: t, level: level, forks: &forks)
            }
            if outcome == .visible { clearDeadRegisters(&e) }
            if outcome != .local { return outcome }
        }
    }

    /// At the end of a step, forget the values the running code will never read.
    func clearDeadRegisters(_ e: inout Exec) {
        let t = Int(e.state[layout.cpu(e.cpu) + StateLayout.cpuTask])
        let level = Int(e.state[layout.taskBase[t] + StateLayout.taskDepth]) - 1
        let top = e.state[layout.context(t, level) + StateLayout.ctxTopFrame]
        guard top != StateLayout.noFrame else { return }
        let frame = layout.stackBase(task: t, level: level) + Int(top)
        let fn = Int(e.state[frame + StateLayout.frameFunction]) - 1
        let pc = Int(e.state[frame + StateLayout.framePC])
        for i in deadRanges[codeStart[fn] + pc] {
            e.state[frame + StateLayout.frameRegisters + Int(deadRegisters[i])] = 0
        }
    }

    @inline(__always) func operand(_ e: Exec, _ o: Operand, frame: Int) -> ValueWord {
        switch o {
        case .reg(let r): e.state[frame + StateLayout.frameRegisters + Int(r)]
        case .imm(let v): values.make(v)
        }
    }

    @inline(__always) func setRegister(_ e: inout Exec, frame: Int, _ r: Reg, _ v: ValueWord) {
        e.state[frame + StateLayout.frameRegisters + Int(r)] = v
    }

    /// Executes the instruction at the top frame's pc.
    private func execute(_ e: inout Exec, frame: Int, task t: Int, level: Int,
                         forks: inout [Exec]) throws -> StepOutcome {
        let fn = Int(e.state[frame + StateLayout.frameFunction]) - 1
        let pc = Int(e.state[frame + StateLayout.framePC])
        // The op alone is copied (a location is read only by the cases that use it, so a
        // local instruction retains no string).
        let index = codeStart[fn] + pc
        noteExecuted(index)
        e.state[frame + StateLayout.framePC] = UInt32(pc + 1)
        switch code[index] {
        case .mov(let dst, let a):
            setRegister(&e, frame: frame, dst, operand(e, a, frame: frame))
        case .unary(let dst, let op, let a, let type):
            setRegister(&e, frame: frame, dst, values.unary(op, operand(e, a, frame: frame), type))
        case .binary(let dst, let op, let a, let b, let type):
            setRegister(&e, frame: frame, dst,
                        values.binary(op, operand(e, a, frame: frame), operand(e, b, frame: frame), type))
        case .convert(let dst, let a, let type):
            setRegister(&e, frame: frame, dst, values.convert(operand(e, a, frame: frame), to: type))
        case .jump(let target):
            e.state[frame + StateLayout.framePC] = UInt32(target)
        case .branch(let c, let then, let otherwise):
            try branch(&e, on: operand(e, c, frame: frame), frame: frame, then: then, else: otherwise, forks: &forks)
        case .call(let dst, let callee, let args):
            lazyCall(&e, callee: callee, task: t, level: level)
            let callee = push(&e, function: callee, args: [], returnRegister: dst, task: t, level: level)
            for (i, a) in args.enumerated() {
                e.state[callee + StateLayout.frameRegisters + i] = operand(e, a, frame: frame)
            }
            for i in deadAcrossCallRanges[codeStart[fn] + pc] {
                e.state[frame + StateLayout.frameRegisters + Int(deadRegisters[i])] = 0
            }
        case .ret(let value):
            let result = value.map { operand(e, $0, frame: frame) }
            try ret(&e, frame: frame, function: fn, value: result, task: t, level: level, at: locations[index])
        case .guardBegin(let slot):
            setRegister(&e, frame: frame, slot, e.state[layout.cpu(e.cpu) + StateLayout.cpuPOR])
        case .guardEnd(let slot):
            let saved = e.state[frame + StateLayout.frameRegisters + Int(slot)]
            checkRestored(&e, expected: saved, at: locations[index],
                          what: "the guard scope in \(program.functions[fn].name)")
        case .builtin(let dst, .choose, let args):
            // A choice ends the step, so a loop that chooses again is a cycle, not a fan.
            try choose(&e, among: args.first.map { operand(e, $0, frame: frame) } ?? 0, into: dst, frame: frame,
                       forks: &forks, task: t, level: level, function: fn, at: locations[index])
            return .visible
        case .builtin(let dst, let builtin, let args):
            let argument = args.first.map { operand(e, $0, frame: frame) } ?? 0
            return try self.builtin(&e, builtin, argument: argument, dst: dst, frame: frame, task: t, level: level,
                                    function: fn, at: locations[index], forks: &forks)
        case .loadTask(let dst, let task, let field):
            let target = try taskIndex(e, operand(e, task, frame: frame), at: locations[index])
            try noteTaskAccess(&e, target: target, running: t, field: field, at: locations[index])
            setRegister(&e, frame: frame, dst, readWord(&e, layout.taskBase[target] + StateLayout.taskFields + field))
            // A running task's fields are touched by no other CPU, and only an interrupt
            // can run other code of the task between two of its steps. A read of its own
            // field with interrupts masked, or of one that no such code writes
            // (`concurrentlyWrittenFields`), commutes with everything else that may run
            // next, so it needs no step of its own.
            if config.mergesPrivateReads && target == t
                && (e.state[layout.context(t, level) + StateLayout.ctxIrqMasked] != 0
                    || !concurrentlyWrittenFields.contains(field)) {
                return .local
            }
            return visible(&e, task: t, level: level, function: fn, at: locations[index],
                           .readTaskField(task: taskName(target), field: program.taskFields[field].name))
        case .storeTask(let task, let field, let value):
            let target = try taskIndex(e, operand(e, task, frame: frame), at: locations[index])
            try noteTaskAccess(&e, target: target, running: t, field: field, at: locations[index])
            let v = values.convert(operand(e, value, frame: frame), to: program.taskFields[field].type)
            e.state[layout.taskBase[target] + StateLayout.taskFields + field] = v
            return visible(&e, task: t, level: level, function: fn, at: locations[index],
                           .writeTaskField(task: taskName(target), field: program.taskFields[field].name,
                                           value: render(v)))
        case .loadRegs(let dst, let regs, let field):
            // An exception frame belongs to its own context: no other code reads or
            // writes it, so neither access needs a step of its own.
            let base = try regsBase(e, operand(e, regs, frame: frame), at: locations[index])
            setRegister(&e, frame: frame, dst, e.state[base + field])
        case .storeRegs(let regs, let field, let value):
            let base = try regsBase(e, operand(e, regs, frame: frame), at: locations[index])
            e.state[base + field] = values.convert(operand(e, value, frame: frame), to: program.regsFields[field].type)
        case .loadGlobal(let dst, let g):
            setRegister(&e, frame: frame, dst, readWord(&e, layout.globalsBase + g))
            return visible(&e, task: t, level: level, function: fn, at: locations[index],
                           .readGlobal(name: program.globals[g].name))
        case .storeGlobal(let g, let value):
            let v = values.convert(operand(e, value, frame: frame), to: program.globals[g].type)
            e.state[layout.globalsBase + g] = v
            return visible(&e, task: t, level: level, function: fn, at: locations[index],
                           .writeGlobal(name: program.globals[g].name, value: render(v)))
        case .loadPerCPU(let dst, let p):
            setRegister(&e, frame: frame, dst, e.state[layout.cpu(e.cpu) + StateLayout.cpuPerCPU + p])
            return visible(&e, task: t, level: level, function: fn, at: locations[index],
                           .readPerCPU(name: program.perCPU[p].name))
        case .storePerCPU(let p, let value):
            let v = values.convert(operand(e, value, frame: frame), to: program.perCPU[p].type)
            e.state[layout.cpu(e.cpu) + StateLayout.cpuPerCPU + p] = v
            return visible(&e, task: t, level: level, function: fn, at: locations[index],
                           .writePerCPU(name: program.perCPU[p].name, value: render(v)))
        case .storePgtable(let entry, let value):
            let handle = operand(e, entry, frame: frame)
            let v = operand(e, value, frame: frame)
            try storePgtable(&e, handle: handle, value: v, task: t, level: level, at: locations[index])
            return visible(&e, task: t, level: level, function: fn, at: locations[index],
                           .storePgtable(entry: describeEntry(handle), value: render(v)))
        case .assert(let dst, let kind, let c):
            let cond = operand(e, c, frame: frame)
            if let dst { setRegister(&e, frame: frame, dst, cond) }
            // A check of local values: it needs no step of its own.
            checkAssertion(&e, kind: kind, condition: cond, at: locations[index], function: fn)
        }
        return .local
    }

    /// Branches on `c`; a symbolic condition that can go both ways forks the step.
    private func branch(_ e: inout Exec, on c: ValueWord, frame: Int, then: Int, else otherwise: Int,
                        forks: inout [Exec]) throws {
        func go(_ e: inout Exec, to target: Int) { e.state[frame + StateLayout.framePC] = UInt32(target) }
        if let known = values.isTrue(c) {
            go(&e, to: known ? then : otherwise)
            return
        }
        let pc = e.state[StateLayout.pathCondition]
        let cond = values.term(c)
        let zero = terms.constant(0)
        let holds = terms.binary(.ne, cond, zero), fails = terms.binary(.eq, cond, zero)
        let canHold = solver.isSatisfiable(holds, assuming: values.term(pc), purpose: "branch feasibility")
        let canFail = solver.isSatisfiable(fails, assuming: values.term(pc), purpose: "branch feasibility")
        if canHold == .unknown || canFail == .unknown { noteUnknown() }
        // A side the path condition already decides adds nothing to it: only a real
        // fork narrows the path condition (a longer one would split equal states).
        if canFail == .no || canHold == .no {
            go(&e, to: canFail == .no ? then : otherwise)
            return
        }
        // Not a shared step, although every CPU's checks read the path condition: for
        // each valuation of the symbols the branch is a local computation, one of the
        // two forks holds that valuation, and a check under a weaker condition only
        // finds more (real) violations. Steps that narrow it cannot lie on a cycle.
        var other = e
        go(&other, to: otherwise)
        other.state[StateLayout.pathCondition] = conjoin(pc, fails)
        forks.append(other)
        go(&e, to: then)
        e.state[StateLayout.pathCondition] = conjoin(pc, holds)
    }

    /// The path condition `pc ∧ condition`, built from its conjuncts in one order
    /// (ascending term ids), so that the same conditions met in different orders (two
    /// CPUs, or a task and an interrupt, branching on them one before the other) make
    /// one path condition and one state, not one per order.
    func conjoin(_ pc: ValueWord, _ condition: TermID) -> ValueWord {
        let key = PathConditionKey(pc: pc, condition: condition)
        if let known = conjunctionCache[key] { return known }
        var conjuncts = Array(pathConditionConjuncts[pc] ?? [])
        if !conjuncts.contains(condition) { conjuncts.append(condition) }
        conjuncts.sort()
        var term = terms.constant(1)
        for c in conjuncts { term = terms.binary(.and, term, c) }
        let word = values.word(term)
        pathConditionConjuncts.record(conjuncts, of: word)
        conjunctionCache[key] = word
        return word
    }

    /// `kpcheck_choose(n)`: one fork per value, in order.
    private func choose(_ e: inout Exec, among n: ValueWord, into dst: Reg?, frame: Int, forks: inout [Exec],
                        task t: Int, level: Int, function fn: Int, at location: @autoclosure () -> SourceLocation) throws {
        guard let count = values.constant(n), count >= 1, count <= 64 else {
            throw DiagnosticError(MachineError.chooseCount, at: location())
        }
        for value in 0..<count {
            var option = e
            if let dst { setRegister(&option, frame: frame, dst, values.make(value)) }
            _ = visible(&option, task: t, level: level, function: fn, at: location(),
                        .choose(count: Int(count), value: Int(value)))
            clearDeadRegisters(&option)
            option.complete = true
            if value + 1 == count { e = option } else { forks.append(option) }
        }
    }

    /// Pushes a frame for `function` on the context's stack; returns where it starts.
    @discardableResult
    func push(_ e: inout Exec, function: Int, args: [ValueWord], returnRegister: Reg?, task t: Int, level: Int) -> Int {
        let ctx = layout.context(t, level)
        let stack = layout.stackBase(task: t, level: level)
        let start = Int(e.state[ctx + StateLayout.ctxStackTop])
        let registers = registerCounts[function]
        precondition(start + StateLayout.frameRegisters + registers <= layout.stackSize(t, level),
                     "stack layout too small")
        // A context starts only with a task's body or a root of the may-write analysis.
        precondition(e.state[ctx + StateLayout.ctxTopFrame] != StateLayout.noFrame
                        || environmentRoots.contains(function) || (!isIdle(t) && config.taskEntries[t] == function),
                     "the machine starts \(program.functions[function].name), which environmentRoots does not list")
        let frame = stack + start
        e.state[frame + StateLayout.frameFunction] = UInt32(function + 1)
        e.state[frame + StateLayout.framePC] = 0
        e.state[frame + StateLayout.frameReturnRegister] = returnRegister.map(UInt32.init) ?? StateLayout.noRegister
        e.state[frame + StateLayout.framePrevious] = e.state[ctx + StateLayout.ctxTopFrame]
        let zero = values.make(0)
        for r in 0..<registers {
            e.state[frame + StateLayout.frameRegisters + r] = r < args.count ? args[r] : zero
        }
        e.state[ctx + StateLayout.ctxTopFrame] = UInt32(start)
        e.state[ctx + StateLayout.ctxStackTop] = UInt32(start + StateLayout.frameRegisters + registers)
        return frame
    }

    private func ret(_ e: inout Exec, frame: Int, function fn: Int, value: ValueWord?, task t: Int, level: Int,
                     at location: @autoclosure () -> SourceLocation) throws {
        let ctx = layout.context(t, level)
        let stack = layout.stackBase(task: t, level: level)
        let previous = e.state[frame + StateLayout.framePrevious]
        let returnRegister = e.state[frame + StateLayout.frameReturnRegister]
        let size = StateLayout.frameRegisters + registerCounts[fn]
        for i in 0..<size { e.state[frame + i] = 0 }
        e.state[ctx + StateLayout.ctxTopFrame] = previous
        e.state[ctx + StateLayout.ctxStackTop] = UInt32(frame - stack)
        if previous != StateLayout.noFrame {
            let caller = stack + Int(previous)
            if returnRegister != StateLayout.noRegister, let value {
                e.state[caller + StateLayout.frameRegisters + Int(returnRegister)] = value
            }
            lazyReturn(&e, callee: fn, task: t, level: level, at: location())
            // A call made by the context's root function is a helper the scenario
            // called: its page-table stores must have had their barriers by now.
            if previous == 0 { checkHelperBarriers(&e, task: t, level: level, helper: fn, at: location()) }
        }
    }
}
