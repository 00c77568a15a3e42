import KPIR
import XCTest
@testable import KPFrontend

/// Booleans as people write them (issue 14, item 3): `--set`, `--sweep` and manifests
/// accept y/n, yes/no, on/off, 1/0 and true/false; anything else is one error that lists them.
final class BooleanSpellingTests: XCTestCase {
    private static let accepted = "true/false, yes/no, on/off, y/n, 1/0"

    /// A variant and a scenario whose booleans are the given TOML values.
    private func models(option: String = "false", staticKey: String = "false", config: String = "false",
                        preemption: String = "false") throws -> ModelRoot {
        try ModelRoot(directory: "/b", files: .inMemory([
            "/b/kernel/base.c": """
                struct thread_struct { u64 por_el1; };
                struct task_struct { struct thread_struct thread; };
                DEFINE_STATIC_KEY_FALSE(feature_key);
                void work(void) { if (static_branch_likely(&feature_key)) isb(); }

                """,
            "/b/variants/v.toml": """
                sources = ["../kernel/base.c"]
                [config]
                CONFIG_FEATURE = \(config)
                [options]
                exception-entry-reset = \(option)
                [static-keys]
                feature_key = \(staticKey)
                [[expect]]
                scenario = "s"
                property = "por-restored"
                verdict = "violated"
                when = { exception-entry-reset = \(option) }

                """,
            "/b/scenarios/s.toml": "source = \"s.c\"\ntasks = [\"work\"]\npreemption = \(preemption)\n",
            "/b/scenarios/s.c": "\n",
        ]))
    }

    private func build(_ models: ModelRoot, settings: [String: String] = [:]) throws -> BuiltModel {
        try Frontend.build(BuildRequest(variant: try models.variant("v"), scenario: try models.scenario("s"), settings: settings),
                           files: models.files)
    }

    func testEverySpellingOnTheCommandLine() throws {
        let models = try models()
        for (spellings, value) in [(["y", "Y", "yes", "on", "1", "true", "TRUE"], true), (["n", "no", "OFF", "0", "false"], false)] {
            for text in spellings {
                let built = try build(models, settings: ["exception-entry-reset": text, "preemption": text])
                XCTAssertEqual(built.options.exceptionEntryReset, value, text)
                XCTAssertEqual(built.scenario?.preemption, value, text)
                XCTAssertEqual(BuildRequest.canonical("exception-entry-reset", text), String(value))
            }
        }
        // Only boolean settings are respelled; a bad spelling is kept for the build to reject.
        XCTAssertEqual(BuildRequest.canonical(settings: ["feat-exs": "on", "cpus": "1", "poe": "maybe"]),
                       ["feat-exs": "true", "cpus": "1", "poe": "maybe"])
    }

    func testEverySpellingInManifests() throws {
        for (text, value) in [("\"y\"", true), ("'on'", true), ("1", true), ("\"No\"", false), ("0", false), ("\"off\"", false)] {
            let models = try models(option: text, staticKey: text, config: text, preemption: text)
            let variant = try models.variant("v")
            XCTAssertEqual(variant.options["exception-entry-reset"], [.bool(value)], text)
            XCTAssertEqual(variant.staticKeys["feature_key"], value, text)
            XCTAssertEqual(variant.expectations.first?.when, ["exception-entry-reset": .bool(value)], text)
            XCTAssertEqual(try models.scenario("s").preemption, value, text)
            let built = try build(models)
            XCTAssertEqual(built.options.exceptionEntryReset, value, text)
            // CONFIG_FEATURE = 1 and 0 stay numbers, as before: 0 defines it as 0.
            XCTAssertEqual(built.program.constants["CONFIG_FEATURE"], value ? 1 : (text == "0" ? 0 : nil), text)
        }
    }

    func testAnythingElseListsTheSpellings() throws {
        let models = try models()
        XCTAssertEqual(firstError { _ = try build(models, settings: ["exception-entry-reset": "maybe"]) },
                       "error: --set exception-entry-reset=maybe: expected a boolean (\(Self.accepted))")
        XCTAssertEqual(firstError { _ = try build(models, settings: ["preemption": "2"]) },
                       "error: --set preemption=2: expected a boolean (\(Self.accepted))")
        XCTAssertEqual(firstError { _ = try self.models(option: "\"maybe\"").variant("v") },
                       "/b/variants/v.toml:5:25: error: 'exception-entry-reset' must be a boolean (\(Self.accepted)), not 'maybe'")
        XCTAssertEqual(firstError { _ = try self.models(staticKey: "2").variant("v") },
                       "/b/variants/v.toml:7:15: error: 'feature_key' must be a boolean (\(Self.accepted)), not 2")
        XCTAssertEqual(firstError { _ = try self.models(config: "\"m\"").variant("v") },
                       "/b/variants/v.toml:3:18: error: 'CONFIG_FEATURE' must be a boolean (\(Self.accepted)) or an integer, not 'm'")
        XCTAssertEqual(firstError { _ = try self.models(preemption: "[true]").scenario("s") },
                       "/b/scenarios/s.toml:3:14: error: 'preemption' must be a boolean (\(Self.accepted)), not an array")
        // TOML's own booleans are true and false: a bare y is a syntax error that says what to write.
        XCTAssertEqual(firstError { _ = try self.models(option: "y").variant("v") },
                       "/b/variants/v.toml:5:25: error: invalid value 'y': TOML writes booleans as true and false; quote other spellings (\"y\")")
    }
}
