import Foundation
import XCTest
import Yams

/// The CI files the README shows are shipped (issue 14, item 2): each is valid YAML, the
/// README's blocks are their text, and every `kpcheck` command they run names a
/// subcommand and options that `kpcheck --help` and `kpcheck <subcommand> --help` list,
/// with a value each option's help allows.
final class CIFilesTests: XCTestCase {
    private static let files = [".github/workflows/kpcheck.yml", "examples/ci/gitlab-ci.yml", "examples/ci/github-sharded.yml"]

    private func text(_ file: String) throws -> String {
        try String(contentsOfFile: TestModels.packageRoot + "/" + file, encoding: .utf8)
    }

    /// Every string a CI job runs: GitHub's steps' `run`, GitLab's `before_script` and
    /// `script`. YAML is read with only strings resolved, so GitHub's `on` stays a key.
    private func commands(_ file: String) throws -> [String] {
        let document = try XCTUnwrap(try Yams.load(yaml: try text(file), .basic) as? [String: Any], file)
        if let jobs = document["jobs"] as? [String: Any] {
            return try jobs.keys.sorted().flatMap { name in
                let steps = try XCTUnwrap((jobs[name] as? [String: Any])?["steps"] as? [[String: Any]], "\(file): \(name)")
                return steps.compactMap { $0["run"] as? String }
            }
        }
        return document.keys.sorted().flatMap { name in
            let job = document[name] as? [String: Any] ?? [:]
            return ["before_script", "script"].flatMap { job[$0] as? [String] ?? [] }
        }
    }

    /// The arguments of each `…/kpcheck` invocation in a shell command line.
    private func kpcheckInvocations(_ command: String) -> [[String]] {
        command.split(whereSeparator: { "\n;|&".contains($0) }).compactMap { part in
            let words = part.split(separator: " ").map(String.init)
            guard let at = words.firstIndex(where: { ($0 as NSString).lastPathComponent == "kpcheck" }) else { return nil }
            return Array(words[(at + 1)...])
        }
    }

    /// What `kpcheck [SUB] --help` lists: each option, whether it takes a value, and the
    /// values it allows when the help names them.
    private struct Help {
        var options: [String: (takesValue: Bool, values: [String]?)] = [:]
        var subcommands: [String] = []
        var defaultSubcommand: String?

        init(_ text: String) {
            var section = "", current: String?, blocks: [String: String] = [:]
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasSuffix(":"), line.first?.isUppercase == true { section = String(line); continue }
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                let first = trimmed.split(separator: " ").first.map(String.init) ?? ""
                switch section {
                case "OPTIONS:" where line.hasPrefix("  ") && !line.hasPrefix("   "):
                    for word in trimmed.split(separator: " ") where word.hasPrefix("--") {
                        let name = String(word.trimmingCharacters(in: CharacterSet(charactersIn: ",")))
                        options[name] = (trimmed.contains("\(name) <"), nil)
                        current = name
                        blocks[name] = trimmed
                    }
                    if first.hasPrefix("-"), !first.hasPrefix("--") { current = nil }
                case "OPTIONS:":
                    if let current { blocks[current, default: ""] += " " + trimmed }
                case "SUBCOMMANDS:" where line.hasPrefix("  ") && !line.hasPrefix("   ") && !first.isEmpty:
                    subcommands.append(first)
                    if trimmed.hasPrefix(first + " (default)") { defaultSubcommand = first }
                default:
                    break
                }
            }
            for (name, block) in blocks {
                if let match = block.firstMatch(of: #/\(values: ([^;)]+)/#) {
                    options[name]?.values = match.1.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                }
            }
        }
    }

    private func help(_ arguments: [String]) throws -> Help {
        let run = try KPCheckProcess.run(arguments + ["--help"])
        XCTAssertEqual(run.status, 0, run.stderr)
        return Help(run.stdout)
    }

    func testShippedCIFilesRunOnlyWhatKpcheckHas() throws {
        let root = try help([])
        XCTAssertTrue(root.subcommands.contains("check"), "\(root.subcommands)")
        let defaultSubcommand = try XCTUnwrap(root.defaultSubcommand)
        var checked: [String: Int] = [:]
        for file in Self.files {
            for command in try commands(file) {
                for var arguments in kpcheckInvocations(command) {
                    let subcommand = arguments.first.flatMap { root.subcommands.contains($0) ? $0 : nil } ?? defaultSubcommand
                    if arguments.first == subcommand { arguments.removeFirst() }
                    let help = try help([subcommand])
                    var i = 0
                    while i < arguments.count {
                        let word = arguments[i]
                        i += 1
                        guard word.hasPrefix("--") else { continue }
                        let name = String(word.prefix { $0 != "=" })
                        guard let option = help.options[name] else {
                            XCTFail("\(file): 'kpcheck \(subcommand)' has no option \(name) (in: \(command))")
                            continue
                        }
                        guard option.takesValue else { continue }
                        let value = name == word ? (i < arguments.count ? arguments[i] : "") : String(word.dropFirst(name.count + 1))
                        if name == word { i += 1 }
                        XCTAssertFalse(value.isEmpty || value.hasPrefix("--"), "\(file): \(name) needs a value (in: \(command))")
                        if let values = option.values {
                            XCTAssertTrue(values.contains(value), "\(file): \(name) \(value) is not one of \(values)")
                        }
                    }
                    checked[file, default: 0] += 1
                }
            }
        }
        // The commands the README describes: GitHub's check and default job, GitLab's default
        // job, and the sharded workflow's shard and two merges, and its mutate shard and merge.
        XCTAssertEqual(checked, [Self.files[0]: 2, Self.files[1]: 1, Self.files[2]: 5])
    }

    /// The README shows each file as it is shipped, so the two cannot drift apart.
    func testTheReadmeShowsTheShippedFiles() throws {
        let readme = try text("README.md")
        let blocks = readme.components(separatedBy: "```yaml\n").dropFirst().map { $0.components(separatedBy: "```\n")[0] }
        for file in Self.files {
            XCTAssertTrue(readme.contains("`\(file)`"), file)
            XCTAssertTrue(blocks.contains(try text(file)), "README.md has no yaml block equal to \(file)")
        }
    }

    /// The parsing above finds what it should, so a vacuous pass is not possible.
    func testTheHelpReaderAndCommandSplitter() throws {
        let check = try help(["check"])
        XCTAssertEqual(check.options["--quiet"]?.takesValue, false)
        XCTAssertEqual(check.options["--format"]?.values, ["text", "json", "sarif", "junit", "ktap"])
        XCTAssertEqual(check.options["--reduction"]?.values, ["none", "partial-order"])
        XCTAssertEqual(check.options["--output"]?.takesValue, true)
        XCTAssertEqual(check.options["--shard"]?.takesValue, true)
        XCTAssertEqual(kpcheckInvocations("swift build && .build/release/kpcheck check --quiet; echo done"), [["check", "--quiet"]])
    }
}
