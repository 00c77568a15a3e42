import KPIR
import XCTest
@testable import KPFrontend

/// A small model tree in memory under /m.
private let baseModel: [String: String] = [
    "/m/kernel/base.h": """
        #define TIF_LAZY_MMU_PENDING 31
        struct thread_struct { u64 por_el1; };
        struct task_struct { struct thread_struct thread; };
        DEFINE_STATIC_KEY_FALSE(feature_key);
        static void helper(void) { isb(); }
        static void writer(pte_t *p, u64 v) { WRITE_ONCE(*p, v); }

        """,
    "/m/kernel/base.c": "#include \"base.h\"\n",
    "/m/variants/plain.toml": """
        description = "the plain variant"
        sources = ["../kernel/base.c"]  # one file
        [config]
        CONFIG_PLAIN = true
        CONFIG_LEVEL = 3
        [options]
        exception-entry-reset = [true, false]
        [static-keys]
        feature_key = true
        [[expect]]
        scenario = "work"
        property = "pte-barriers"
        verdict = "violated"
        when = { exception-entry-reset = true }

        """,
    "/m/scenarios/work.toml": """
        description = "one task"
        source = "work.c"
        cpus = 2
        tasks = ["work_task", "work_task"]
        interrupts = 1
        hardirq = "irq"
        preemption = true
        [params]
        ptes = 2
        page-size = 4096

        """,
    "/m/scenarios/work.c": """
        void work_task(void) { writer(kernel_pte(PTES), PAGE_SIZE); helper(); }
        void irq(void) { if (static_branch_likely(&feature_key)) helper(); }
        int not_an_entry(int x) { return x; }

        """,
]

private func root(_ changes: [String: String] = [:]) throws -> ModelRoot {
    try ModelRoot(directory: "/m", files: .inMemory(baseModel.merging(changes) { _, new in new }))
}

private func manifestError(_ changes: [String: String], variant: String = "plain") -> String {
    firstError { _ = try root(changes).variant(variant) }
}

private func buildError(_ changes: [String: String], overrides: [String] = [], settings: [String: String] = [:],
                        scenario: String? = "work") -> String {
    firstError {
        let models = try root(changes)
        let request = BuildRequest(variant: try models.variant("plain"), scenario: try scenario.map { try models.scenario($0) },
                                   overrides: overrides, settings: settings)
        _ = try Frontend.build(request, files: models.files)
    }
}

final class ManifestTests: XCTestCase {
    func testTOMLSubset() throws {
        let reader = TOMLReader(file: "x.toml", text: """
            # comment
            a = "tab\\t\\"q\\" \\u00e9"
            'quoted key' = 'raw \\n'
            n = -1_000
            h = 0x1F
            list = [
              1, 2,   # trailing comma next
              3,
            ]
            inline = { x = true, "y" = [false] }
            [t]
            k = 1
            [[arr]]
            v = 1
            [[arr]]
            v = 2
            """)
        let table = try reader.read()
        XCTAssertEqual(table.entries.map(\.key), ["a", "quoted key", "n", "h", "list", "inline", "t", "arr"])
        guard case .string(let a) = table["a"]?.kind, case .string(let raw) = table["quoted key"]?.kind,
              case .integer(let n) = table["n"]?.kind, case .integer(let h) = table["h"]?.kind,
              case .array(let list) = table["list"]?.kind, case .table(let inline) = table["inline"]?.kind,
              case .table(let t) = table["t"]?.kind, case .array(let arr) = table["arr"]?.kind else {
            return XCTFail("unexpected shape: \(table)")
        }
        XCTAssertEqual(a, "tab\t\"q\" é")
        XCTAssertEqual(raw, "raw \\n")
        XCTAssertEqual(n, -1000)
        XCTAssertEqual(h, 31)
        XCTAssertEqual(list.count, 3)
        XCTAssertEqual(inline.entries.map(\.key), ["x", "y"])
        XCTAssertEqual(t.entries.map(\.key), ["k"])
        XCTAssertEqual(arr.count, 2)
        XCTAssertEqual(table.entry("h")?.value.location.description, "x.toml:5:5")
    }

    func testTOMLErrors() {
        func error(_ text: String) -> String {
            firstError { _ = try TOMLReader(file: "x.toml", text: text).read() }
        }
        XCTAssertEqual(error("a = \"open\n"), "x.toml:1:5: error: unterminated string")
        XCTAssertEqual(error("a 1\n"), "x.toml:1:3: error: expected '='")
        XCTAssertEqual(error("a = 1\na = 2\n"), "x.toml:2:1: error: duplicate key 'a'")
        XCTAssertEqual(error("a = [1 2]\n"), "x.toml:1:8: error: expected ',' or ']' in an array")
        XCTAssertEqual(error("a = 1.5\n"), "x.toml:1:5: error: invalid value '1.5' (strings must be quoted; floats and dates are not supported)")
        XCTAssertEqual(error("a = 1 b = 2\n"), "x.toml:1:7: error: expected the end of the line")
        XCTAssertEqual(error("a.b = 1\n"), "x.toml:1:2: error: dotted keys are not supported in kpcheck manifests")
    }

    func testVariantManifest() throws {
        let models = try root()
        XCTAssertEqual(models.variantNames(), ["plain"])
        XCTAssertEqual(models.scenarioNames(), ["work"])
        let variant = try models.variant("plain")
        XCTAssertEqual(variant.path, "/m/variants/plain.toml")
        XCTAssertEqual(variant.sources, ["/m/kernel/base.c"])
        XCTAssertEqual(variant.config, ["CONFIG_PLAIN": .bool(true), "CONFIG_LEVEL": .int(3)])
        XCTAssertEqual(variant.options["exception-entry-reset"], [.bool(true), .bool(false)])
        XCTAssertEqual(variant.options["poe"], [.bool(true)])
        XCTAssertEqual(variant.staticKeys, ["feature_key": true])
        XCTAssertEqual(variant.expectations.map(\.verdict), ["violated"])
        XCTAssertEqual(variant.expectedVerdict(scenario: "work", property: "pte-barriers", options: ["exception-entry-reset": .bool(true)]), "violated")
        XCTAssertNil(variant.expectedVerdict(scenario: "work", property: "pte-barriers", options: ["exception-entry-reset": .bool(false)]))
        XCTAssertEqual(try models.variant("/m/variants/plain.toml").name, "plain")
    }

    func testBuildWithScenario() throws {
        let models = try root()
        let request = BuildRequest(variant: try models.variant("plain"), scenario: try models.scenario("work"),
                                   options: ["exception-entry-reset": .bool(true)], settings: ["ptes": "5", "cpus": "3"])
        let model = try Frontend.build(request, files: models.files)
        let scenario = try XCTUnwrap(model.scenario)
        XCTAssertEqual(scenario.cpus, 3)
        XCTAssertEqual(scenario.taskEntries.map { model.program.functions[$0].name }, ["work_task", "work_task"])
        XCTAssertEqual(scenario.hardirq.map { model.program.functions[$0].name }, "irq")
        XCTAssertNil(scenario.softirq)
        XCTAssertEqual(scenario.params, ["ptes": 5, "page-size": 4096])
        XCTAssertTrue(model.options.exceptionEntryReset)
        XCTAssertEqual(model.program.constants["PTES"], 5)
        XCTAssertEqual(model.program.constants["PAGE_SIZE"], 4096)
        XCTAssertEqual(model.program.constants["CONFIG_LEVEL"], 3)
        XCTAssertEqual(model.program.constants["KPCHECK_EXCEPTION_ENTRY_RESET"], 1)
        XCTAssertNil(model.program.constants["KPCHECK_FEAT_EXS"])
        // static_branch_likely(&feature_key) is the manifest's true.
        XCTAssertEqual(listing(model.program, "irq"), ["jump 1", "call helper()", "ret"])
        XCTAssertNotNil(model.sourceFiles["/m/kernel/base.h"])
    }

    func testUnknownVariant() {
        XCTAssertEqual(manifestError([:], variant: "v9"), "error: unknown variant 'v9' (known: plain)")
    }

    func testUnknownScenario() {
        XCTAssertEqual(firstError { _ = try root().scenario("nope") }, "error: unknown scenario 'nope' (known: work)")
    }

    func testManifestNamingAMissingFile() {
        XCTAssertEqual(manifestError(["/m/variants/plain.toml": "sources = [\"../kernel/base.c\", \"../kernel/gone.c\"]\n"]),
                       "/m/variants/plain.toml:1:32: error: file '../kernel/gone.c' not found")
    }

    func testManifestWithAnUnknownOption() {
        XCTAssertEqual(manifestError(["/m/variants/plain.toml": "sources = [\"../kernel/base.c\"]\n[options]\nfeat-exz = true\n"]),
                       "/m/variants/plain.toml:3:1: error: unknown option 'feat-exz' (known: exception-entry-reset, feat-exs, poe)")
    }

    func testManifestWithAnUnknownKey() {
        XCTAssertEqual(manifestError(["/m/variants/plain.toml": "sources = [\"../kernel/base.c\"]\nsource = \"x\"\n"]),
                       "/m/variants/plain.toml:2:1: error: unknown key 'source' in variant manifest")
    }

    func testManifestWithWrongOptionType() {
        XCTAssertEqual(manifestError(["/m/variants/plain.toml": "sources = [\"../kernel/base.c\"]\n[options]\npoe = [true, 3]\n"]),
                       "/m/variants/plain.toml:3:14: error: 'poe' must be a boolean (true/false, yes/no, on/off, y/n, 1/0), not 3")
    }

    func testBadTOMLInAManifest() {
        XCTAssertEqual(manifestError(["/m/variants/plain.toml": "sources = [\"../kernel/base.c\"\n"]),
                       "/m/variants/plain.toml:2:1: error: expected ',' or ']' in an array")
    }

    func testUnknownPropertyInAnExpectation() {
        XCTAssertEqual(manifestError(["/m/variants/plain.toml": "sources = [\"../kernel/base.c\"]\n[[expect]]\nscenario = \"work\"\nproperty = \"por-restord\"\nverdict = \"holds\"\n"]),
                       "/m/variants/plain.toml:4:12: error: unknown property 'por-restord' (known: pgtable-write-permitted, por-restored, isb-before-use, pte-barriers, irq-default-context, other-pkeys-preserved, assertions)")
    }

    func testUnknownStaticKeyInTheManifest() {
        let manifest = baseModel["/m/variants/plain.toml"]!.replacingOccurrences(of: "feature_key = true", with: "featur_key = true")
        XCTAssertEqual(buildError(["/m/variants/plain.toml": manifest]),
                       "/m/variants/plain.toml:9:1: error: unknown static key 'featur_key': the variant's sources do not declare it")
    }

    func testSetOfAnUnknownKey() {
        XCTAssertEqual(buildError([:], settings: ["pte": "3"]),
                       "error: unknown setting 'pte' for --set (known: exception-entry-reset, feat-exs, poe, cpus, interrupts, irq-nesting, preemption, page-size, ptes)")
    }

    func testSetOfABadValue() {
        XCTAssertEqual(buildError([:], settings: ["cpus": "0"]), "error: --set cpus=0: expected an integer of at least 1")
        XCTAssertEqual(buildError([:], settings: ["poe": "yeah"]),
                       "error: --set poe=yeah: expected a boolean (true/false, yes/no, on/off, y/n, 1/0)")
    }

    func testScenarioSearchMethod() throws {
        XCTAssertEqual(try root().scenario("work").search, .interleaved)
        let modular = baseModel["/m/scenarios/work.toml"]!.replacingOccurrences(of: "preemption = true", with: "preemption = true\nsearch = \"modular\"")
        XCTAssertEqual(try root(["/m/scenarios/work.toml": modular]).scenario("work").search, .modular)
        let bad = baseModel["/m/scenarios/work.toml"]!.replacingOccurrences(of: "preemption = true", with: "preemption = true\nsearch = \"fast\"")
        XCTAssertEqual(firstError { _ = try root(["/m/scenarios/work.toml": bad]).scenario("work") },
                       "/m/scenarios/work.toml:8:10: error: 'search' must be one of 'interleaved', 'modular', not 'fast'")
    }

    func testScenarioEntryMustBeAVoidFunction() {
        let manifest = baseModel["/m/scenarios/work.toml"]!.replacingOccurrences(of: "\"irq\"", with: "\"not_an_entry\"")
        XCTAssertEqual(buildError(["/m/scenarios/work.toml": manifest]),
                       "/m/scenarios/work.toml:6:11: error: 'not_an_entry' must be a function 'void not_an_entry(void)'")
        let missing = baseModel["/m/scenarios/work.toml"]!.replacingOccurrences(of: "\"irq\"", with: "\"irq_handler\"")
        XCTAssertEqual(buildError(["/m/scenarios/work.toml": missing]),
                       "/m/scenarios/work.toml:6:11: error: function 'irq_handler' is not defined by the model")
    }

    func testAnEditedHeaderIsReadAgain() throws {
        // The kernel base is cached between builds; an edit to a header it includes counts.
        let first = try Frontend.build(BuildRequest(variant: try root().variant("plain")), files: try root().files)
        XCTAssertEqual(first.program.constants["TIF_LAZY_MMU_PENDING"], 31)
        let edited = try root(["/m/kernel/base.h": baseModel["/m/kernel/base.h"]!.replacingOccurrences(of: "31", with: "30")])
        let second = try Frontend.build(BuildRequest(variant: try edited.variant("plain")), files: edited.files)
        XCTAssertEqual(second.program.constants["TIF_LAZY_MMU_PENDING"], 30)
    }

    // MARK: Overrides

    func testOverrideReplacesFunctionsAndStructs() throws {
        let models = try root(["/m/patch.c": """
            struct thread_struct { u64 por_el1; u64 saved; };
            static void helper(void) { current->thread.saved = 1; fresh(); }
            static void fresh(void) { dsb(ish); }

            """])
        let request = BuildRequest(variant: try models.variant("plain"), scenario: try models.scenario("work"), overrides: ["/m/patch.c"])
        let program = try Frontend.build(request, files: models.files).program
        XCTAssertEqual(program.taskFields.map(\.name), ["thread.por_el1", "thread.saved"])
        XCTAssertEqual(listing(program, "helper"), ["r0 = current()", "r0->thread.saved = 1", "call fresh()", "ret"])
        XCTAssertEqual(program.functions.filter { $0.name == "helper" }.count, 1)
    }

    /// A compiler would at most warn about an unused static function: the build goes on,
    /// and the warning names the function the user likely meant to replace.
    func testOverrideOfAMissingFunctionThatNothingUses() throws {
        let models = try root(["/m/patch.c": "static void helpr(void) { dsb(ish); }\n"])
        let request = BuildRequest(variant: try models.variant("plain"), scenario: try models.scenario("work"), overrides: ["/m/patch.c"])
        let built = try Frontend.build(request, files: models.files)
        XCTAssertEqual(built.warnings.map { $0.render() }, ["""
            /m/patch.c:1:13: warning: override defines 'helpr', which the variant does not define and nothing uses; did you mean 'helper'?
            static void helpr(void) { dsb(ish); }
                        ^
            /m/kernel/base.h:5:13: note: 'helper' is defined here
            static void helper(void) { isb(); }
                        ^

            """])
    }

    func testRedefinitionInsideOneOverrideFile() {
        XCTAssertEqual(buildError(["/m/patch.c": "static void helper(void) { }\nstatic void helper(void) { }\n"], overrides: ["/m/patch.c"]),
                       "/m/patch.c:2:13: error: redefinition of 'helper'")
    }

    func testMissingOverrideFile() {
        XCTAssertEqual(buildError([:], overrides: ["/m/none.c"]), "error: file '/m/none.c' not found")
    }

    func testParseListingWithoutAndWithAVariant() throws {
        let files = SourceProvider.inMemory(baseModel.merging(["/m/patch.c": """
            KPKEYS_GUARD_NOOP(quiet)
            struct pt_regs { u64 por_el1; };
            static void helper(void) { quiet_helper(); }
            static void quiet_helper(void) { guard(quiet)(); }

            """]) { _, new in new })
        let syntax = try Frontend.parse(files: ["/m/patch.c"], provider: files)
        XCTAssertEqual(syntax.render(), """
            /m/patch.c:3:13: function void helper(void)
            /m/patch.c:4:13: function void quiet_helper(void)
            /m/patch.c:1:1: guard class quiet (no-op)
            /m/patch.c:2:1: struct pt_regs { por_el1 }

            """)
        let models = try ModelRoot(directory: "/m", files: files)
        let checked = try Frontend.parse(files: ["/m/patch.c"], variant: try models.variant("plain"), provider: files)
        XCTAssertEqual(checked.functions.map(\.name), ["helper", "quiet_helper"])
        XCTAssertEqual(firstError { _ = try Frontend.parse(files: ["/m/scenarios/work.c"], variant: try models.variant("plain"), provider: files) },
                       "/m/scenarios/work.c:1:42: error: unknown identifier 'PTES'")
        let withScenario = try Frontend.parse(files: ["/m/scenarios/work.c"], variant: try models.variant("plain"),
                                              scenario: try models.scenario("work"), provider: files)
        XCTAssertEqual(withScenario.functions.map(\.name), ["work_task", "irq", "not_an_entry"])
        XCTAssertEqual(withScenario.warnings.map(\.description),
                       ["/m/scenarios/work.c:3:5: warning: override defines 'not_an_entry', which the variant does not define and nothing uses"])
    }
}
