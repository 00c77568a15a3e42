import Foundation
import KPDriver
import KPReport
import XCTest

/// `compare --report`: the page's structure, from a table as `compare --format json`
/// writes it (two columns, a sweep of three values, one disagreement with its trace).
final class CompareHTMLTests: XCTestCase {
    static let range = "{\"minISB\":0,\"maxISB\":0,\"minDSB\":0,\"maxDSB\":0,\"minPORWrites\":0,\"maxPORWrites\":0,"
        + "\"maxExposure\":0,\"cyclic\":false,\"states\":0}"

    func table() throws -> CompareTable {
        func cost(_ isb: Int, _ por: Int, _ exposure: Int) -> String {
            "{\"isb\":\(isb),\"dsb\":4,\"porWrites\":\(por),\"exposure\":\(exposure),\"states\":10,\"range\":\(CompareHTMLTests.range)}"
        }
        let step = "{\"step\":1,\"cpu\":0,\"task\":\"t\",\"context\":\"task\",\"location\":\"Models/kernel/pgtable.h:84:2\","
            + "\"function\":\"set_pte\",\"action\":\"store\",\"por\":\"DEFAULT\",\"eff\":[\"DEFAULT\"],\"flags\":[],\"violations\":[\"pgtable-write-permitted\"]}"
        let json = """
            {"columns":["A","B"],
             "verdicts":[
              {"key":{"scenario":"vmalloc","sweep":"ptes=1","options":"","property":"pgtable-write-permitted"},
               "cells":[{"status":"holds"},{"status":"violated","steps":1}]},
              {"key":{"scenario":"vmalloc","sweep":"ptes=1","options":"","property":"por-restored"},
               "cells":[{"status":"holds"},{"status":"holds"}]}],
             "costs":[
              {"key":{"scenario":"vmalloc","sweep":"ptes=1","options":""},"cells":[\(cost(6, 4, 0)),\(cost(5, 4, 6))]},
              {"key":{"scenario":"vmalloc","sweep":"ptes=2","options":""},"cells":[\(cost(8, 6, 0)),\(cost(5, 4, 8))]},
              {"key":{"scenario":"vmalloc","sweep":"ptes=4","options":""},"cells":[\(cost(12, 10, 0)),null]}],
             "disagreementTraces":[{"tool":"kpcheck","variant":"B","scenario":"vmalloc","options":{},"overrides":[],
               "settings":{},"property":"pgtable-write-permitted","message":"store without write permission",
               "path":[0,1],"steps":[\(step)]}]}
            """
        return try JSONDecoder().decode(CompareTable.self, from: Data(json.utf8))
    }

    func testOneChartPerCostWithALinePerColumnAndDisagreementsFirst() throws {
        let page = CompareHTML.render(try table(), sweepKey: "ptes")
        XCTAssertTrue(page.hasPrefix("<!DOCTYPE html>"))
        XCTAssertFalse(page.contains("src=\""), "self-contained: nothing fetched")
        let charts = page.components(separatedBy: "<svg class=\"chart\"").dropFirst()
        XCTAssertEqual(charts.count, 3)
        for (chart, title) in zip(charts, ["ISBs", "POR_EL1 writes", "exposure"]) {
            let svg = chart.components(separatedBy: "</svg>")[0]
            XCTAssertTrue(svg.contains("aria-label=\"\(title) · vmalloc\""), svg)
            XCTAssertEqual(svg.components(separatedBy: "<polyline").count - 1, 2, svg)
            XCTAssertTrue(svg.contains("<title>A</title>") && svg.contains("<title>B</title>"))
        }
        // B has no job at ptes=4: its line has two points, A's three.
        let isb = charts.first!
        let polylines = isb.components(separatedBy: "points=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        XCTAssertEqual(polylines.map { $0.split(separator: " ").count }, [3, 2])

        let verdicts = page.components(separatedBy: "<h2>Verdicts</h2>")[1].components(separatedBy: "</table>")[0]
        let rows = verdicts.components(separatedBy: "<tr").dropFirst(2)
        XCTAssertTrue(rows.first!.hasPrefix(" class=\"disagrees\"><td>≠</td>"), rows.first!)
        XCTAssertTrue(rows.first!.contains("<a href=\"#trace-1\">✗ 1</a>"))
        XCTAssertTrue(page.contains("<h2 id=\"trace-1\">vmalloc: pgtable-write-permitted violated in B</h2>"))
        XCTAssertEqual(page.components(separatedBy: "<svg class=\"timeline\"").count - 1, 1)
    }

    func testNoChartsWithoutASweep() throws {
        XCTAssertFalse(CompareHTML.render(try table(), sweepKey: nil).contains("<svg class=\"chart\""))
    }

    /// The check report spells out its abbreviated property headers.
    func testCheckReportNamesItsAbbreviatedColumns() {
        let results = ["pgtable-write-permitted", "por-restored"].map {
            CheckResult(variant: "v", scenario: "s", options: [:], property: $0, status: .holds)
        }
        let page = HTMLReport.render(Report(version: "0", results: results, metrics: []), sources: [:])
        XCTAssertTrue(page.contains("<abbr title=\"pgtable-write-permitted\">pwp</abbr>"))
        XCTAssertTrue(page.contains("Columns: <b>pwp</b> pgtable-write-permitted · <b>pr</b> por-restored"), page)
    }
}
