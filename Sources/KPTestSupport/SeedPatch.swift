import Foundation

/// Where tests find the seed patch (RFC v8 22/24) as posted: the project's `shared/`
/// beside the clone, which developers and CI have and a user's clone does not. The
/// patch text never enters the repository; `kpcheck --patch` reads it.
public enum SeedPatch {
    /// Where the mail is, relative to a folder above the package.
    public static let mailPath = "shared/reference/000_ef5a3f0b7e9407e2.txt"

    /// `mailPath`, looked for above `start`.
    public static func mailURL(above start: URL) -> URL? {
        var directory = start
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent(mailPath)
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return nil
    }

    /// Why a test that needs the mail skips when there is none above `start`.
    public static func missingMailReason(above start: URL) -> String {
        "needs \(mailPath) (the seed patch as posted) in a folder above \(start.path); "
            + "a clone without the project's shared/ beside it has none"
    }
}
