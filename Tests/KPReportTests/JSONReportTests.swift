import Foundation
import KPReport
import XCTest

/// The JSON output's shape is the CLI contract (DESIGN.md §6), kept as a JSON schema:
/// every key a report writes is declared there, and the metrics rows carry the
/// fingerprint collision probability.
final class JSONReportTests: XCTestCase {
    func schema() throws -> JSONSchemaValidator {
        JSONSchemaValidator(root: try JSON.parse(try Fixtures.resource("kpcheck-report.schema.json")))
    }

    func testReportWithAViolationMatchesTheSchema() throws {
        let report = try Fixtures.irqWriteReport()
        let json = try JSON.parse(Data(try JSONReport.render(report).utf8))
        XCTAssertEqual(try schema().errors(in: json), [])
        guard case .array(let rows)? = json["metrics"], let row = rows.first else { return XCTFail("no metrics") }
        guard case .number(let p)? = row["collision_probability"], case .number(let states)? = row["states"] else {
            return XCTFail("no collision_probability")
        }
        XCTAssertEqual(p, states * (states - 1) / 0x1p65, accuracy: 1e-20)
        guard case .bool(false)? = row["exact"] else { return XCTFail("exact is not false") }
    }

    /// A shard's report (`--shard 2/3`) records the shard and each row's job index, which
    /// `merge` needs; a whole run's report has neither key, as before shards existed.
    func testShardedReportMatchesTheSchema() throws {
        var report = try Fixtures.irqWriteReport()
        let whole = try JSON.parse(Data(try JSONReport.render(report).utf8))
        XCTAssertNil(whole["shard"])
        guard case .array(let rows)? = whole["results"] else { return XCTFail("no results") }
        XCTAssertTrue(rows.allSatisfy { $0["job"] == nil })

        report.shard = ShardRecord(index: 2, count: 3, command: "check", jobs: 6, settings: ["scenarios": "irq-write"])
        for i in report.results.indices { report.results[i].job = 1 }
        for i in report.metrics.indices { report.metrics[i].job = 1 + 3 * i }
        let sharded = try JSON.parse(Data(try JSONReport.render(report).utf8))
        XCTAssertEqual(try schema().errors(in: sharded), [])
        report.shard?.index = 0
        let errors = try schema().errors(in: try JSON.parse(Data(try JSONReport.render(report).utf8)))
        XCTAssertTrue(errors.contains { $0.hasPrefix("$.shard.index: 0") }, "\(errors)")
    }

    /// A row without the collision probability, or with one that is not a probability,
    /// breaks the contract: the schema has to be able to say no.
    func testSchemaRejectsARowWithoutACollisionProbability() throws {
        var report = try Fixtures.irqWriteReport()
        report.metrics[0].collisionProbability = 2
        let rendered = try JSONReport.render(report)
        let missing = rendered.replacingOccurrences(of: "\"exact\" : false,", with: "")
        let errors = try schema().errors(in: try JSON.parse(Data(missing.utf8)))
        XCTAssertTrue(errors.contains("$.metrics[0]: missing required exact"), "\(errors)")
        XCTAssertTrue(errors.contains { $0.hasPrefix("$.metrics[0].collision_probability: 2.0 > maximum") }, "\(errors)")
    }

    /// The text report names the storage: a column per row, and what it means.
    func testTextReportShowsTheCollisionColumn() throws {
        var report = try Fixtures.irqWriteReport()
        let text = TextReport.render(report, showTraces: false)
        XCTAssertTrue(text.contains("exposure  collision"), text)
        XCTAssertTrue(text.contains(TextReport.collisionText(report.metrics[0].collisionProbability, exact: false)), text)
        XCTAssertTrue(text.contains("collision: the probability that a fingerprint collision hid a state"), text)
        for i in report.metrics.indices { (report.metrics[i].exact, report.metrics[i].collisionProbability) = (true, 0) }
        let exact = TextReport.render(report, showTraces: false)
        XCTAssertTrue(exact.contains("collision: exact, every state stored whole (--exact)"), exact)
        XCTAssertEqual(TextReport.collisionOdds(1e8 * (1e8 - 1) / 0x1p65), "2.7e-04 (1 in 3,700)")
        XCTAssertEqual(TextReport.collisionText(0, exact: true), "exact")
    }
}
