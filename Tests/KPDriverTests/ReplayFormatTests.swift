import Foundation
import KPDriver
import KPIR
import KPProperties
import KPReport
import XCTest

/// Saved traces are replayed by each step's index and structure (CPU, task, function,
/// source location), so they survive a change in how actions are worded; the file says
/// which format it is, and a build refuses formats newer than its own. From format 3 the
/// file stores each step's action as data, which tells apart steps of one structure.
final class ReplayFormatTests: XCTestCase {
    /// kpkeys-v4-batching's 4-step `pgtable-write-permitted` trace on `irq-write`.
    private func trace() throws -> SavedTrace {
        let outcome = try TestModels.check("kpkeys-v4-batching", "irq-write", set: ["exception-entry-reset": "true"],
                                           properties: [.pgtableWritePermitted])
        let trace = try XCTUnwrap(outcome.traces.first)
        XCTAssertEqual(trace.steps.count, 4)
        XCTAssertEqual(trace.format, SavedTrace.currentFormat)
        return trace
    }

    private func replay(_ trace: SavedTrace) throws -> Replayer.Outcome {
        try Replayer(root: TestModels.root).replay(trace, extraOverrides: [], extraSettings: [:])
    }

    func testARewordedTraceStillReplays() throws {
        var trace = try trace()
        for i in trace.steps.indices { trace.steps[i].action = .worded("worded otherwise \(i)") }
        guard case .confirmed(let steps, _) = try replay(trace) else { return XCTFail("not confirmed") }
        XCTAssertEqual(steps, 4)
    }

    func testAStepAtAnotherPlaceDiverges() throws {
        var trace = try trace()
        trace.steps[1].location = "Models/kernel/nowhere.h:1:1"
        guard case .diverged(let step, _, let reason) = try replay(trace) else { return XCTFail("did not diverge") }
        XCTAssertEqual(step, trace.steps[1].step)
        XCTAssertTrue(reason.hasPrefix("no transition does this"), reason)
    }

    func testFormatsUpToTheCurrentOneAreReadAndNewerOnesRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kpcheck-format-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try trace().write(to: directory)
        let written = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        XCTAssertEqual(written["format"] as? Int, 3)

        func rewrite(_ edit: (inout [String: Any]) -> Void) throws {
            var json = written
            edit(&json)
            try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
        }
        // Format 1: no `format` key (and no `actions`). Read, and replayed the same way.
        try rewrite { $0["format"] = nil; $0["actions"] = nil }
        let old = try SavedTrace.read(from: path)
        XCTAssertNil(old.format)
        guard case .confirmed(4, _) = try replay(old) else { return XCTFail("format 1 not confirmed") }

        try rewrite { $0["format"] = 4 }
        XCTAssertThrowsError(try SavedTrace.read(from: path)) { error in
            XCTAssertEqual((error as? DiagnosticError)?.message,
                           "\(path): trace format 4 is newer than this kpcheck reads (up to 3); replay it with the kpcheck that wrote it")
        }
    }

    /// The general client's first step is one of eleven `kpcheck_choose(11)` steps at one
    /// source location. With the recorded indices gone, format 3 finds the step by the
    /// action it stores, whatever the words say; format 2 has only the words, which find
    /// it while they are this build's and not once reworded.
    func testStoredActionsTellApartStepsOfOneStructure() throws {
        let outcome = try TestModels.check("kpkeys-v8", "any-1cpu", overrides: [TestModels.mutant("pause-without-section")],
                                           set: ["exception-entry-reset": "false", "nest": "1"],
                                           properties: [.otherPkeysPreserved])
        let trace = try XCTUnwrap(outcome.traces.first)
        XCTAssertEqual(trace.steps.count, 5)
        XCTAssertEqual(trace.steps[0].action, .choose(count: 11, value: 1))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kpcheck-format-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try trace.write(to: directory)
        let written = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])

        func replay(format: Int, reworded: Bool) throws -> Replayer.Outcome {
            var json = written
            json["format"] = format
            if format < 3 { json["actions"] = nil }
            json["path"] = (json["path"] as? [Int] ?? []).enumerated().map { $0.offset == 0 ? $0.element : 9999 }
            if reworded {
                json["steps"] = (json["steps"] as? [[String: Any]] ?? []).map { step in
                    step.merging(["action": "worded otherwise"]) { _, new in new }
                }
            }
            try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
            return try self.replay(try SavedTrace.read(from: path))
        }
        guard case .confirmed(5, _) = try replay(format: 3, reworded: true) else { return XCTFail("format 3 not confirmed") }
        guard case .confirmed(5, _) = try replay(format: 2, reworded: false) else { return XCTFail("format 2 not confirmed") }
        guard case .diverged(1, _, let reason) = try replay(format: 2, reworded: true) else {
            return XCTFail("reworded format 2 did not diverge")
        }
        XCTAssertTrue(reason.hasPrefix("11 transitions do this and none is the one recorded"), reason)
    }
}
