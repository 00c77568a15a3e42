import Foundation
import KPDriver
import KPIR
import KPReport
import XCTest

/// Shards for CI matrices (issue 13, item 4): `--shard i/n` runs a round-robin share of
/// a run's jobs, and `kpcheck merge` puts the shards' JSON back into the unsharded
/// run's report, with its exit status.
final class ShardTests: XCTestCase {
    typealias Run = KPCheckProcess.Run

    /// `merge` reads no models.
    func kpcheck(_ arguments: [String]) throws -> Run {
        try KPCheckProcess.run(arguments + (arguments.first == "merge" ? [] : ["--models", TestModels.packageRoot + "/Models"]))
    }

    private func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kpcheck-shards-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    /// Runs `arguments` as shards 1…n of n, `--format json`, each report written to
    /// `dir/name-i-of-n.json`; the files and the runs, in shard order.
    private func shards(_ arguments: [String], count n: Int, named name: String, in dir: String) throws
        -> [(file: String, run: Run)] {
        try (1...n).map { i in
            let file = "\(dir)/\(name)-\(i)-of-\(n).json"
            let run = try kpcheck(arguments + ["--format", "json", "--shard", "\(i)/\(n)"])
            try run.stdout.write(toFile: file, atomically: true, encoding: .utf8)
            return (file, run)
        }
    }

    private func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text)
    }

    /// A JSON value as text, keys sorted, so equal values read the same.
    private func text(_ value: Any) -> String {
        (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]))
            .map { String(decoding: $0, as: UTF8.self) } ?? "\(value)"
    }

    /// What must survive sharding: per row, the verdict and trace length; per job, the
    /// state and transition counts (seconds differ from run to run).
    private func essence(_ report: [String: Any]) -> (results: [String], metrics: [String]) {
        let results = (report["results"] as? [[String: Any]] ?? []).map { r in
            "\(r["variant"]!) \(r["scenario"]!) \(text(r["options"]!)) \(r["property"]!) \(r["status"]!) "
                + "\((r["trace"] as? [Any])?.count ?? 0) \((r["expected"] as? String) ?? "-")"
        }
        let metrics = (report["metrics"] as? [[String: Any]] ?? []).map { m in
            "\(m["variant"]!) \(m["scenario"]!) \(text(m["options"]!)) \(m["states"]!) \(m["transitions"]!) \(m["depth"]!)"
        }
        return (results, metrics)
    }

    /// `--threads 2` checks two jobs at once: the same report, row for row, and the same
    /// exit status as one thread (a v4 violation among them).
    func testThreadsGiveTheSameReport() throws {
        let args = ["check", "kpkeys-v4-batching", "--scenario", "irq-write", "--scenario", "pause", "--scenario", "nested",
                    "--format", "json", "--quiet"]
        let one = try kpcheck(args)
        let two = try kpcheck(args + ["--threads", "2"])
        XCTAssertEqual(one.status, 1, one.stderr)
        XCTAssertEqual(two.status, one.status, two.stderr)
        let (a, b) = (essence(try json(one.stdout)), essence(try json(two.stdout)))
        XCTAssertEqual(a.results.count, 6 * 7)
        XCTAssertEqual(b.results, a.results)
        XCTAssertEqual(b.metrics, a.metrics)
        let bad = try kpcheck(args + ["--threads", "0"])
        XCTAssertEqual(bad.status, 2)
    }

    func testShardSpecsAndRoundRobinSelection() throws {
        let shard = try Shard(parsing: "2/3")
        XCTAssertEqual(shard.index, 2)
        XCTAssertEqual(shard.count, 3)
        XCTAssertEqual(shard.take(Array("abcdefg")).map(\.index), [1, 4])
        for bad in ["0/2", "3/2", "x", "1/0", "2", "1/2/3", "-1/2", "/2"] {
            XCTAssertThrowsError(try Shard(parsing: bad), bad) { error in
                XCTAssertTrue((error as? DiagnosticError)?.message.hasPrefix("--shard \(bad): expected i/n with 1 ≤ i ≤ n") == true,
                              "\(error)")
            }
        }
        for n in 1...3 {
            let shards = try (1...n).map { try Shard(index: $0, count: n).take(Array(0..<7)) }
            XCTAssertEqual(shards.flatMap { $0.map(\.index) }.sorted(), Array(0..<7), "n = \(n)")
            XCTAssertLessThanOrEqual(shards.map(\.count).max()! - shards.map(\.count).min()!, 1, "balanced, n = \(n)")
        }
    }

    /// The default job's list (64 jobs, too long to run thrice in a test) is split
    /// exactly; one job of it run as a shard records its place in the run.
    func testDefaultJobShardsCoverEveryJobOnce() throws {
        let all = try DefaultJob(root: try TestModels.root, settings: CheckSettings()).jobs()
        let label = { (job: CheckJob) in "\(job.variant.name) \(job.scenario.name) \(job.optionLabels)" }
        XCTAssertEqual(Set(all.map(label)).count, all.count)
        for n in 1...3 {
            let taken = try (1...n).flatMap { try Shard(index: $0, count: n).take(all).map { label($0.job) } }
            XCTAssertEqual(taken.sorted(), all.map(label).sorted(), "n = \(n)")
        }

        let last = try kpcheck(["--shard", "\(all.count)/\(all.count)", "--format", "json", "--quiet"])
        XCTAssertEqual(last.status, 0, last.stderr)
        let report = try json(last.stdout)
        let shard = try XCTUnwrap(report["shard"] as? [String: Any])
        XCTAssertEqual(shard["command"] as? String, "run")
        XCTAssertEqual(shard["jobs"] as? Int, all.count)
        XCTAssertEqual(shard["index"] as? Int, all.count)
        let metrics = try XCTUnwrap(report["metrics"] as? [[String: Any]])
        XCTAssertEqual(metrics.map { $0["job"] as? Int }, [all.count - 1])
        XCTAssertEqual(metrics.first?["scenario"] as? String, all.last?.scenario.name)
    }

    /// `check` on two scenarios at both reset values (4 jobs), with a violation: shards
    /// 1..n for n = 1, 2, 3 cover every job once, and merged (given in any order) they
    /// give the unsharded run's verdicts, trace lengths, state counts and exit status 1,
    /// in JSON and in the other formats.
    func testCheckShardsMergeIntoTheUnshardedReport() throws {
        let dir = try temporaryDirectory()
        let args = ["check", "kpkeys-v4-batching", "--scenario", "irq-write", "--scenario", "pause", "--format", "json", "--quiet"]
        let whole = try kpcheck(args)
        XCTAssertEqual(whole.status, 1, whole.stderr)
        let expected = essence(try json(whole.stdout))
        XCTAssertEqual(expected.metrics.count, 4)
        XCTAssertTrue(expected.results.contains { $0.contains("irq-write") && $0.contains(" violated 4 ") }, "\(expected.results)")

        for n in 1...3 {
            var files: [String] = [], jobs: [Int] = []
            for i in 1...n {
                let file = "\(dir)/check-\(i)-of-\(n).json"
                let shard = try kpcheck(args + ["--shard", "\(i)/\(n)", "--output", file])
                XCTAssertTrue([0, 1].contains(shard.status), shard.stderr)
                let report = try json(try String(contentsOfFile: file, encoding: .utf8))
                jobs += (report["metrics"] as? [[String: Any]] ?? []).compactMap { $0["job"] as? Int }
                files.append(file)
            }
            XCTAssertEqual(jobs.sorted(), [0, 1, 2, 3], "n = \(n)")
            let merged = try kpcheck(["merge", "--format", "json"] + files.reversed())
            XCTAssertEqual(merged.status, whole.status, "n = \(n): \(merged.stderr)")
            let report = try json(merged.stdout)
            XCTAssertNil(report["shard"])
            XCTAssertEqual(essence(report).results, expected.results, "n = \(n)")
            XCTAssertEqual(essence(report).metrics, expected.metrics, "n = \(n)")
        }

        let files = (1...3).map { "\(dir)/check-\($0)-of-3.json" }
        let text = try kpcheck(["merge"] + files)
        XCTAssertEqual(text.status, 1, text.stderr)
        XCTAssertTrue(text.stdout.contains("pgtable-write-permitted  violated (4 steps)"), text.stdout)
        let junit = try kpcheck(["merge", "--format", "junit"] + files)
        XCTAssertEqual(junit.status, 1, junit.stderr)
        XCTAssertTrue(junit.stdout.contains("<testsuite name=\"kpkeys-v4-batching\" tests=\"28\" failures=\"2\""), junit.stdout)
    }

    /// Merging what is not one run's shards is exit 2, one error naming the file (or the
    /// missing shard).
    func testMergeRefusesShardsThatAreNotOneRun() throws {
        let dir = try temporaryDirectory()
        let args = ["check", "kpkeys-v8", "--scenario", "pause", "--format", "json", "--quiet"]
        for (name, extra) in [("a1", ["--shard", "1/2"]), ("a2", ["--shard", "2/2"]), ("b1", ["--shard", "1/3"]),
                              ("c2", ["--shard", "2/2", "--set", "exception-entry-reset=true"]), ("whole", [])] {
            let run = try kpcheck(args + extra + ["--output", "\(dir)/\(name).json"])
            XCTAssertEqual(run.status, 0, run.stderr)
        }
        let ok = try kpcheck(["merge", "\(dir)/a2.json", "\(dir)/a1.json", "--quiet"])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        let cases: [([String], String)] = [
            (["a1"], "error: shard 2/2 is missing (given: 1/2)\n"),
            (["a1", "a2", "a2"], "error: \(dir)/a2.json: shard 2/2 again (also \(dir)/a2.json)\n"),
            (["a1", "b1"], "error: \(dir)/b1.json: shard 1/3, but \(dir)/a1.json is shard 1/2: shards of splits into different counts\n"),
            (["a1", "c2"], "error: \(dir)/c2.json: a shard of a different run than \(dir)/a1.json "
                + "(set: exception-entry-reset=true against unset)\n"),
            (["a1", "whole"], "error: \(dir)/whole.json: not a shard's report (no \"shard\" in it: written without --shard)\n"),
        ]
        for (names, message) in cases {
            let run = try kpcheck(["merge"] + names.map { "\(dir)/\($0).json" })
            XCTAssertEqual(run.status, 2, "\(names)")
            XCTAssertEqual(run.stderr, message, "\(names)")
        }
        let notJSON = try kpcheck(["merge", TestModels.packageRoot + "/README.md"])
        XCTAssertEqual(notJSON.status, 2)
        XCTAssertTrue(notJSON.stderr.contains("README.md: not a kpcheck JSON report"), notJSON.stderr)
    }

    /// Bad specs are usage errors (exit 2) that say what a spec looks like, on every
    /// command that shards.
    func testBadShardSpecsExitTwo() throws {
        for (command, spec) in [(["check", "kpkeys-v8"], "0/2"), (["check", "kpkeys-v8"], "3/2"), (["check", "kpkeys-v8"], "x"),
                                ([], "0/1"), (["compare", "kpkeys-v8"], "2/1"), (["mutate", "kpkeys-v8"], "1/two")] {
            let run = try kpcheck(command + ["--shard", spec, "--quiet"])
            XCTAssertEqual(run.status, 2, "\(command) \(spec)")
            XCTAssertTrue(run.stderr.contains("--shard \(spec): expected i/n with 1 ≤ i ≤ n"), run.stderr)
        }
    }

    /// The default job's exit rule carries over to its merge: an expected violation exits
    /// 0 there, while the same verdicts from `check` exit 1.
    func testMergeExitsAsTheUnshardedCommandWould() throws {
        func report(_ command: String, index: Int, expected: Status?) -> (String, Report) {
            var result = CheckResult(variant: "v", scenario: "s", options: [:], property: "p",
                                     status: index == 1 ? .violated : .holds, expected: expected.map { index == 1 ? $0 : .holds })
            result.job = index - 1
            var metrics = MetricsRow(variant: "v", scenario: "s", options: [:], states: 1, transitions: 0, depth: 0, seconds: 0,
                                     isb: 0, dsb: 0, porWrites: 0, exposure: 0, outcome: "complete",
                                     collisionProbability: 0, exact: false)
            metrics.job = index - 1
            return ("\(command)-\(index).json", Report(version: "x", results: [result], metrics: [metrics],
                                                     shard: ShardRecord(index: index, count: 2, command: command,
                                                                        jobs: 2, settings: [:])))
        }
        let run = try ShardMerge.merge([report("run", index: 2, expected: .violated), report("run", index: 1, expected: .violated)])
        XCTAssertEqual(run.exitStatus, 0)
        XCTAssertEqual(run.report.results.map(\.status), [.violated, .holds])
        XCTAssertEqual(run.report.results.map(\.job), [nil, nil])
        let differs = try ShardMerge.merge([report("run", index: 1, expected: .holds), report("run", index: 2, expected: .holds)])
        XCTAssertEqual(differs.exitStatus, 1)
        let check = try ShardMerge.merge([report("check", index: 1, expected: nil), report("check", index: 2, expected: nil)])
        XCTAssertEqual(check.exitStatus, 1)
    }

    /// `compare` divides its scenario × column × option jobs: the shards' progress lines
    /// and table cells are together the unsharded run's, each once.
    func testCompareShardsCoverEveryJobOnce() throws {
        let args = ["compare", "kpkeys-v8", "kpkeys-v4-batching", "--scenario", "pause", "--scenario", "irq-write", "--format", "json"]
        func jobsAndCells(_ run: Run, sharded: Bool = true) throws -> (jobs: [String], cells: [String]) {
            XCTAssertTrue([0, 1].contains(run.status), run.stderr)
            let jobs = run.stderr.split(separator: "\n").filter { $0.hasPrefix("compare: ") }.map(String.init)
            let table = try XCTUnwrap(try json(run.stdout)["table"] as? [String: Any])
            var cells: [String] = []
            for row in table["verdicts"] as? [[String: Any]] ?? [] {
                for (c, cell) in (row["cells"] as? [Any] ?? []).enumerated() {
                    // A shard's cells also say where they sit in the unsharded run (for merge).
                    guard var cell = cell as? [String: Any] else { continue }
                    XCTAssertEqual(cell.removeValue(forKey: "job") != nil, sharded, "\(cell)")
                    cell["result"] = nil
                    cells.append("\(text(row["key"]!)) \(c) \(text(cell))")
                }
            }
            return (jobs, cells)
        }
        let whole = try jobsAndCells(try kpcheck(args), sharded: false)
        XCTAssertEqual(whole.jobs.count, 8)
        for n in 2...3 {
            let shards = try (1...n).map { try jobsAndCells(try kpcheck(args + ["--shard", "\($0)/\(n)"])) }
            XCTAssertEqual(shards.flatMap(\.jobs).sorted(), whole.jobs.sorted(), "n = \(n)")
            XCTAssertEqual(shards.flatMap(\.cells).sorted(), whole.cells.sorted(), "n = \(n)")
        }
    }

    /// `compare`'s shards merge into the unsharded comparison, byte for byte in JSON and
    /// in text: the cells in their rows, the rows in the unsharded order (disagreements
    /// first), the counterexamples of the rows that disagree once both columns are in
    /// (no shard of three holds both columns of every row), and exit status 1.
    func testCompareShardsMergeIntoTheUnshardedTable() throws {
        let dir = try temporaryDirectory()
        let args = ["compare", "kpkeys-v8", "kpkeys-v4-batching", "--scenario", "pause", "--scenario", "irq-write", "--quiet"]
        let whole = try kpcheck(args + ["--format", "json"])
        XCTAssertEqual(whole.status, 1, whole.stderr)
        let wholeTable = try XCTUnwrap(try json(whole.stdout)["table"] as? [String: Any])
        XCTAssertEqual((wholeTable["disagreementTraces"] as? [Any])?.count, 2)
        let wholeText = try kpcheck(args)
        for n in 2...3 {
            let written = try shards(args, count: n, named: "compare", in: dir)
            for shard in written { XCTAssertTrue([0, 1].contains(shard.run.status), shard.run.stderr) }
            let files = written.map(\.file)
            let merged = try kpcheck(["merge", "--format", "json"] + files.reversed())
            XCTAssertEqual(merged.status, 1, "n = \(n): \(merged.stderr)")
            XCTAssertEqual(merged.stdout, whole.stdout, "n = \(n)")
            let text = try kpcheck(["merge"] + files)
            XCTAssertEqual(text.status, 1, text.stderr)
            XCTAssertEqual(text.stdout, wholeText.stdout, "n = \(n)")
        }
        let files = (1...3).map { "\(dir)/compare-\($0)-of-3.json" }
        let sarif = try kpcheck(["merge", "--format", "sarif"] + files)
        XCTAssertEqual(sarif.status, 2)
        XCTAssertEqual(sarif.stderr, "error: --format sarif: the shards are of kpcheck compare, whose merged report is text or json\n")
        let html = try kpcheck(["merge", "--report", "\(dir)/compare.html"] + files)
        XCTAssertEqual(html.status, 1, html.stderr)
        XCTAssertTrue(try String(contentsOfFile: "\(dir)/compare.html", encoding: .utf8).contains("kpkeys-v4-batching"))
        // The disagreements' counterexamples, as `compare --trace-out` writes them, and they replay.
        let traces = try kpcheck(["merge", "--trace-out", "\(dir)/traces", "--format", "json"] + files)
        XCTAssertEqual(traces.status, 1, traces.stderr)
        let written = try FileManager.default.contentsOfDirectory(atPath: "\(dir)/traces").sorted()
        XCTAssertEqual(written.count, 2, "\(written)")
        for file in written {
            let replay = try kpcheck(["replay", "\(dir)/traces/\(file)"])
            XCTAssertEqual(replay.status, 1, "\(file): \(replay.stderr)")
        }

        // Shards of another command, or of another comparison, are refused.
        let check = try kpcheck(["check", "kpkeys-v8", "--scenario", "pause", "--format", "json", "--quiet", "--shard", "2/3",
                                 "--output", "\(dir)/check-2-of-3.json"])
        XCTAssertEqual(check.status, 0, check.stderr)
        let whole1 = try kpcheck(["check", "kpkeys-v8", "--scenario", "pause", "--format", "json", "--quiet", "--shard", "1/1",
                                  "--output", "\(dir)/check-1-of-1.json"])
        XCTAssertEqual(whole1.status, 0, whole1.stderr)
        let noTraces = try kpcheck(["merge", "--trace-out", "\(dir)/none", "\(dir)/check-1-of-1.json"])
        XCTAssertEqual(noTraces.status, 2)
        XCTAssertEqual(noTraces.stderr, "error: --trace-out: the shards of kpcheck check do not hold their counterexamples; "
                       + "pass --trace-out to the shards\n")
        let mixed = try kpcheck(["merge", files[0], "\(dir)/check-2-of-3.json", files[2]])
        XCTAssertEqual(mixed.status, 2)
        XCTAssertEqual(mixed.stderr, "error: \(dir)/check-2-of-3.json: a shard of a different run than \(files[0]) "
                       + "(kpcheck check against kpcheck compare)\n")
        let other = try kpcheck(args + ["--format", "json", "--shard", "2/3", "--set", "exception-entry-reset=true"])
        try other.stdout.write(toFile: "\(dir)/other.json", atomically: true, encoding: .utf8)
        let different = try kpcheck(["merge", files[0], "\(dir)/other.json", files[2]])
        XCTAssertEqual(different.status, 2)
        XCTAssertEqual(different.stderr, "error: \(dir)/other.json: a shard of a different run than \(files[0]) "
                       + "(set: exception-entry-reset=true against unset)\n")
    }

    /// `mutate --format json`'s shards merge into the unsharded verdicts, byte for byte:
    /// a mutant surviving user-zap in one shard and killed in pause in another reads as
    /// the unsharded run has it, and one killed in both keeps its first kill.
    func testMutateShardsMergeIntoTheUnshardedVerdicts() throws {
        let dir = try temporaryDirectory()
        let args = ["mutate", "kpkeys-v8", "--scenario", "user-zap", "--scenario", "pause",
                    "--set", "exception-entry-reset=false", "--quiet", "--threads", "2"]
        let whole = try kpcheck(args + ["--format", "json"])
        XCTAssertEqual(whole.status, 0, whole.stderr)
        let mutants = try XCTUnwrap(try json(whole.stdout)["mutants"] as? [[String: Any]])
        let pause = "pause exception-entry-reset=false", userZap = "user-zap exception-entry-reset=false"
        XCTAssertTrue(mutants.contains {
            ($0["killedBy"] as? [String: Any])?["job"] as? String == pause && $0["survivedIn"] as? [String] == [userZap]
        })
        XCTAssertTrue(mutants.contains { ($0["killedBy"] as? [String: Any])?["job"] as? String == userZap })
        XCTAssertTrue(mutants.contains { $0["killedBy"] == nil })
        let wholeText = try kpcheck(args)
        for n in 2...3 {
            let written = try shards(args, count: n, named: "mutate", in: dir)
            for shard in written {
                XCTAssertEqual(shard.run.status, 0, shard.run.stderr)
                XCTAssertNotEqual(shard.run.stdout, whole.stdout)
            }
            let files = written.map(\.file)
            let merged = try kpcheck(["merge", "--format", "json"] + files.reversed())
            XCTAssertEqual(merged.status, 0, merged.stderr)
            XCTAssertEqual(merged.stdout, whole.stdout, "n = \(n)")
            let text = try kpcheck(["merge"] + files)
            XCTAssertEqual(text.stdout, wholeText.stdout, "n = \(n)")
        }
        let missing = try kpcheck(["merge", "\(dir)/mutate-1-of-3.json", "\(dir)/mutate-3-of-3.json"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertEqual(missing.stderr, "error: shard 2/3 is missing (given: 1/3, 3/3)\n")
    }

    /// `mutate` divides its mutant × scenario pairs; a shard still kills a mutant in the
    /// first of its own scenarios that does, so the earliest kill over the shards is the
    /// unsharded run's.
    func testMutateShardsCoverEveryPairOnce() throws {
        let run = try MutationRun(root: try TestModels.root, variant: "kpkeys-v8", scenarios: ["vmalloc", "user-zap"],
                                  settings: ["exception-entry-reset": "false"])
        let mutants = run.mutants()
        let pairs = run.jobs(mutants)
        XCTAssertEqual(pairs.count, 2 * mutants.count)
        for n in 1...3 {
            let taken = try (1...n).flatMap { try Shard(index: $0, count: n).take(pairs).map { "\($0.job.mutant) \($0.job.target)" } }
            XCTAssertEqual(taken.sorted(), pairs.map { "\($0.mutant) \($0.target)" }.sorted(), "n = \(n)")
        }

        // The two mutants MutationRunTests checks: killed in vmalloc, and killed only in user-zap.
        let noSwitchISB = try XCTUnwrap(mutants.first { $0.kind == .deleteBarrier && $0.function == "arch_kpkeys_set_context" })
        let nosyncExit = try XCTUnwrap(mutants.first {
            $0.kind == .replaceCall && $0.function == "kpkeys_lazy_mmu_exit"
                && $0.description == "arch_kpkeys_restore_pkey_reg → __kpkeys_set_pkey_reg_nosync"
        })
        let first = try run.check([noSwitchISB, nosyncExit], shard: try Shard(parsing: "1/2"))
        let second = try run.check([noSwitchISB, nosyncExit], shard: try Shard(parsing: "2/2"))
        XCTAssertEqual(first.map { $0.killedBy?.job }, ["vmalloc exception-entry-reset=false", nil])
        XCTAssertEqual(first[1].survivedIn, ["vmalloc exception-entry-reset=false"])
        XCTAssertEqual(second.count, 2)
        XCTAssertEqual(second[1].killedBy?.property, "isb-before-use")
        XCTAssertEqual(second[1].killedBy?.job, "user-zap exception-entry-reset=false")
    }
}
