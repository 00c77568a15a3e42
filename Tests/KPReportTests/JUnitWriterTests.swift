import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import KPReport
import XCTest

final class JUnitWriterTests: XCTestCase {
    /// What a CI system reads back from the XML.
    final class Reader: NSObject, XMLParserDelegate {
        struct Suite { var attributes: [String: String]; var cases: [Case] = [] }
        struct Case { var attributes: [String: String]; var outcome = "passed"; var message = ""; var text = "" }
        var suites: [Suite] = []
        var inOutcome = false

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String]) {
            switch name {
            case "testsuite": suites.append(Suite(attributes: attributes))
            case "testcase": suites[suites.count - 1].cases.append(Case(attributes: attributes))
            case "failure", "skipped", "error":
                suites[suites.count - 1].cases[suites[suites.count - 1].cases.count - 1].outcome = name
                suites[suites.count - 1].cases[suites[suites.count - 1].cases.count - 1].message = attributes["message"] ?? ""
                inOutcome = true
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inOutcome { suites[suites.count - 1].cases[suites[suites.count - 1].cases.count - 1].text += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if ["failure", "skipped", "error"].contains(name) { inOutcome = false }
        }

        static func read(_ xml: String) throws -> [Suite] {
            let parser = XMLParser(data: Data(xml.utf8))
            let reader = Reader()
            parser.delegate = reader
            XCTAssertTrue(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
            return reader.suites
        }
    }

    func testSuitePerVariantCasePerScenarioAndPropertyWithTraceInFailures() throws {
        let report = try Fixtures.irqWriteReport()
        let suites = try Reader.read(JUnitWriter.render(report))
        XCTAssertEqual(suites.count, 1)
        let suite = suites[0]
        XCTAssertEqual(suite.attributes["name"], "kpkeys-v4-batching")
        XCTAssertEqual(suite.attributes["tests"], "14")
        XCTAssertEqual(suite.attributes["failures"], "2")
        XCTAssertEqual(suite.attributes["skipped"], "1")
        XCTAssertEqual(suite.attributes["errors"], "0")
        XCTAssertEqual(suite.cases.count, 14)

        let failures = suite.cases.filter { $0.outcome == "failure" }
        XCTAssertEqual(failures.map { $0.attributes["name"] }, ["pgtable-write-permitted", "pgtable-write-permitted"])
        XCTAssertEqual(Set(failures.compactMap { $0.attributes["classname"] }),
                       ["kpkeys-v4-batching.irq-write[exception-entry-reset=true]",
                        "kpkeys-v4-batching.irq-write[exception-entry-reset=false]"])
        let violation = try XCTUnwrap(report.results.first { $0.status == .violated })
        XCTAssertEqual(failures[0].message, violation.message)
        XCTAssertTrue(failures[0].text.contains(TraceTable.render(try XCTUnwrap(violation.trace))),
                      "the failure carries the text trace, unescaped by the parser")
        XCTAssertTrue(failures[0].text.contains("<exception entry>"))

        let skipped = suite.cases.filter { $0.outcome == "skipped" }
        XCTAssertEqual(skipped.map { $0.attributes["classname"] }, ["kpkeys-v4-batching.irq-write[exception-entry-reset=false]"])
        XCTAssertEqual(skipped.map { $0.attributes["name"] }, ["irq-default-context"])
    }

    func testExpectedViolationPassesAndUnexpectedHoldFails() throws {
        var report = try Fixtures.irqWriteReport()
        for i in report.results.indices {
            report.results[i].expected = report.results[i].property == "pgtable-write-permitted" ? .violated
                : report.results[i].status
        }
        report.results[1].expected = .violated
        let suite = try XCTUnwrap(try Reader.read(JUnitWriter.render(report)).first)
        XCTAssertEqual(suite.attributes["failures"], "1")
        let failure = try XCTUnwrap(suite.cases.first { $0.outcome == "failure" })
        XCTAssertEqual(failure.attributes["name"], report.results[1].property)
        XCTAssertTrue(failure.message.hasPrefix("expected violated, got holds"), failure.message)
    }

    func testIncompleteIsAnError() throws {
        let report = Report(version: "0", results: [CheckResult(variant: "v", scenario: "s", options: [:],
                                                                 property: "por-restored", status: .incomplete,
                                                                 message: "the search stopped early")], metrics: [])
        let suite = try XCTUnwrap(try Reader.read(JUnitWriter.render(report)).first)
        XCTAssertEqual(suite.attributes["errors"], "1")
        XCTAssertEqual(suite.cases.first?.outcome, "error")
        XCTAssertEqual(suite.cases.first?.attributes["classname"], "v.s")
        XCTAssertEqual(suite.cases.first?.message, "the search stopped early")
    }
}
