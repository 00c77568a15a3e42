import Foundation

/// The memory the process holds: its resident set, from /proc on Linux; elsewhere its
/// peak, from getrusage.
public enum ResidentMemory {
    public static func bytes() -> Int {
        var usage = rusage()
        #if os(Linux)
        if let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
           let pages = statm.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) {
            return pages * sysconf(Int32(_SC_PAGESIZE))
        }
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
        #else
        getrusage(RUSAGE_SELF, &usage)
        return Int(usage.ru_maxrss)
        #endif
    }
}
