import Foundation
import KPProperties
import KPReport
import XCTest

final class SARIFWriterTests: XCTestCase {
    func schema() throws -> JSONSchemaValidator {
        JSONSchemaValidator(root: try JSON.parse(try Fixtures.resource("sarif-schema-2.1.0.json")))
    }

    func testIRQWriteViolationIsValidSARIF() throws {
        let sarif = try SARIFWriter.render(try Fixtures.irqWriteReport())
        XCTAssertEqual(try schema().errors(in: try JSON.parse(Data(sarif.utf8))), [])
    }

    /// The validator has to be able to say no, or the test above proves nothing.
    func testValidatorRejectsBrokenSARIF() throws {
        let sarif = try SARIFWriter.render(try Fixtures.irqWriteReport())
        let broken = sarif.replacingOccurrences(of: "\"level\" : \"error\"", with: "\"level\" : \"fatal\"")
            .replacingOccurrences(of: "\"startLine\" : ", with: "\"startLine\" : -")
            .replacingOccurrences(of: "\"version\" : \"2.1.0\"", with: "\"version\" : \"2.0\"")
        let errors = try schema().errors(in: try JSON.parse(Data(broken.utf8)))
        XCTAssertTrue(errors.contains { $0.hasSuffix(".level: not one of the enumerated values") }, "\(errors)")
        XCTAssertTrue(errors.contains { $0.contains(".startLine: -") && $0.contains("< minimum 1") }, "\(errors)")
        XCTAssertTrue(errors.contains { $0 == "$.version: not one of the enumerated values" }, "\(errors)")
    }

    func testResultPointsAtTheFaultingStoreWithOneThreadFlowPerCPU() throws {
        let report = try Fixtures.irqWriteReport()
        let violation = try XCTUnwrap(report.results.first { $0.status == .violated })
        let place = try XCTUnwrap(SourcePlace(try XCTUnwrap(violation.location)))
        XCTAssertTrue(place.file.hasSuffix("Models/kernel/pgtable.h"), place.file)
        XCTAssertEqual(place.line, 84)

        let sarif = try JSON.parse(Data(try SARIFWriter.render(report).utf8))
        guard case .array(let runs)? = sarif["runs"], runs.count == 1,
              case .array(let results)? = runs[0]["results"],
              case .array(let rules)? = runs[0]["tool"]?["driver"]?["rules"] else { return XCTFail("no run") }
        XCTAssertEqual(rules.count, Property.allCases.count)
        XCTAssertEqual(results.count, report.results.filter { $0.status == .violated }.count)
        XCTAssertEqual(results.count, 2, "the n/a and holds verdicts give no result")

        let result = results[0]
        XCTAssertEqual(string(result["ruleId"]), "pgtable-write-permitted")
        XCTAssertEqual(string(result["message"]?["text"]), violation.message)
        guard case .array(let locations)? = result["locations"] else { return XCTFail("no location") }
        let physical = locations[0]["physicalLocation"]
        XCTAssertEqual(string(physical?["artifactLocation"]?["uri"]), place.file)
        XCTAssertEqual(number(physical?["region"]?["startLine"]), 84)
        XCTAssertEqual(number(physical?["region"]?["startColumn"]), Double(place.column))

        guard case .array(let flows)? = result["codeFlows"], case .array(let threads)? = flows[0]["threadFlows"],
              case .array(let steps)? = threads[0]["locations"] else { return XCTFail("no code flow") }
        let trace = try XCTUnwrap(violation.trace)
        XCTAssertEqual(threads.count, Set(trace.map(\.cpu)).count)
        XCTAssertEqual(string(threads[0]["id"]), "cpu0")
        let onCPU0 = trace.filter { $0.cpu == 0 }
        XCTAssertEqual(steps.count, onCPU0.count)
        let entry = try XCTUnwrap(onCPU0.firstIndex { $0.location == "<exception entry>" })
        XCTAssertEqual(string(steps[entry]["location"]?["message"]?["text"]), onCPU0[entry].action.text)
        XCTAssertNil(steps[entry]["location"]?["physicalLocation"], "a machine step has no place in a file")
        XCTAssertEqual(number(steps.last?["location"]?["physicalLocation"]?["region"]?["startLine"]), 84)
    }

    func string(_ json: JSON?) -> String? {
        if case .string(let s)? = json { return s }
        return nil
    }

    func number(_ json: JSON?) -> Double? {
        if case .number(let n)? = json { return n }
        return nil
    }
}
