import Foundation
import KPDriver
import KPIR
import KPProperties
import KPReport
import XCTest

/// Saved traces are replayed by each step's index and structure (CPU, task, function,
/// source location), so they survive a change in how actions are worded; the file says
/// which format it is, and a build refuses formats newer than its own.
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
        XCTAssertEqual(written["format"] as? Int, 2)

        func rewrite(_ edit: (inout [String: Any]) -> Void) throws {
            var json = written
            edit(&json)
            try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
        }
        // Format 1: no `format` key. Read, and replayed the same way.
        try rewrite { $0["format"] = nil }
        let old = try SavedTrace.read(from: path)
        XCTAssertNil(old.format)
        guard case .confirmed(4, _) = try replay(old) else { return XCTFail("format 1 not confirmed") }

        try rewrite { $0["format"] = 3 }
        XCTAssertThrowsError(try SavedTrace.read(from: path)) { error in
            XCTAssertEqual((error as? DiagnosticError)?.message,
                           "\(path): trace format 3 is newer than this kpcheck reads (up to 2); replay it with the kpcheck that wrote it")
        }
    }
}
