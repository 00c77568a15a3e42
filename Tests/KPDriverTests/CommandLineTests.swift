import Foundation
import XCTest

/// The command-line contract of DESIGN.md §6: exit statuses, error format, JSON keys,
/// traces that replay.
final class CommandLineTests: XCTestCase {
    typealias Run = KPCheckProcess.Run

    func kpcheck(_ arguments: [String]) throws -> Run {
        try KPCheckProcess.run(arguments + ["--models", TestModels.packageRoot + "/Models"])
    }

    func testHoldsExitsZero() throws {
        let run = try kpcheck(["check", "kpkeys-v8", "--scenario", "pause", "--set", "exception-entry-reset=false", "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("kpkeys-v8  pause"))
        XCTAssertFalse(run.stdout.contains("violated"))
    }

    func testViolationExitsOneWithJSONTraceThatReplays() throws {
        let traces = FileManager.default.temporaryDirectory.appendingPathComponent("kpcheck-traces-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: traces) }
        let run = try kpcheck(["check", "kpkeys-v4-batching", "--scenario", "irq-write", "--set", "exception-entry-reset=true",
                               "--property", "pgtable-write-permitted", "--format", "json", "--trace-out", traces, "--quiet"])
        XCTAssertEqual(run.status, 1, run.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["tool"] as? String, "kpcheck")
        XCTAssertNotNil(json["version"] as? String)
        let result = try XCTUnwrap((json["results"] as? [[String: Any]])?.first)
        XCTAssertEqual(result["variant"] as? String, "kpkeys-v4-batching")
        XCTAssertEqual(result["scenario"] as? String, "irq-write")
        XCTAssertEqual(result["property"] as? String, "pgtable-write-permitted")
        XCTAssertEqual(result["status"] as? String, "violated")
        let trace = try XCTUnwrap(result["trace"] as? [[String: Any]])
        XCTAssertEqual(trace.count, 4)
        for key in ["step", "cpu", "task", "context", "location", "action", "por", "eff", "flags"] {
            XCTAssertNotNil(trace.last?[key], key)
        }
        XCTAssertEqual(trace.last?["location"] as? String, "Models/kernel/pgtable.h:84:2")
        XCTAssertEqual(trace.last?["context"] as? String, "hardirq")
        let metrics = try XCTUnwrap((json["metrics"] as? [[String: Any]])?.first)
        for key in ["variant", "scenario", "states", "transitions", "seconds", "isb", "dsb", "por_writes", "exposure",
                    "collision_probability", "exact"] {
            XCTAssertNotNil(metrics[key], key)
        }

        let saved = try FileManager.default.contentsOfDirectory(atPath: traces)
        XCTAssertEqual(saved.count, 1)
        let replay = try kpcheck(["replay", traces + "/" + saved[0]])
        XCTAssertEqual(replay.status, 1, replay.stderr)
        XCTAssertTrue(replay.stdout.hasPrefix("confirmed: pgtable-write-permitted violated again after 4 steps"), replay.stdout)

        // Against the fixed variant's guard the same trace no longer happens: the
        // handler now switches to PGTABLES before its store.
        let fixed = FileManager.default.temporaryDirectory.appendingPathComponent("kpcheck-fixed-\(UUID().uuidString).c")
        try """
            KPKEYS_GUARD_COND(kpkeys_hardened_pgtables, KPKEYS_CTX_PGTABLES,
            		  kpkeys_hardened_pgtables_enabled() && !is_lazy_mmu_mode_active())
            """.write(to: fixed, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: fixed) }
        let refuted = try kpcheck(["replay", traces + "/" + saved[0], "--override", fixed.path])
        XCTAssertEqual(refuted.status, 0, refuted.stderr)
        XCTAssertTrue(refuted.stdout.hasPrefix("refuted: the trace diverges at step 4"), refuted.stdout)
    }

    /// Booleans as people write them (issue 14, item 3): `--set` and `--sweep` take y/n,
    /// yes/no, on/off, 1/0 and true/false, and reports and trace names spell them
    /// true/false; anything else is one error that lists the spellings, exit 2.
    func testBooleanSpellingsOnTheCommandLine() throws {
        let run = try kpcheck(["check", "kpkeys-v8", "--scenario", "pause", "--set", "exception-entry-reset=y",
                               "--format", "json", "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let results = try XCTUnwrap(json["results"] as? [[String: Any]])
        XCTAssertEqual(results.count, 7)
        XCTAssertEqual(Set(results.map { ($0["options"] as? [String: String])?["exception-entry-reset"] }), ["true"])
        XCTAssertEqual(Set(results.map { $0["property"] as? String == "irq-default-context" ? "" : $0["status"] as? String }),
                       ["holds", ""], "the reset is on: irq-default-context applies")

        let bad = try kpcheck(["check", "kpkeys-v8", "--scenario", "pause", "--set", "exception-entry-reset=maybe", "--quiet"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertEqual(bad.stderr, "error: --set exception-entry-reset=maybe: expected a boolean (true/false, yes/no, on/off, y/n, 1/0)\n")

        let sweep = try kpcheck(["compare", "kpkeys-v8", "--scenario", "pause", "--sweep", "exception-entry-reset=on,0",
                                 "--format", "json", "--quiet"])
        XCTAssertEqual(sweep.status, 0, sweep.stderr)
        let compared = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(sweep.stdout.utf8)) as? [String: Any])
        let costs = try XCTUnwrap((compared["table"] as? [String: Any])?["costs"] as? [[String: Any]])
        XCTAssertEqual(costs.map { ($0["key"] as? [String: Any])?["sweep"] as? String },
                       ["exception-entry-reset=true", "exception-entry-reset=false"])
    }

    /// Overrides that leave a definition unused (issue 14, item 4). Replacing kpkeys-v8's
    /// arch_leave_lazy_mmu_mode with one that no longer calls the variant's
    /// kpkeys_lazy_mmu_exit is checked (and found to leave POR_EL1 in PGTABLES); a
    /// misspelt name is a warning, printed once however many jobs build it, with exit 0.
    func testOverridesThatLeaveADefinitionUnused() throws {
        let leave = FileManager.default.temporaryDirectory.appendingPathComponent("kpcheck-leave-\(UUID().uuidString).c")
        let typo = FileManager.default.temporaryDirectory.appendingPathComponent("kpcheck-typo-\(UUID().uuidString).c")
        defer { for url in [leave, typo] { try? FileManager.default.removeItem(at: url) } }
        try "static inline void arch_leave_lazy_mmu_mode(void)\n{\n\tarch_flush_lazy_mmu_mode();\n}\n"
            .write(to: leave, atomically: true, encoding: .utf8)
        try "static inline void arch_leave_lazy_mmu_mod(void)\n{\n\tarch_flush_lazy_mmu_mode();\n}\n"
            .write(to: typo, atomically: true, encoding: .utf8)

        let checked = try kpcheck(["check", "kpkeys-v8", "--scenario", "pause", "--override", leave.path, "--quiet"])
        XCTAssertEqual(checked.status, 1, checked.stderr)
        XCTAssertEqual(checked.stderr, "")
        XCTAssertTrue(checked.stdout.contains("por-restored             violated"), checked.stdout)

        let warned = try kpcheck(["check", "kpkeys-v8", "--scenario", "pause", "--override", typo.path, "--quiet"])
        XCTAssertEqual(warned.status, 0, warned.stderr)
        XCTAssertEqual(warned.stderr, """
            \(typo.path):1:20: warning: override defines 'arch_leave_lazy_mmu_mod', which the variant does not define and nothing uses; did you mean 'arch_leave_lazy_mmu_mode'?
            static inline void arch_leave_lazy_mmu_mod(void)
                               ^
            Models/variants/kpkeys-v8/batching.c:60:20: note: 'arch_leave_lazy_mmu_mode' is defined here
            static inline void arch_leave_lazy_mmu_mode(void)
                               ^

            """)
        let parsed = try kpcheck(["parse", "--variant", "kpkeys-v8", typo.path])
        XCTAssertEqual(parsed.status, 0, parsed.stderr)
        XCTAssertEqual(parsed.stderr, warned.stderr)
    }

    func testBoundHitExitsThree() throws {
        let run = try kpcheck(["check", "kpkeys-v8", "--scenario", "vmalloc", "--max-states", "100", "--quiet"])
        XCTAssertEqual(run.status, 3, run.stderr)
        XCTAssertTrue(run.stdout.contains("incomplete"))
        XCTAssertFalse(run.stdout.contains(" holds"))
    }

    /// `--reduction` chooses the search; `--stats` says what the reduction did.
    func testReductionIsAChoiceWithTheSameVerdicts() throws {
        let args = ["check", "kpkeys-v8", "--scenario", "vmalloc", "--set", "exception-entry-reset=false", "--stats", "--quiet"]
        let reduced = try kpcheck(args)
        let full = try kpcheck(args + ["--reduction", "none"])
        XCTAssertEqual(reduced.status, 0, reduced.stderr)
        XCTAssertEqual(full.status, 0, full.stderr)
        XCTAssertTrue(reduced.stderr.contains("kpkeys-v8 vmalloc: 19351 states"), reduced.stderr)
        XCTAssertTrue(reduced.stderr.contains("expanded with one CPU's steps"), reduced.stderr)
        XCTAssertTrue(full.stderr.contains("kpkeys-v8 vmalloc: 39503 states"), full.stderr)
        XCTAssertFalse(full.stderr.contains("one CPU's steps"), full.stderr)
        XCTAssertTrue(reduced.stdout.contains("bounds (a proof covers every execution, of any length, within them):\n"
            + "  vmalloc: 2 CPUs, 2 tasks (and an idle task per CPU), 1 interrupt nesting 1 deep, preemption, ptes=2\n"), reduced.stdout)
        let bad = try kpcheck(args + ["--reduction", "some"])
        XCTAssertEqual(bad.status, 2)
    }

    /// `--exact` stores states whole: the same counts and verdicts, and `--stats` and the
    /// report say how states were stored (bytes per state, the collision probability).
    func testExactStorageIsAChoiceWithTheSameCounts() throws {
        let args = ["check", "kpkeys-v8", "--scenario", "vmalloc", "--set", "exception-entry-reset=false", "--stats", "--quiet"]
        let hashed = try kpcheck(args)
        let exact = try kpcheck(args + ["--exact"])
        XCTAssertEqual(hashed.status, 0, hashed.stderr)
        XCTAssertEqual(exact.status, 0, exact.stderr)
        XCTAssertTrue(hashed.stderr.contains("kpkeys-v8 vmalloc: 19351 states, 23613 transitions"), hashed.stderr)
        XCTAssertTrue(exact.stderr.contains("kpkeys-v8 vmalloc: 19351 states, 23613 transitions"), exact.stderr)
        // 19351 states: 19351 × 19350 / 2^65.
        XCTAssertTrue(hashed.stderr.contains("bytes/state, fingerprints; collision probability 1.0e-11 (1 in 99,000,000,000)"),
                      hashed.stderr)
        XCTAssertTrue(exact.stderr.contains("bytes/state, exact (states stored whole, compressed)"), exact.stderr)
        XCTAssertTrue(hashed.stdout.contains("  1.0e-11\n"), hashed.stdout)
        XCTAssertTrue(exact.stdout.contains("  exact\n"), exact.stdout)
        let verdicts = { (run: Run) in run.stdout.components(separatedBy: "\n").filter { $0.hasSuffix(" holds") } }
        XCTAssertEqual(verdicts(hashed).count, 6)
        XCTAssertEqual(verdicts(hashed), verdicts(exact))
    }

    /// `--symmetry off` keeps states that differ by swapping the CPUs apart.
    func testSymmetryIsAChoiceWithTheSameVerdicts() throws {
        let args = ["check", "kpkeys-v8", "--scenario", "vmalloc", "--set", "exception-entry-reset=false", "--stats", "--quiet"]
        let off = try kpcheck(args + ["--symmetry", "off"])
        XCTAssertEqual(off.status, 0, off.stderr)
        XCTAssertTrue(off.stderr.contains("kpkeys-v8 vmalloc: 20468 states"), off.stderr)
        XCTAssertFalse(off.stderr.contains("renamings"), off.stderr)
        let single = try kpcheck(["check", "kpkeys-v8", "--scenario", "irq-write", "--set", "exception-entry-reset=false",
                                  "--stats", "--quiet"])
        XCTAssertTrue(single.stderr.contains("no symmetry to reduce by"), single.stderr)
        let bad = try kpcheck(args + ["--symmetry", "maybe"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("Please provide one of 'on' and 'off'"), bad.stderr)
    }

    /// `--search modular` needs CPUs that share only tasks; a shared interrupt budget is an
    /// error (exit 2), not a silent fallback.
    func testModularSearchChoiceAndItsLimits() throws {
        let refused = try kpcheck(["check", "kpkeys-v8", "--scenario", "irq-write", "--search", "modular", "--quiet"])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("the modular search does not apply: a bounded interrupt budget is shared by all CPUs"),
                      refused.stderr)
        let run = try kpcheck(["check", "kpkeys-v8", "--scenario", "any-1cpu", "--search", "modular", "--set", "nest=0",
                               "--set", "preemption=false", "--stats", "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("modular search: "), run.stderr)
        XCTAssertTrue(run.stdout.contains("nest=0, modular search (each CPU on its own, waiting tasks shared)"), run.stdout)
        XCTAssertEqual(try kpcheck(["check", "kpkeys-v8", "--search", "sideways"]).status, 2)
    }

    func testUnknownVariantIsAnErrorWithExitTwo() throws {
        let run = try kpcheck(["check", "kpkeys-v9", "--quiet"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("error: unknown variant 'kpkeys-v9'"), run.stderr)
    }

    func testModelErrorIsLocatedWithExitTwo() throws {
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("kpcheck-bad-\(UUID().uuidString).c")
        try "static void arch_enter_lazy_mmu_mode(void)\n{\n\tisb(;\n}\n".write(to: bad, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: bad) }
        let run = try kpcheck(["check", "kpkeys-v8", "--scenario", "pause", "--override", bad.path, "--quiet"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains(":3:6: error: "), run.stderr)
        XCTAssertTrue(run.stderr.contains("\tisb(;\n"), run.stderr)
    }

    /// An error the machine finds while checking (here a builtin misused in an override)
    /// is printed like the front end's: `file:line:col: error:`, the line and a caret.
    func testMachineErrorInAnOverrideIsLocatedWithExitTwo() throws {
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("kpcheck-choose-\(UUID().uuidString).c")
        try "static inline void arch_leave_lazy_mmu_mode(void)\n{\n\tif (kpcheck_choose(100))\n\t\tarch_flush_lazy_mmu_mode();\n}\n"
            .write(to: bad, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: bad) }
        let run = try kpcheck(["check", "kpkeys-v8", "--scenario", "pause", "--override", bad.path, "--quiet"])
        XCTAssertEqual(run.status, 2)
        XCTAssertEqual(run.stderr, """
            \(bad.path):3:6: error: kpcheck_choose needs a constant between 1 and 64
            \tif (kpcheck_choose(100))
            \t    ^

            """)
    }

    /// `--set`, `replay --set`, `--sweep`, `--override-for` and `--patch-for` share one
    /// parser: one line, one wording, exit 2; a `--set` key given twice is refused.
    func testKeyValueErrorsAreOneLineWithExitTwo() throws {
        let cases: [([String], String)] = [
            (["check", "kpkeys-v8", "--set", "nest"], "--set expects KEY=VALUE, got 'nest'"),
            (["check", "kpkeys-v8", "--set", "=0"], "--set expects KEY=VALUE, got '=0'"),
            (["check", "kpkeys-v8", "--set", "nest=0", "--set", "nest=1"],
             "--set names 'nest' twice ('nest=0', then 'nest=1'); give each key once"),
            (["replay", "no-such-trace.json", "--set", "nest"], "--set expects KEY=VALUE, got 'nest'"),
            (["compare", "kpkeys-v8", "--sweep", "nest="], "--sweep expects KEY=v1,v2,…, got 'nest='"),
            (["compare", "kpkeys-v8", "--override-for", "kpkeys-v8"], "--override-for expects NAME=FILE, got 'kpkeys-v8'"),
            (["compare", "kpkeys-v8", "--patch-for", "kpkeys-v8"], "--patch-for expects NAME=FILE, got 'kpkeys-v8'"),
            (["compare", "kpkeys-v8", "--override-for", "mainline=x.c"],
             "--override-for mainline=x.c: no column for variant 'mainline' left without an override"),
        ]
        for (arguments, message) in cases {
            let run = try kpcheck(arguments + (arguments[0] == "replay" ? [] : ["--quiet"]))
            XCTAssertEqual(run.status, 2, arguments.joined(separator: " "))
            XCTAssertEqual(run.stderr, "error: \(message)\n", arguments.joined(separator: " "))
        }
    }

    /// compare and mutate take the search options check takes, and use them: an
    /// `--override` reaches every column (it used to be accepted and ignored), and
    /// mutate refuses the modular search it cannot run.
    func testCompareAndMutateUseTheSearchOptions() throws {
        let base = ["compare", "kpkeys-v8", "--scenario", "vmalloc", "--set", "exception-entry-reset=false",
                    "--format", "json", "--quiet"]
        let plain = try kpcheck(base)
        XCTAssertEqual(plain.status, 0, plain.stderr)
        let overridden = try kpcheck(base + ["--override", TestModels.mutant("switch-without-isb"), "--reduction", "none",
                                              "--threads", "2"])
        XCTAssertEqual(overridden.status, 1, overridden.stderr)
        func verdict(_ run: Run, _ property: String) throws -> String? {
            let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            let rows = (json?["table"] as? [String: Any])?["verdicts"] as? [[String: Any]] ?? []
            let row = rows.first { (($0["key"] as? [String: Any])?["property"] as? String) == property }
            return (row?["cells"] as? [Any])?.first.flatMap { ($0 as? [String: Any])?["status"] as? String }
        }
        XCTAssertEqual(try verdict(plain, "isb-before-use"), "holds", plain.stdout)
        XCTAssertEqual(try verdict(overridden, "isb-before-use"), "violated", overridden.stdout)
        let modular = try kpcheck(["mutate", "kpkeys-v8", "--scenario", "vmalloc", "--search", "modular", "--quiet"])
        XCTAssertEqual(modular.status, 2)
        XCTAssertEqual(modular.stderr, "error: mutate checks every mutant with the interleaved search; --search modular does not apply\n")
    }

    func testUsageErrorExitsTwo() throws {
        let run = try kpcheck(["check", "--max-states", "many"])
        XCTAssertEqual(run.status, 2)
        let unknown = try kpcheck(["check", "kpkeys-v8", "--property", "no-such-property"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("unknown property 'no-such-property'"), unknown.stderr)
    }

    func testParseAcceptsEveryShippedModelFile() throws {
        let models = TestModels.packageRoot + "/Models"
        let files = try FileManager.default.subpathsOfDirectory(atPath: models)
            .filter { $0.hasSuffix(".c") || $0.hasSuffix(".h") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 15)
        for file in files {
            let run = try kpcheck(["parse", "Models/" + file])
            XCTAssertEqual(run.status, 0, "\(file): \(run.stderr)")
            if file == "kernel/pgtable.h" {
                XCTAssertTrue(run.stdout.contains("function void set_pte(pte_t *ptep, "), run.stdout)
            }
        }
        // The variants' own files, resolved and type-checked against the variant they patch.
        for variant in ["kpkeys-v8", "kpkeys-v4-batching"] {
            let run = try kpcheck(["parse", "--variant", "kpkeys-v8-unbatched", "Models/variants/\(variant)/batching.c"])
            XCTAssertEqual(run.status, 0, run.stderr)
        }
    }

    func testListNamesEverything() throws {
        let run = try kpcheck(["list"])
        XCTAssertEqual(run.status, 0)
        for name in ["mainline", "kpkeys-v8-unbatched", "kpkeys-v8", "kpkeys-v4-batching", "vmalloc", "user-zap", "nested",
                     "pause", "irq-write", "softirq-lazy", "switch", "pmd", "pgtable-write-permitted", "por-restored",
                     "isb-before-use", "pte-barriers", "irq-default-context", "other-pkeys-preserved", "assertions"] {
            XCTAssertTrue(run.stdout.contains(name), name)
        }
        // How each scenario is explored unless --search says otherwise.
        XCTAssertTrue(run.stdout.contains("[cpus 2, tasks 2, interrupts unbounded, modular search]"), run.stdout)
        XCTAssertTrue(run.stdout.contains("[cpus 1, tasks 1, interrupts unbounded]"), run.stdout)
    }
}
