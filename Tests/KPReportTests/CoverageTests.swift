import Foundation
import KPDriver
import KPMachine
import KPReport
import XCTest

final class CoverageTests: XCTestCase {
    /// The line of batching.c whose text contains `code`.
    func line(of code: String) throws -> Int {
        let text = try String(contentsOfFile: Fixtures.packageRoot + "/Models/variants/kpkeys-v8/batching.c", encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        return try XCTUnwrap(lines.firstIndex { $0.contains(code) }) + 1
    }

    /// user-zap writes only user page tables, so TIF_LAZY_MMU_PENDING is never set and
    /// the exit path that restores POR_EL1 without its own isb never runs.
    func testUserZapNeverRunsThePendingBranchOfLazyMMUExit() throws {
        let outcomes = try Fixtures.run("kpkeys-v8", "user-zap", coverage: true)
        XCTAssertFalse(outcomes.isEmpty)
        let nosync = try line(of: "__kpkeys_set_pkey_reg_nosync(saved)")
        let restore = try line(of: "arch_kpkeys_restore_pkey_reg(saved)")
        for outcome in outcomes {
            let coverage = try XCTUnwrap(outcome.coverage)
            let unexecuted = coverage.unexecutedLines.filter { $0.file.hasSuffix("Models/variants/kpkeys-v8/batching.c") }
            XCTAssertTrue(unexecuted.contains { $0.line == nosync && $0.function == "kpkeys_lazy_mmu_exit" },
                          "\(unexecuted)")
            XCTAssertFalse(unexecuted.contains { $0.line == restore }, "the restore with isb runs")
            XCTAssertFalse(coverage.unexecutedFunctions.contains("kpkeys_lazy_mmu_exit"))

            let text = CoverageReport.render(coverage, job: "kpkeys-v8 user-zap")
            XCTAssertTrue(text.hasPrefix("never executed in kpkeys-v8 user-zap:"))
            let listed = text.split(separator: "\n").first { $0.contains("Models/variants/kpkeys-v8/batching.c:\(nosync) ") }
            XCTAssertEqual(listed?.split(separator: " ").last, "kpkeys_lazy_mmu_exit", text)
        }
    }

    func testNoCoverageUnlessAsked() throws {
        XCTAssertNil(try Fixtures.run("kpkeys-v8", "pause", set: ["exception-entry-reset": "false"]).first?.coverage)
    }
}
