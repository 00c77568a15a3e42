// swift-tools-version:6.0
import PackageDescription

/// Release builds of every module of ours make the metadata of a generic type they name
/// (a `Set<String>`, a `Dictionary<UInt32, …>`) with a call to its accessor, not by
/// looking its mangled name up at run time: the first lookup of each checks the type's
/// conformances by scanning every conformance record of the static binary (6,064, most of
/// them Foundation's). 6.7M of the 59.5M instructions from the start of `check` to its
/// search (callgrind, check kpkeys-v8 vmalloc-2x2 --threads 2 --max-states 1), at the cost
/// of 45 KB of code.
let startSettings: [SwiftSetting] = [.unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"], .when(configuration: .release))]

/// The search's hot loop (explorer and machine) runs without dynamic exclusivity checks in
/// release builds: they cost about 5% of a search (`swift_beginAccess` on the search's
/// captured variables and the machine's properties, measured with perf on vmalloc-2x2).
/// Debug builds, which the tests run, keep checking every access.
let searchSettings: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))] + startSettings

let package = Package(
    name: "kpcheck",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kpcheck", targets: ["kpcheck"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Tests only: parses the shipped CI files (CIFilesTests).
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // Z3 from Debian's libz3-dev, found through pkg-config.
        .systemLibrary(name: "CZ3", pkgConfig: "z3", providers: [.apt(["libz3-dev"])]),
        // The intermediate representation shared by the front end and the machine, and the
        // C arithmetic that the front end, the machine and the solver's folding all use.
        .target(name: "KPIR", swiftSettings: startSettings),
        // Kernel-C model language: preprocessor, lexer, parser, checker, lowering, manifests.
        .target(name: "KPFrontend", dependencies: ["KPIR"], swiftSettings: startSettings),
        // Hash-consed value terms and Z3 queries over them; their folding is KPIR's C arithmetic.
        .target(name: "KPSolver", dependencies: ["KPIR", "CZ3"], swiftSettings: startSettings),
        // The frontier's encoding with AVX-512 (compress and expand), for the processors
        // that have it; KPExplorer's own code elsewhere.
        .target(name: "CKernels"),
        // Breadth-first search over any transition system, visited set, parent links.
        .target(name: "KPExplorer", dependencies: ["CKernels"], swiftSettings: searchSettings),
        // What a check is about, shared by the machine and the report: the properties by
        // name and meaning, the coverage record, and the actions of trace steps as data.
        .target(name: "KPProperties", swiftSettings: startSettings),
        // CPUs, tasks, POR_EL1 semantics, interrupts, preemption; the property monitors.
        .target(name: "KPMachine", dependencies: ["KPIR", "KPSolver", "KPExplorer", "KPProperties"],
                swiftSettings: searchSettings),
        // Results and traces as data, and their renderings (text, JSON, SARIF, HTML, compare,
        // mutation). Links no solver: PackageGraphTests keeps it that way.
        .target(name: "KPReport", dependencies: ["KPExplorer", "KPProperties", "KPIR"], swiftSettings: startSettings),
        // Loads variants and scenarios, runs jobs; what the commands call.
        .target(name: "KPDriver", dependencies: ["KPFrontend", "KPMachine", "KPExplorer", "KPProperties", "KPReport", "KPSolver"],
                swiftSettings: startSettings),
        // Test fixtures shared by test targets (the seed patch, read from shared/reference).
        .target(name: "KPTestSupport"),
        .executableTarget(name: "kpcheck", dependencies: [
            "KPDriver", "KPExplorer", "KPFrontend", "KPIR", "KPProperties", "KPReport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: startSettings,
        // The release executable's 97,000 relative relocations packed as a bitmap (RELR,
        // 15 KB) instead of 24-byte entries (1.9 MB, read at every start): linked by the
        // toolchain's lld, since gold has no RELR. 0.6 ms less from exec to the search
        // (60 alternating runs of check --max-states 1, 25th percentile 11.61 -> 10.98 ms).
        linkerSettings: [.unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"],
                                      .when(configuration: .release))]),
        .testTarget(name: "KPFrontendTests", dependencies: ["KPFrontend", "KPTestSupport"]),
        .testTarget(name: "KPSolverTests", dependencies: ["KPSolver", "KPIR", "CZ3", "KPTestSupport"]),
        .testTarget(name: "KPExplorerTests", dependencies: ["KPExplorer", "KPTestSupport"]),
        .testTarget(name: "KPMachineTests", dependencies: ["KPMachine", "KPExplorer", "KPFrontend", "KPProperties", "KPReport"]),
        .testTarget(name: "KPDriverTests", dependencies: ["KPDriver", "KPProperties", "KPReport", "KPTestSupport", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "KPReportTests", dependencies: ["KPReport", "KPProperties", "KPDriver", "KPTestSupport"], resources: [.copy("Resources")]),
    ]
)
