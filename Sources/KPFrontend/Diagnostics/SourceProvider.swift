import Foundation

/// Where the front end reads model files and manifests from: the disk, or an in-memory
/// set of files (tests, the mutation test) optionally layered over another provider.
/// Paths given to a provider are absolute and normalised.
public struct SourceProvider: Sendable {
    /// The contents of the file at `path`, or nil if there is none.
    public var read: @Sendable (String) -> String?
    /// The names of the entries of the directory at `path`, or nil if it is not a directory.
    public var list: @Sendable (String) -> [String]?

    public init(read: @escaping @Sendable (String) -> String?, list: @escaping @Sendable (String) -> [String]?) {
        self.read = read
        self.list = list
    }

    public static let disk = SourceProvider(
        read: { path in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let data = FileManager.default.contents(atPath: path) else { return nil }
            return String(decoding: data, as: UTF8.self)
        },
        list: { path in try? FileManager.default.contentsOfDirectory(atPath: path) })

    /// `files` maps paths (made absolute against the current directory) to contents; paths
    /// not in it are read from `fallback`.
    public static func inMemory(_ files: [String: String], fallback: SourceProvider? = nil) -> SourceProvider {
        var table: [String: String] = [:]
        for (path, text) in files { table[SourcePath.absolute(path)] = text }
        let frozen = table
        return SourceProvider(
            read: { path in frozen[path] ?? fallback?.read(path) },
            list: { directory in
                let prefix = directory.hasSuffix("/") ? directory : directory + "/"
                let own = frozen.keys.filter { $0.hasPrefix(prefix) }.map {
                    String($0.dropFirst(prefix.count).prefix { $0 != "/" })
                }
                let more = fallback?.list(directory)
                if own.isEmpty && more == nil { return nil }
                return Set(own).union(more ?? []).sorted()
            })
    }
}
