import Foundation

/// Path arithmetic on plain strings, so in-memory and on-disk files behave alike.
enum SourcePath {
    /// `path` made absolute against the current directory, with `.`, `..` and `//` removed.
    static func absolute(_ path: String) -> String {
        let base = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return normalize(base)
    }

    /// `relative` resolved against the directory `directory` (absolute).
    static func join(_ directory: String, _ relative: String) -> String {
        relative.hasPrefix("/") ? normalize(relative) : normalize(directory + "/" + relative)
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func fileName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// How a path is shown in diagnostics and traces: relative to the current directory
    /// when the file is below it, as compilers print the paths they were given.
    static func display(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let prefix = cwd.hasSuffix("/") ? cwd : cwd + "/"
        return path.hasPrefix(prefix) && path.count > prefix.count ? String(path.dropFirst(prefix.count)) : path
    }

    private static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
