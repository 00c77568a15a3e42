import Foundation

/// The first source file of a variant (in practice the kernel base with all its headers)
/// preprocessed and parsed, reused by later builds with the same predefined macros for as
/// long as every file it read keeps its text. The default job builds each variant once
/// per scenario and option value; only the first of those builds reads the kernel.
final class BaseFileCache: @unchecked Sendable {
    static let shared = BaseFileCache()
    private static let capacity = 64

    struct Entry: Sendable {
        var filesRead: [(path: String, text: String)]
        var state: Preprocessor.State
        var typedefs: [String: Parser.TypeName]
        var declarations: [Declaration]
    }

    private let lock = NSLock()
    /// The latest entries for each key, newest first: a build from edited files does not
    /// push out the entry of the files as shipped.
    private var entries: [String: [Entry]] = [:]

    func entry(_ key: String, files: SourceProvider) -> Entry? {
        lock.lock()
        let candidates = entries[key] ?? []
        lock.unlock()
        return candidates.first { $0.filesRead.allSatisfy { files.read($0.path) == $0.text } }
    }

    func store(_ entry: Entry, for key: String) {
        lock.lock()
        defer { lock.unlock() }
        if entries.count >= Self.capacity { entries.removeAll() }
        entries[key] = [entry] + (entries[key] ?? []).prefix(1)
    }
}
