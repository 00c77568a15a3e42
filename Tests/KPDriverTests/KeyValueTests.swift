import KPDriver
import KPIR
import XCTest

/// One parser for every KEY=VALUE argument (`--set`, `--sweep`, `--override-for`,
/// `--patch-for`), with one wording of its errors (issue 16).
final class KeyValueTests: XCTestCase {
    private func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "(no error)"
        } catch {
            return (error as? DiagnosticError)?.description ?? "not a DiagnosticError: \(error)"
        }
    }

    func testTheKeyEndsAtTheFirstEquals() throws {
        let pair = try KeyValue(parsing: "kpkeys-v8=a=b.c", option: "--override-for", shape: "NAME=FILE")
        XCTAssertEqual(pair.key, "kpkeys-v8")
        XCTAssertEqual(pair.value, "a=b.c")
    }

    func testAMissingKeyOrValueIsOneError() {
        for bad in ["", "nest", "=0", "nest=", "="] {
            XCTAssertEqual(message { _ = try KeyValue(parsing: bad, option: "--set") },
                           "error: --set expects KEY=VALUE, got '\(bad)'")
        }
        XCTAssertEqual(message { _ = try KeyValue(parsing: "kpkeys-v8", option: "--patch-for", shape: "NAME=FILE") },
                       "error: --patch-for expects NAME=FILE, got 'kpkeys-v8'")
    }

    /// Settings by key; a key given twice is refused rather than silently last-wins.
    func testSettingsRefuseAKeyGivenTwice() throws {
        XCTAssertEqual(try KeyValue.settings(["nest=0", "preemption=false"]), ["nest": "0", "preemption": "false"])
        XCTAssertEqual(message { _ = try KeyValue.settings(["nest=0", "cpus=2", "nest=1"]) },
                       "error: --set names 'nest' twice ('nest=0', then 'nest=1'); give each key once")
        XCTAssertEqual(message { _ = try KeyValue.settings(["nest=0", "nest=0"]) },
                       "error: --set names 'nest' twice ('nest=0', then 'nest=0'); give each key once")
    }

    func testASweepNeedsAKeyAndAValue() throws {
        let sweep = try CompareJob.Sweep(parsing: "nest=0,1,,2")
        XCTAssertEqual(sweep.key, "nest")
        XCTAssertEqual(sweep.values, ["0", "1", "2"])
        for bad in ["nest", "nest=", "nest=,", "=0,1"] {
            XCTAssertEqual(message { _ = try CompareJob.Sweep(parsing: bad) }, "error: --sweep expects KEY=v1,v2,…, got '\(bad)'")
        }
    }
}
