import Foundation
import KPDriver
import KPExplorer
import KPFrontend
@testable import KPMachine
import KPProperties
import KPReport
import XCTest

/// Symmetries: the modular search's case split may only drop cases that a renaming
/// keeping the initial configuration maps to kept ones (task i starts on CPU i, the
/// other tasks start waiting); the interleaved search keeps one state per orbit of the
/// renamings of CPUs and of tasks that run one function, with the verdicts and shortest
/// traces of the search without it.
final class SymmetryTests: XCTestCase {
    /// One CPU, two tasks running the same (empty) function, and a switch hook that warns
    /// when it switches between equal values and the task switched out before differs
    /// from both. That happens (idle → T1 after T0 → idle, or T1 → idle after T0 → T1)
    /// only when T1's pkeys 2-7 equal the idle task's and T0's do not.
    private func sameFunctionTwice(_ search: SearchMethod, symmetry: SymmetryReduction = .on) throws -> JobOutcome {
        let models = FileManager.default.temporaryDirectory.appendingPathComponent("kpcheck-symmetry-\(UUID().uuidString)")
        let directory = models.appendingPathComponent("scenarios")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: models) }
        try """
            description = "two tasks running one function on one CPU"
            source = "same.c"
            cpus = 1
            tasks = ["same_task", "same_task"]
            interrupts = 0
            preemption = false
            """.write(to: directory.appendingPathComponent("same.toml"), atomically: true, encoding: .utf8)
        try "void same_task(void)\n{\n}\n".write(to: directory.appendingPathComponent("same.c"), atomically: true, encoding: .utf8)
        let hook = directory.appendingPathComponent("hook.c")
        try """
            DEFINE_PER_CPU(u64, switched_out);

            void permission_overlay_switch(struct task_struct *next)
            {
            	u64 before = this_cpu_read(switched_out);

            	current->thread.por_el1 = read_sysreg_s(SYS_POR_EL1);
            	WARN_ON(before && current->thread.por_el1 == next->thread.por_el1 &&
            		before != next->thread.por_el1);
            	this_cpu_write(switched_out, current->thread.por_el1);
            	if (current->thread.por_el1 != next->thread.por_el1) {
            		write_sysreg_s(next->thread.por_el1, SYS_POR_EL1);
            		isb();
            	}
            }
            """.write(to: hook, atomically: true, encoding: .utf8)
        let variant = try TestModels.root.variant("kpkeys-v8")
        let options = try XCTUnwrap(OptionMatrix.points(of: variant, settings: ["exception-entry-reset": "false"]).first)
        return try CheckJob(variant: variant, scenario: try ModelRoot(directory: models.path).scenario("same"), options: options,
                            settings: CheckSettings(properties: [.assertions], overrides: [hook.path], search: search,
                                                    symmetry: symmetry)).run()
    }

    /// T0 starts running and T1 waiting, so swapping them does not keep the initial
    /// configuration: a case split that took it for a symmetry kept the case "T0's
    /// fields equal the idle task's", where nothing warns, and dropped this one, and said
    /// `holds`.
    func testTheModularSearchFindsWhatOnlyTheWaitingTaskReaches() throws {
        var traces: [String: Int] = [:]
        for (search, symmetry) in [(SearchMethod.interleaved, SymmetryReduction.off), (.interleaved, .on), (.modular, .on)] {
            let outcome = try sameFunctionTwice(search, symmetry: symmetry)
            XCTAssertEqual(outcome.status(.assertions), .violated, "\(search) symmetry \(symmetry)")
            traces["\(search) \(symmetry)"] = outcome.result(.assertions)?.trace?.count
        }
        // T0 ends and switches to the idle task, which switches to T1 and warns: 16
        // steps, most of them the two hooks' accesses. The interleaved search with
        // symmetry identifies T0 with T1 (anywhere but in the initial state, which it
        // never needs to rename) and finds the same trace.
        XCTAssertEqual(traces, ["interleaved off": 16, "interleaved on": 16, "modular on": 16])
    }

    /// What makes the reduction sound, checked state by state: for every state reached
    /// (the first 1,500 of a depth-first search) and every renaming, the renamed state
    /// has the same canonical fingerprint, and its steps lead to the same orbits with the
    /// same findings as the state's own, one for one. Three tasks of one function on two
    /// CPUs with an interrupt, and two CPUs running the general client where v4 breaks.
    func testEveryRenamingMapsStepsToSteps() throws {
        let cases: [(String, String, [String: String])] = [
            ("kpkeys-v8", "vmalloc-3x3", ["exception-entry-reset": "true", "interrupts": "1", "ptes": "1"]),
            ("kpkeys-v4-batching", "any", ["exception-entry-reset": "false", "preemption": "false", "nest": "1"]),
            // Preemption, voluntary switches and softirqs, whose words (the pending
            // softirq, the `eff` saved on entry) must be renamed too.
            ("kpkeys-v8", "any", ["exception-entry-reset": "true", "nest": "1"]),
        ]
        for (variant, scenario, set) in cases {
            let machine = try Machine(config: try TestModels.job(variant, scenario, set: set).machineConfig())
            let tables = machine.symmetryTables()
            XCTAssertEqual(machine.symmetryGroupSize, scenario == "any" ? 4 : 12)
            func orbits(_ s: PackedState) throws -> [String] {
                var next: [Successor<Violation>] = []
                try machine.successors(of: s, into: &next)
                return next.map { "\(Fingerprint(machine.canonicalRepresentative(of: $0.state)).value) \($0.findings.map(\.property.name))" }.sorted()
            }
            // Depth first, from every state on the way to the first fault if there is one.
            var stack = try machine.initialStates()
            let fault = Property.pgtableWritePermitted.rawValue
            var search = BreadthFirstSearch(system: machine, limits: SearchLimits(stopWhenFound: [fault]))
            search.partialOrderReduction = true
            search.shortestTraces = false
            if variant == "kpkeys-v4-batching", let path = try search.run().findings[fault]?.path {
                for choice in path.dropFirst() {
                    var next: [Successor<Violation>] = []
                    try machine.successors(of: stack[stack.count - 1], into: &next)
                    stack.append(next[Int(choice)].state)
                }
            }
            var seen: Set<Fingerprint> = [], image = stack[0], findings = 0
            while seen.count < 1_500, let s = stack.popLast() {
                guard seen.insert(Fingerprint(s)).inserted else { continue }
                let own = try orbits(s)
                findings += own.filter { !$0.hasSuffix("[]") }.count
                var least = s
                for k in tables.group.indices {
                    // Every word is written: a word the layout gains and the renaming
                    // forgets would keep this mark.
                    image = PackedState(repeating: 0xDEAD_BEEF, count: s.count)
                    machine.rename(s, by: k, into: &image, tables)
                    XCTAssertNil(image.firstIndex(of: 0xDEAD_BEEF), "\(scenario): a word the renaming does not write")
                    if image.lexicographicallyPrecedes(least) { least = image }
                    XCTAssertEqual(Fingerprint(machine.canonicalRepresentative(of: image)),
                                   Fingerprint(machine.canonicalRepresentative(of: s)))
                    XCTAssertEqual(try orbits(image), own, "\(scenario): renaming \(tables.group[k])")
                }
                // The representative is the least renaming word by word, whatever its
                // prefix filter (the globals' and CPUs' words first) skipped.
                XCTAssertEqual(machine.canonicalRepresentative(of: s), least, "\(scenario): not the least renaming")
                var next: [Successor<Violation>] = []
                try machine.successors(of: s, into: &next)
                stack += next.map(\.state)
            }
            XCTAssertEqual(seen.count, 1_500)
            XCTAssertEqual(findings > 0, variant == "kpkeys-v4-batching")
        }
    }

    /// The differential guard: with and without symmetry, the same verdict for every
    /// property and the same shortest trace for every violation, and fewer states where
    /// there is something to rename (2 CPUs; 1 CPU with tasks of different functions,
    /// as in switch, has no renaming but the identity).
    func testSymmetryKeepsVerdictsAndShortestTraces() throws {
        let runs: [(label: String, variant: String, scenario: String, overrides: [String], set: [String: String])] = [
            ("v8 vmalloc", "kpkeys-v8", "vmalloc", [], ["exception-entry-reset": "true"]),
            ("v8 vmalloc no reset", "kpkeys-v8", "vmalloc", [], ["exception-entry-reset": "false"]),
            ("v4 vmalloc", "kpkeys-v4-batching", "vmalloc", [], ["exception-entry-reset": "true"]),
            ("v4 switch", "kpkeys-v4-batching", "switch", [], ["exception-entry-reset": "false"]),
            ("v8 3x3", "kpkeys-v8", "vmalloc-3x3", [], ["exception-entry-reset": "false", "interrupts": "0"]),
            ("v4 3x3", "kpkeys-v4-batching", "vmalloc-3x3", [], ["exception-entry-reset": "true", "interrupts": "0"]),
            ("isb mutant", "kpkeys-v8", "vmalloc", [TestModels.mutant("barrier-without-isb")], ["exception-entry-reset": "false"]),
            ("register mutant", "kpkeys-v8", "vmalloc", [TestModels.mutant("whole-register")], ["exception-entry-reset": "true"]),
        ]
        var outcomes: [String: (off: JobOutcome, on: JobOutcome)] = [:]
        for run in runs {
            let on = try TestModels.check(run.variant, run.scenario, overrides: run.overrides, set: run.set, symmetry: .on)
            let off = try TestModels.check(run.variant, run.scenario, overrides: run.overrides, set: run.set, symmetry: .off)
            XCTAssertEqual(on.results.map(\.status), off.results.map(\.status), run.label)
            XCTAssertEqual(on.results.map { $0.trace?.count }, off.results.map { $0.trace?.count }, run.label)
            outcomes[run.label] = (off, on)
        }
        func states(_ label: String) -> [Int] { [outcomes[label]!.off.metrics.states, outcomes[label]!.on.metrics.states] }
        // One CPU, tasks of different functions: nothing to rename, the same search.
        XCTAssertEqual(states("v4 switch")[1], states("v4 switch")[0])
        XCTAssertLessThan(states("v8 vmalloc")[1], states("v8 vmalloc")[0])
        XCTAssertLessThan(states("v8 vmalloc no reset")[1], states("v8 vmalloc no reset")[0])
        // Three tasks of one function: about half, since a task that started running
        // and one that never ran are no renaming of each other until both ran.
        XCTAssertEqual(states("v8 3x3"), [2_151, 1_096])
        XCTAssertEqual(states("v4 3x3"), [2_151, 1_096])
        XCTAssertEqual(outcomes["v4 3x3"]!.on.worst, .holds)
        let mutant = outcomes["isb mutant"]!.on
        XCTAssertEqual(mutant.result(.isbBeforeUse)?.trace?.count, 17)
        XCTAssertEqual(mutant.result(.pteBarriers)?.trace?.count, 8)
        XCTAssertEqual(outcomes["register mutant"]!.on.result(.otherPkeysPreserved)?.trace?.count, 2)

        // Two CPUs running the general client, where v4 faults: 7 steps either way.
        let v4 = ["exception-entry-reset": "false", "preemption": "false", "nest": "1"]
        var traces: [Int?] = []
        for symmetry in [SymmetryReduction.off, .on] {
            let outcome = try TestModels.check("kpkeys-v4-batching", "any", set: v4, properties: [.pgtableWritePermitted],
                                               search: .interleaved, symmetry: symmetry)
            XCTAssertEqual(outcome.status(.pgtableWritePermitted), .violated)
            traces.append(outcome.result(.pgtableWritePermitted)?.trace?.count)
        }
        XCTAssertEqual(traces, [7, 7])
    }
}
