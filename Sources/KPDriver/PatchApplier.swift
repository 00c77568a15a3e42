import Foundation
import KPFrontend
import KPIR

/// `--patch FILE`: a mail, format-patch or diff turned into an override file of a
/// variant, written to a temporary file the caller removes when it is done with it.
public struct AppliedPatch: Sendable {
    public var overridePath: String
    /// `took arch_enter_lazy_mmu_mode from hunk 2 (…) of mail.txt`, one per definition.
    public var taken: [String]
    public var leftOut: [String]

    /// Reads `patches` against `variant`. Errors: a missing file, a patch with no hunks,
    /// a changed function shown in part (at file:line:col), one that takes nothing.
    public static func apply(_ patches: [String], to variant: VariantManifest) throws -> AppliedPatch {
        var texts: [(path: String, text: String)] = []
        for path in patches {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw DiagnosticError(DriverError.unreadablePatch(path))
            }
            texts.append((path, text))
        }
        let result = try PatchOverride.make(patches: texts, model: try Frontend.patchModel(of: variant))
        guard !result.taken.isEmpty else {
            throw DiagnosticError(DriverError.patchChangesNothing(patches: patches, variant: variant.name, leftOut: result.leftOut))
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("kpcheck-patch-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let stem = ((patches.last ?? "patch") as NSString).lastPathComponent
        let url = directory.appendingPathComponent("\(variant.name)+\((stem as NSString).deletingPathExtension).c")
        try Data(result.text.utf8).write(to: url)
        return AppliedPatch(overridePath: url.path, taken: result.taken, leftOut: result.leftOut)
    }

    /// Removes the override file (and its folder once empty).
    public func remove() {
        try? FileManager.default.removeItem(atPath: overridePath)
        let directory = (overridePath as NSString).deletingLastPathComponent
        if (try? FileManager.default.contentsOfDirectory(atPath: directory))?.isEmpty == true {
            try? FileManager.default.removeItem(atPath: directory)
        }
    }
}
