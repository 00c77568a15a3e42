import Foundation
import KPIR
import KPTestSupport
import XCTest
@testable import KPFrontend

/// Outcomes gathered from the worker threads.
private final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var totals = (built: 0, rejected: 0, slowest: 0.0, problems: [String]())

    func add(_ local: (built: Int, rejected: Int, slowest: Double, problems: [String])) {
        lock.lock()
        defer { lock.unlock() }
        totals.built += local.built
        totals.rejected += local.rejected
        totals.slowest = max(totals.slowest, local.slowest)
        totals.problems += local.problems
    }
}

/// Feeds thousands of mutated copies of the shipped model files to the front end: each
/// must end in a model or in one located diagnostic, never a crash or a hang.
final class MutationTests: XCTestCase {
    private static let mutations = 10_000
    private static let punctuation = Array("{}()[];,.*&|^~!<>=+-/%?:#\"'\\\n".utf8)

    /// The shipped files, and for each one the variant and scenario whose build reads it.
    private struct Corpus {
        var files: [String: String] = [:]
        var contexts: [(file: String, variant: VariantManifest, scenario: ScenarioManifest)] = []
    }

    private static func corpus() throws -> Corpus {
        let root = try ModelRoot(directory: modelsDirectory)
        var corpus = Corpus()
        for name in root.variantNames() {
            let variant = try root.variant(name)
            for scenario in try root.scenarios(of: variant) {
                let model = try Frontend.build(BuildRequest(variant: variant, scenario: scenario))
                for display in model.sourceFiles.keys.sorted() {
                    let path = SourcePath.absolute(display)
                    if corpus.files[path] == nil {
                        corpus.files[path] = try String(contentsOfFile: path, encoding: .utf8)
                        corpus.contexts.append((path, variant, scenario))
                    }
                }
            }
        }
        return corpus
    }

    /// One byte deletion, one inserted punctuation byte, two adjacent words swapped, or a
    /// line deleted or duplicated.
    private static func mutate(_ text: String, _ random: inout SplitMix64) -> String {
        var bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return text }
        let at = random.below(bytes.count)
        switch random.below(5) {
        case 0:
            bytes.remove(at: at)
        case 1:
            bytes.insert(punctuation[random.below(punctuation.count)], at: at)
        case 2:
            let words = wordRanges(bytes)
            guard words.count > 1 else { break }
            let first = random.below(words.count - 1)
            let (a, b) = (words[first], words[first + 1])
            bytes.replaceSubrange(a.lowerBound..<b.upperBound,
                                  with: Array(bytes[b]) + Array(bytes[a.upperBound..<b.lowerBound]) + Array(bytes[a]))
        default:
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let line = random.below(lines.count)
            if random.below(2) == 0 { lines.remove(at: line) } else { lines.insert(lines[line], at: line) }
            return lines.joined(separator: "\n")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Runs of identifier characters and single other non-blank bytes.
    private static func wordRanges(_ bytes: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var i = 0
        func isWord(_ c: UInt8) -> Bool { c == UInt8(ascii: "_") || (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122) }
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") || bytes[i] == UInt8(ascii: "\n") {
                i += 1
                continue
            }
            var j = i + 1
            if isWord(bytes[i]) { while j < bytes.count && isWord(bytes[j]) { j += 1 } }
            ranges.append(i..<j)
            i = j
        }
        return ranges
    }

    func testMutatedModelsEndInAModelOrOneLocatedDiagnostic() throws {
        let corpus = try Self.corpus()
        XCTAssertGreaterThan(corpus.contexts.count, 10)
        let base = SourceProvider.inMemory(corpus.files)
        let tally = Tally()
        let workers = 2
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var local = (built: 0, rejected: 0, slowest: 0.0, problems: [String]())
            for index in stride(from: worker, to: Self.mutations, by: workers) {
                var random = SplitMix64(seed: UInt64(index))
                let context = corpus.contexts[random.below(corpus.contexts.count)]
                let mutated = Self.mutate(corpus.files[context.file]!, &random)
                let files = SourceProvider.inMemory([context.file: mutated], fallback: base)
                let start = Date()
                do throws(DiagnosticError) {
                    // Manifests are read again only when one of them is the mutated file.
                    var request = BuildRequest(variant: context.variant, scenario: context.scenario)
                    if context.file.hasSuffix(".toml") {
                        let root = try ModelRoot(directory: modelsDirectory, files: files)
                        request = BuildRequest(variant: try root.variant(context.variant.name), scenario: try root.scenario(context.scenario.name))
                    }
                    _ = try Frontend.build(request, files: files)
                    local.built += 1
                } catch {
                    local.rejected += 1
                    let rendered = error.render()
                    if error.diagnostics.count != 1 || error.diagnostics[0].location == nil || !rendered.contains("^") {
                        local.problems.append("mutation \(index) of \(context.file): \(rendered)")
                    }
                }
                local.slowest = max(local.slowest, Date().timeIntervalSince(start))
            }
            tally.add(local)
        }
        let (built, rejected, slowest, problems) = tally.totals
        XCTAssertEqual(built + rejected, Self.mutations)
        XCTAssertGreaterThan(built, Self.mutations / 20, "mutations in comments and blank space should still build")
        XCTAssertGreaterThan(rejected, Self.mutations / 4)
        XCTAssertLessThan(slowest, 5, "no mutation may make the front end hang")
        XCTAssertEqual(problems.count, 0, problems.prefix(5).joined(separator: "\n"))
    }
}
