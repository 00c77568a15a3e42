import ArgumentParser
import KPDriver
import KPFrontend

/// `--patch FILE`: the series as mailed, applied to the model as an override.
struct PatchOptions: ParsableArguments {
    @Option(name: .customLong("patch"), help: "A patch (mbox, git format-patch or unified diff) whose changed functions replace the variant's (repeatable).")
    var patches: [String] = []

    /// The override `patches` make of `variant`, each definition taken named on
    /// standard error unless `quiet`; nil without patches.
    func apply(_ patches: [String]? = nil, to variant: VariantManifest, quiet: Bool) throws -> AppliedPatch? {
        let files = patches ?? self.patches
        guard !files.isEmpty else { return nil }
        let applied = try AppliedPatch.apply(files, to: variant)
        if !quiet {
            for line in applied.taken { Stderr.line("patch: \(variant.name): \(line)") }
            for line in applied.leftOut { Stderr.line("patch: \(variant.name): left out \(line)") }
        }
        return applied
    }
}
