import KPProperties

/// How an action reads in every report and trace file: the one place its words are chosen.
extension Action {
    public var text: String {
        switch self {
        case .readPOR(let value): "read POR_EL1 = \(value)"
        case .writePOR(let value): "write POR_EL1 := \(value)"
        case .isb: "isb"
        case .dsb(let kind): "dsb(\(kind))"
        case .testThreadFlag(let flag, let was): "test_thread_flag(\(flag)) = \(was)"
        case .setThreadFlag(let flag): "set_thread_flag(\(flag))"
        case .clearThreadFlag(let flag): "clear_thread_flag(\(flag))"
        case .testAndClearThreadFlag(let flag, let was): "test_and_clear_thread_flag(\(flag)) = \(was)"
        case .testAndSetThreadFlag(let flag, let was): "test_and_set_thread_flag(\(flag)) = \(was)"
        case .call(let call): "\(call.rawValue)()"
        case .readTaskField(let task, let field): "read \(task).\(field)"
        case .writeTaskField(let task, let field, let value): "\(task).\(field) = \(value)"
        case .readGlobal(let name): "read \(name)"
        case .writeGlobal(let name, let value): "\(name) = \(value)"
        case .readPerCPU(let name): "read this_cpu(\(name))"
        case .writePerCPU(let name, let value): "this_cpu(\(name)) = \(value)"
        case .storePgtable(let entry, let value): "store \(entry) = \(value)"
        case .choose(let count, let value): "kpcheck_choose(\(count)) = \(value)"
        case .spin(let budget): "\(budget) local instructions without a visible action"
        case .exceptionEntry(let synchronizing): "interrupt: exception entry" + (synchronizing ? "" : Self.featExS)
        case .exceptionReturn(let synchronizing): "ERET" + (synchronizing ? "" : Self.featExS)
        case .preemption(let task): "preemption on interrupt return: \(task) gives up the CPU"
        case .reschedule(let call, let task): "reschedule at \(call.rawValue)(): \(task) gives up the CPU"
        case .softirqsDone: "softirqs done: back in local_bh_enable()"
        case .resume(let task): "\(task) resumes where it gave up the CPU (no exception return)"
        case .taskEnd(let task): "\(task) ends"
        case .contextSwitch(let from, let to, let kind): "switch \(from) → \(to)\(Self.qualifier(kind)); dsb(ish)"
        case .worded(let words): words
        }
    }

    private static let featExS = " (FEAT_ExS: not synchronizing)"

    private static func qualifier(_ kind: SwitchKind) -> String {
        switch kind {
        case .endOrIdle: ""
        case .voluntary: " (voluntary: no exception return)"
        case .preempted: " (preempted on interrupt return)"
        }
    }

    /// The action that `text` words, for what keeps only the words (a report's JSON read
    /// back by `merge`, a trace file of format 1 or 2): `Action(text: a.text) == a` for
    /// the actions the machine builds, and words this build does not write are
    /// `.worded(text)`. Names of globals and per-CPU
    /// variables are C identifiers, fields are identifiers joined by `.`, and task names
    /// have no `.` or space: that tells apart actions whose words have the same shape.
    public init(text: String) {
        self = Self.shapes.lazy.compactMap { shape in
            Self.operands(of: text, in: shape.literals).flatMap(shape.make).flatMap { $0.text == text ? $0 : nil }
        }.first ?? .worded(text)
    }

    /// Stand for an operand in the words of a `Shape`'s action (no fixed words contain them).
    private static let hole = "\u{1}", number = Int.min

    /// The words of a kind of action, with holes for its operands: its literals come from
    /// `text` itself, so they are chosen in one place.
    private struct Shape: Sendable {
        let literals: [String]
        let make: @Sendable ([String]) -> Action?

        init(_ action: Action, _ make: @escaping @Sendable ([String]) -> Action?) {
            literals = action.text.replacing(String(number), with: hole)
                .split(separator: hole, omittingEmptySubsequences: false).map(String.init)
            self.make = make
        }
    }

    /// Every kind of action, in the order they are tried: where the words of one kind fit
    /// another's shape too, the more particular comes first (a task's field before a global).
    private static let shapes: [Shape] = [
        Shape(.isb) { _ in .isb }, Shape(.softirqsDone) { _ in .softirqsDone },
        Shape(.readPOR(value: hole)) { .readPOR(value: $0[0]) },
        Shape(.writePOR(value: hole)) { .writePOR(value: $0[0]) },
        Shape(.dsb(kind: hole)) { .dsb(kind: $0[0]) },
        Shape(.setThreadFlag(flag: hole)) { .setThreadFlag(flag: $0[0]) },
        Shape(.clearThreadFlag(flag: hole)) { .clearThreadFlag(flag: $0[0]) },
        Shape(.choose(count: number, value: number)) { o in
            Int(o[0]).flatMap { count in Int(o[1]).map { .choose(count: count, value: $0) } }
        },
        Shape(.spin(budget: number)) { Int($0[0]).map { .spin(budget: $0) } },
        Shape(.preemption(task: hole)) { task($0[0]).map { .preemption(task: $0) } },
        Shape(.resume(task: hole)) { task($0[0]).map { .resume(task: $0) } },
        Shape(.readPerCPU(name: hole)) { name($0[0]).map { .readPerCPU(name: $0) } },
        Shape(.writePerCPU(name: hole, value: hole)) { o in name(o[0]).map { .writePerCPU(name: $0, value: o[1]) } },
        Shape(.storePgtable(entry: hole, value: hole)) { .storePgtable(entry: $0[0], value: $0[1]) },
        Shape(.readTaskField(task: hole, field: hole)) { o in
            task(o[0]).flatMap { task in field(o[1]).map { .readTaskField(task: task, field: $0) } }
        },
        Shape(.readGlobal(name: hole)) { name($0[0]).map { .readGlobal(name: $0) } },
        Shape(.writeTaskField(task: hole, field: hole, value: hole)) { o in
            task(o[0]).flatMap { task in field(o[1]).map { .writeTaskField(task: task, field: $0, value: o[2]) } }
        },
        Shape(.writeGlobal(name: hole, value: hole)) { o in name(o[0]).map { .writeGlobal(name: $0, value: o[1]) } },
        Shape(.taskEnd(task: hole)) { task($0[0]).map { .taskEnd(task: $0) } },
    ] + Call.allCases.flatMap { call in [
        Shape(.call(call)) { _ in .call(call) },
        Shape(.reschedule(at: call, task: hole)) { task($0[0]).map { .reschedule(at: call, task: $0) } },
    ] } + SwitchKind.allCases.map { kind in
        Shape(.contextSwitch(from: hole, to: hole, kind: kind)) { o in
            task(o[0]).flatMap { from in task(o[1]).map { .contextSwitch(from: from, to: $0, kind: kind) } }
        }
    } + [true, false].flatMap { was -> [Shape] in [
        Shape(.exceptionEntry(synchronizing: was)) { _ in .exceptionEntry(synchronizing: was) },
        Shape(.exceptionReturn(synchronizing: was)) { _ in .exceptionReturn(synchronizing: was) },
        Shape(.testThreadFlag(flag: hole, was: was)) { .testThreadFlag(flag: $0[0], was: was) },
        Shape(.testAndClearThreadFlag(flag: hole, was: was)) { .testAndClearThreadFlag(flag: $0[0], was: was) },
        Shape(.testAndSetThreadFlag(flag: hole, was: was)) { .testAndSetThreadFlag(flag: $0[0], was: was) },
    ] }

    /// What fills the holes between `literals` in `s`, each the shortest that fits but the
    /// last; nil when `s` is not of that shape or a hole is empty.
    private static func operands(of s: String, in literals: [String]) -> [String]? {
        guard literals.count > 1 else { return literals == [s] ? [] : nil }
        guard let first = literals.first, let last = literals.last, s.hasPrefix(first), s.hasSuffix(last),
              s.count >= first.count + last.count else { return nil }
        var rest = s.dropFirst(first.count).dropLast(last.count)
        var parts: [String] = []
        for literal in literals.dropFirst().dropLast() {
            guard let cut = rest.firstRange(of: literal) else { return nil }
            parts.append(String(rest[..<cut.lowerBound]))
            rest = rest[cut.upperBound...]
        }
        parts.append(String(rest))
        return parts.contains(where: \.isEmpty) ? nil : parts
    }

    /// A C identifier.
    private static func name(_ s: String) -> String? {
        isIdentifier(s) ? s : nil
    }

    /// A field of a task, through its structs: `lazy_mmu_state.enable_count`.
    private static func field(_ s: String) -> String? {
        s.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(isIdentifier) ? s : nil
    }

    private static func task(_ s: String) -> String? {
        s.contains(".") || s.contains(" ") ? nil : s
    }

    private static func isIdentifier(_ s: some StringProtocol) -> Bool {
        s.first.map { !$0.isNumber } ?? false && s.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
    }
}
