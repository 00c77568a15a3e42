import KPProperties
import KPReport
import XCTest

/// Every action has its words, the words traces have always shown, and the words read
/// back (a report's JSON merged, a trace file of format 1 or 2) give the action again.
final class ActionTextTests: XCTestCase {
    /// The cases of `Action`, to go through them all.
    enum Case: CaseIterable {
        case readPOR, writePOR, isb, dsb, testThreadFlag, setThreadFlag, clearThreadFlag, testAndClearThreadFlag
        case testAndSetThreadFlag, call, readTaskField, writeTaskField, readGlobal, writeGlobal, readPerCPU, writePerCPU
        case storePgtable, choose, spin, exceptionEntry, exceptionReturn, preemption, reschedule, softirqsDone, resume
        case taskEnd, contextSwitch, worded
    }

    /// No `default`: a case added to `Action` does not compile here until it has a `Case`…
    static func `case`(of action: Action) -> Case {
        switch action {
        case .readPOR: .readPOR
        case .writePOR: .writePOR
        case .isb: .isb
        case .dsb: .dsb
        case .testThreadFlag: .testThreadFlag
        case .setThreadFlag: .setThreadFlag
        case .clearThreadFlag: .clearThreadFlag
        case .testAndClearThreadFlag: .testAndClearThreadFlag
        case .testAndSetThreadFlag: .testAndSetThreadFlag
        case .call: .call
        case .readTaskField: .readTaskField
        case .writeTaskField: .writeTaskField
        case .readGlobal: .readGlobal
        case .writeGlobal: .writeGlobal
        case .readPerCPU: .readPerCPU
        case .writePerCPU: .writePerCPU
        case .storePgtable: .storePgtable
        case .choose: .choose
        case .spin: .spin
        case .exceptionEntry: .exceptionEntry
        case .exceptionReturn: .exceptionReturn
        case .preemption: .preemption
        case .reschedule: .reschedule
        case .softirqsDone: .softirqsDone
        case .resume: .resume
        case .taskEnd: .taskEnd
        case .contextSwitch: .contextSwitch
        case .worded: .worded
        }
    }

    /// …and a `Case` does not compile here until it has an action with its words.
    static func example(_ c: Case) -> (action: Action, words: String) {
        switch c {
        case .readPOR: (.readPOR(value: "DEFAULT"), "read POR_EL1 = DEFAULT")
        case .writePOR: (.writePOR(value: "PGTABLES"), "write POR_EL1 := PGTABLES")
        case .isb: (.isb, "isb")
        case .dsb: (.dsb(kind: "ishst"), "dsb(ishst)")
        case .testThreadFlag:
            (.testThreadFlag(flag: "TIF_LAZY_MMU_PENDING", was: true), "test_thread_flag(TIF_LAZY_MMU_PENDING) = true")
        case .setThreadFlag: (.setThreadFlag(flag: "TIF_LAZY_MMU_PENDING"), "set_thread_flag(TIF_LAZY_MMU_PENDING)")
        case .clearThreadFlag: (.clearThreadFlag(flag: "flag 40"), "clear_thread_flag(flag 40)")
        case .testAndClearThreadFlag:
            (.testAndClearThreadFlag(flag: "TIF_LAZY_MMU_PENDING", was: false),
             "test_and_clear_thread_flag(TIF_LAZY_MMU_PENDING) = false")
        case .testAndSetThreadFlag:
            (.testAndSetThreadFlag(flag: "TIF_LAZY_MMU", was: true), "test_and_set_thread_flag(TIF_LAZY_MMU) = true")
        case .call: (.call(.preemptEnable), "preempt_enable()")
        case .readTaskField:
            (.readTaskField(task: "T0:bh_task", field: "lazy_mmu_state.enable_count"),
             "read T0:bh_task.lazy_mmu_state.enable_count")
        case .writeTaskField:
            (.writeTaskField(task: "idle/0", field: "thread.por_el1", value: "0x17"), "idle/0.thread.por_el1 = 0x17")
        case .readGlobal: (.readGlobal(name: "vmalloc_lock"), "read vmalloc_lock")
        case .writeGlobal: (.writeGlobal(name: "isb_count", value: "1"), "isb_count = 1")
        case .readPerCPU: (.readPerCPU(name: "kpkeys_depth"), "read this_cpu(kpkeys_depth)")
        case .writePerCPU: (.writePerCPU(name: "kpkeys_depth", value: "2"), "this_cpu(kpkeys_depth) = 2")
        case .storePgtable:
            (.storePgtable(entry: "kernel pte[0]", value: "(pte_0 | 0x1)"), "store kernel pte[0] = (pte_0 | 0x1)")
        case .choose: (.choose(count: 11, value: 10), "kpcheck_choose(11) = 10")
        case .spin: (.spin(budget: 10_000), "10000 local instructions without a visible action")
        case .exceptionEntry: (.exceptionEntry(synchronizing: true), "interrupt: exception entry")
        case .exceptionReturn: (.exceptionReturn(synchronizing: false), "ERET (FEAT_ExS: not synchronizing)")
        case .preemption: (.preemption(task: "T1:b"), "preemption on interrupt return: T1:b gives up the CPU")
        case .reschedule:
            (.reschedule(at: .condResched, task: "T0:a"), "reschedule at cond_resched(): T0:a gives up the CPU")
        case .softirqsDone: (.softirqsDone, "softirqs done: back in local_bh_enable()")
        case .resume: (.resume(task: "T0:a"), "T0:a resumes where it gave up the CPU (no exception return)")
        case .taskEnd: (.taskEnd(task: "T0:a"), "T0:a ends")
        case .contextSwitch:
            (.contextSwitch(from: "T0:a", to: "T1:b", kind: .voluntary),
             "switch T0:a → T1:b (voluntary: no exception return); dsb(ish)")
        case .worded: (.worded("worded otherwise"), "worded otherwise")
        }
    }

    func testEveryCaseHasItsWordsAndIsReadBackFromThem() {
        for c in Case.allCases {
            let (action, words) = Self.example(c)
            XCTAssertEqual(Self.case(of: action), c, "the example of \(c) is of another case")
            XCTAssertEqual(action.text, words)
            XCTAssertEqual(Action(text: words), action, words)
        }
    }

    /// The variants of the cases with more than one wording.
    func testEveryWordingOfACaseIsReadBack() {
        let actions: [Action] = Action.Call.allCases.flatMap { [.call($0), .reschedule(at: $0, task: "T0:a")] }
            + Action.SwitchKind.allCases.map { .contextSwitch(from: "idle/1", to: "T0:a", kind: $0) }
            + [true, false].flatMap { [Action.exceptionEntry(synchronizing: $0), .exceptionReturn(synchronizing: $0)] }
        for action in actions {
            XCTAssertEqual(Action(text: action.text), action, action.text)
        }
        XCTAssertEqual(Action.contextSwitch(from: "idle/1", to: "T0:a", kind: .endOrIdle).text, "switch idle/1 → T0:a; dsb(ish)")
        XCTAssertEqual(Action.contextSwitch(from: "T0:a", to: "idle/0", kind: .preempted).text,
                       "switch T0:a → idle/0 (preempted on interrupt return); dsb(ish)")
        XCTAssertEqual(Action.exceptionEntry(synchronizing: false).text, "interrupt: exception entry (FEAT_ExS: not synchronizing)")
        XCTAssertEqual(Action.exceptionReturn(synchronizing: true).text, "ERET")
    }

    /// Words of no action this build writes stay words, and words two cases could have
    /// are read as the one whose names fit.
    func testOtherWordsStayWords() {
        for words in ["", "isb ", "dsb()", "kpcheck_choose(x) = 1", "reschedule at nowhere(): T0:a gives up the CPU",
                      "test_thread_flag(F) = maybe", "read", "read 0x10"] {
            XCTAssertEqual(Action(text: words), .worded(words), words)
        }
        XCTAssertEqual(Action(text: "read ends"), .readGlobal(name: "ends"))
        XCTAssertEqual(Action(text: "read T0:a.x"), .readTaskField(task: "T0:a", field: "x"))
        XCTAssertEqual(Action(text: "counter = T0:a.x"), .writeGlobal(name: "counter", value: "T0:a.x"))
        XCTAssertEqual(Action(text: "store *0x40 = 1"), .storePgtable(entry: "*0x40", value: "1"))
    }
}
