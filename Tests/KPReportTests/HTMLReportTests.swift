import Foundation
import KPProperties
import KPReport
import XCTest

final class HTMLReportTests: XCTestCase {
    func render() throws -> (html: String, report: Report) {
        let report = try Fixtures.irqWriteReport()
        var sources: [String: [String]] = [:]
        for file in HTMLReport.referencedFiles(report) {
            let path = file.hasPrefix("/") ? file : Fixtures.packageRoot + "/" + file
            sources[file] = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        }
        return (HTMLReport.render(report, sources: sources), report)
    }

    func testTimelineLanesStepLinksAndEmbeddedSource() throws {
        let (html, report) = try render()
        let violations = report.results.filter { $0.status == .violated }
        XCTAssertEqual(html.components(separatedBy: "<svg class=\"timeline\"").count - 1, violations.count)
        XCTAssertEqual(html.components(separatedBy: "<g class=\"lane\" data-cpu=\"0\">").count - 1, violations.count)
        XCTAssertTrue(html.contains(">T0:section_task</text>"), "the task running on the lane is named")
        XCTAssertTrue(html.contains("class=\"violation\""), "a marker at the violating step")

        let place = try XCTUnwrap(violations.first?.location.flatMap(SourcePlace.init))
        let anchor = "src-" + place.file.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" ? $0 : "-" } + "-\(place.line)"
        XCTAssertTrue(html.contains("<a href=\"#\(anchor)\">\(place.file):\(place.line)</a>"))
        XCTAssertTrue(html.contains("<span id=\"\(anchor)\" class=\"hit\">"), "the link target is in the embedded source")
        XCTAssertTrue(html.contains("&lt;exception entry&gt;"), "machine steps are escaped, not links")
        XCTAssertTrue(html.contains("<td class=\"v-violated\""))
        XCTAssertTrue(html.contains("<td class=\"v-na\""))

        // Every in-page link has its target.
        for match in html.components(separatedBy: "href=\"#").dropFirst() {
            let id = String(match.prefix { $0 != "\"" })
            XCTAssertTrue(html.contains("id=\"\(id)\""), "dangling link #\(id)")
        }
    }

    /// Two CPUs, a POR_EL1 write seen as both contexts until the isb, a dsb, a task change.
    func testTimelineDrawsLanesBandsAndTicks() throws {
        func step(_ n: Int, cpu: Int, task: String, action: Action, eff: [String], violations: [String] = []) -> TraceStep {
            TraceStep(step: n, cpu: cpu, task: task, context: "task", location: "m.c:\(n):1", function: "f",
                      action: action, por: eff.last!, eff: eff, flags: [], violations: violations)
        }
        let trace = [
            step(1, cpu: 0, task: "T0:a", action: .writePOR(value: "PGTABLES"), eff: ["DEFAULT", "PGTABLES"]),
            step(2, cpu: 1, task: "T1:b", action: .dsb(kind: "ishst"), eff: ["DEFAULT"]),
            step(3, cpu: 0, task: "T0:a", action: .isb, eff: ["PGTABLES"]),
            step(4, cpu: 0, task: "T2:c", action: .storePgtable(entry: "kernel pte[0]", value: "1"), eff: ["PGTABLES"], violations: ["x"]),
        ]
        let report = Report(version: "0", results: [CheckResult(variant: "v", scenario: "s", options: [:], property: "p",
                                                                 status: .violated, message: "m", location: "m.c:4:1",
                                                                 trace: trace)], metrics: [])
        let svg = HTMLReport.render(report, sources: ["m.c": ["a", "b", "c", "d"]])
        XCTAssertTrue(svg.contains("<g class=\"lane\" data-cpu=\"0\">") && svg.contains("<g class=\"lane\" data-cpu=\"1\">"))
        XCTAssertEqual(svg.components(separatedBy: "class=\"tick-por\"").count - 1, 1)
        XCTAssertEqual(svg.components(separatedBy: "class=\"tick-isb\"").count - 1, 1)
        XCTAssertEqual(svg.components(separatedBy: "class=\"tick-dsb\"").count - 1, 1)
        XCTAssertEqual(svg.components(separatedBy: "<path ").count - 1, 1, "one violation marker")
        XCTAssertTrue(svg.contains(">T0:a</text>") && svg.contains(">T1:b</text>") && svg.contains(">T2:c</text>"))
        // Unsynchronized at step 1: two stripes of half height on cpu0's lane.
        XCTAssertTrue(svg.contains("height=\"12\" class=\"eff-default\"") && svg.contains("height=\"12\" class=\"eff-pgtables\""))
        XCTAssertTrue(svg.contains("<a href=\"#src-m.c-4\">m.c:4</a>") && svg.contains("<span id=\"src-m.c-4\" class=\"hit\">"))
    }

    /// A tick is for what the step is, not for what its words contain: a variable named
    /// isb_count, words that only read "isb", the dsb(ish) of a switch and a POR_EL1 read
    /// get none.
    func testTicksComeFromTheActionNotItsWords() throws {
        let actions: [Action] = [.writeGlobal(name: "isb_count", value: "1"), .worded("isb"), .readPOR(value: "DEFAULT"),
                                 .contextSwitch(from: "T0:a", to: "T1:b", kind: .endOrIdle), .isb]
        let trace = actions.enumerated().map { i, action in
            TraceStep(step: i + 1, cpu: 0, task: "T0:a", context: "task", location: "m.c:\(i + 1):1", function: "f",
                      action: action, por: "DEFAULT", eff: ["DEFAULT"], flags: [], violations: [])
        }
        let svg = TimelineSVG.render(trace)
        XCTAssertEqual(svg.components(separatedBy: "class=\"tick-").count - 1, 1, svg)
        XCTAssertTrue(svg.contains("class=\"tick-isb\"><title>isb</title>"), svg)
        XCTAssertTrue(svg.contains("<title>step 1: isb_count = 1</title>"), svg)
    }

    func testSelfContained() throws {
        let html = try render().html
        XCTAssertFalse(html.lowercased().contains("http"), "nothing fetched from the network")
        XCTAssertFalse(html.contains("<script"))
        XCTAssertFalse(html.contains("<link"))
    }
}
