import Foundation
import KPTestSupport
import XCTest

/// KPReport builds and links without Z3 (issue 16): no path in the package graph leads
/// from it to the solver, and its sources import no target outside what it declares, so
/// a dependency cannot come back undeclared either. The graph is the manifest's as
/// `swift package dump-package` prints it.
final class PackageGraphTests: XCTestCase {
    private static let solver: Set<String> = ["KPSolver", "CZ3"]

    /// Each target of the package and the targets of the package it depends on
    /// (products of other packages left out: they cannot lead back into this one).
    private func targetGraph() throws -> [String: [String]] {
        // A scratch path of its own: `swift test` holds the lock on .build while tests run.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kpcheck-graph-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "package", "--scratch-path", scratch.path, "dump-package"]
        process.currentDirectoryURL = Repository.root
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "swift package dump-package failed")
        let manifest = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let targets = try XCTUnwrap(manifest["targets"] as? [[String: Any]])
        let names = Set(targets.compactMap { $0["name"] as? String })
        var graph: [String: [String]] = [:]
        for target in targets {
            let name = try XCTUnwrap(target["name"] as? String)
            let dependencies = target["dependencies"] as? [[String: [Any]]] ?? []
            // `byName` and `target` name one of ours first; `product` names another package's.
            graph[name] = dependencies.compactMap { ($0["byName"] ?? $0["target"])?.first as? String }
                .filter(names.contains)
        }
        return graph
    }

    /// The targets reachable from `start`, each with the path that reaches it first.
    private func reachable(from start: String, in graph: [String: [String]]) -> [String: [String]] {
        var paths = [start: [start]], queue = [start]
        while !queue.isEmpty {
            let target = queue.removeFirst()
            for next in graph[target] ?? [] where paths[next] == nil {
                paths[next] = paths[target]! + [next]
                queue.append(next)
            }
        }
        return paths
    }

    func testKPReportDependsOnNoSolver() throws {
        let graph = try targetGraph()
        XCTAssertNotNil(graph["KPReport"], "no KPReport target in \(graph.keys.sorted())")
        XCTAssertNotNil(graph["KPSolver"], "no KPSolver target in \(graph.keys.sorted())")
        let paths = reachable(from: "KPReport", in: graph)
        for target in Self.solver.sorted() {
            XCTAssertNil(paths[target], "KPReport reaches the solver: " + (paths[target] ?? []).joined(separator: " → "))
        }
    }

    func testKPReportImportsOnlyWhatItDeclares() throws {
        let graph = try targetGraph()
        let allowed = Set(reachable(from: "KPReport", in: graph).keys)
        let directory = Repository.root.appendingPathComponent("Sources/KPReport")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".swift") }
        XCTAssertFalse(files.isEmpty)
        for file in files {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ").map(String.init)
                // `import M`, after attributes only (`@testable`, `@_exported`): not a comment's word.
                guard let at = words.firstIndex(of: "import"), at + 1 < words.count,
                      words[..<at].allSatisfy({ $0.hasPrefix("@") }) else { continue }
                XCTAssertFalse(words[..<at].contains("@_exported"), "\(file): \(line)")
                let module = words[at + 1]
                if graph[module] != nil {
                    XCTAssertTrue(allowed.contains(module), "\(file) imports \(module), which KPReport does not depend on")
                }
            }
        }
    }
}
