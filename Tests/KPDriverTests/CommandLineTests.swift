import Foundation
import XCTest

/// The command-line contract of DESIGN.md §6: exit statuses, error format, JSON keys,
/// traces that replay.
final class CommandLineTests: XCTestCase {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `kpcheck` built next to the test bundle.
    static let executable: String = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var dir = bundle
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("kpcheck")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
            dir.deleteLastPathComponent()
        }
        return bundle.appendingPathComponent("kpcheck").path
    }()

    func kpcheck(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = arguments + ["--models", TestModels.packageRoot + "/Models"]
        process.currentDirectoryURL = URL(fileURLWithPath: TestModels.packageRoot)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
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
        XCTAssertTrue(reduced.stderr.contains("kpkeys-v8 vmalloc: 7303 states"), reduced.stderr)
        XCTAssertTrue(reduced.stderr.contains("expanded with one CPU's steps"), reduced.stderr)
        XCTAssertTrue(full.stderr.contains("kpkeys-v8 vmalloc: 15824 states"), full.stderr)
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
        XCTAssertTrue(hashed.stderr.contains("kpkeys-v8 vmalloc: 7303 states, 9275 transitions"), hashed.stderr)
        XCTAssertTrue(exact.stderr.contains("kpkeys-v8 vmalloc: 7303 states, 9275 transitions"), exact.stderr)
        // 7303 states: 7303 × 7302 / 2^65.
        XCTAssertTrue(hashed.stderr.contains("bytes/state, fingerprints; collision probability 1.4e-12 (1 in 690,000,000,000)"),
                      hashed.stderr)
        XCTAssertTrue(exact.stderr.contains("bytes/state, exact (states stored whole, compressed)"), exact.stderr)
        XCTAssertTrue(hashed.stdout.contains("  1.4e-12\n"), hashed.stdout)
        XCTAssertTrue(exact.stdout.contains("  exact\n"), exact.stdout)
        let verdicts = { (run: Run) in run.stdout.components(separatedBy: "\n").filter { $0.hasSuffix(" holds") } }
        XCTAssertEqual(verdicts(hashed).count, 6)
        XCTAssertEqual(verdicts(hashed), verdicts(exact))
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
