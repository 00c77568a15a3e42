import Foundation
import XCTest

/// `scripts/bench` (issue 13's benchmark) runs against whatever kpcheck it is given and
/// prints a row per search and per call; here on the test build, 2,000 states each.
final class BenchScriptTests: XCTestCase {
    func testTheBenchmarkPrintsARowPerSearchAndPerCall() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [TestModels.packageRoot + "/scripts/bench", KPCheckProcess.executable, "--quick"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, text)
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.first?.hasPrefix("search") ?? false, text)
        // Per thread count: two vmalloc-2x2 searches and one vmalloc-3x3, two calls.
        let searches = lines.filter { $0.hasPrefix("vmalloc-") }
        XCTAssertEqual(searches.count, 6, text)
        XCTAssertTrue(searches.allSatisfy { $0.split(separator: " ").contains("2000") }, text)
        XCTAssertEqual(lines.filter { $0.hasPrefix("= call:") }.count, 4, text)
    }

    func testTheBenchmarkRefusesAMissingKpcheck() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [TestModels.packageRoot + "/scripts/bench", "/nonexistent/kpcheck"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 2)
        XCTAssertTrue(text.contains("bench: no kpcheck at /nonexistent/kpcheck"), text)
    }
}
