import KPIR
import KPProperties
import KPReport

/// `--shard i/n`: the i-th of n shares of a run's jobs, for a CI matrix whose machines
/// each check one share and a last step that merges them (`kpcheck merge`).
///
/// A run enumerates its jobs in one fixed order (variant × scenario × option point, and
/// the column or mutant where the command has them); shard i takes the jobs whose index
/// is i − 1 modulo n. Round-robin rather than contiguous ranges, so the expensive jobs,
/// which cluster by scenario, spread over the shards.
public struct Shard: Equatable, Sendable, CustomStringConvertible {
    /// 1-based, as written on the command line.
    public let index: Int
    public let count: Int

    /// The whole run: what a command does without `--shard`.
    public static let whole = Shard(validIndex: 1, count: 1)

    private init(validIndex: Int, count: Int) {
        index = validIndex
        self.count = count
    }

    public init(index: Int, count: Int) throws {
        guard count >= 1, (1...count).contains(index) else {
            throw DiagnosticError(DriverError.shardOutOfRange(index: index, count: count))
        }
        self.init(validIndex: index, count: count)
    }

    /// Parses `i/n`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
            throw DiagnosticError(DriverError.malformedShard(text))
        }
        try self.init(index: i, count: n)
    }

    public var description: String { "\(index)/\(count)" }

    /// Whether the job at this index of the unsharded run's order is this shard's.
    public func selects(_ jobIndex: Int) -> Bool { jobIndex % count == index - 1 }

    /// This shard's jobs, each with its index in the unsharded run, in the run's order.
    public func take<T>(_ jobs: [T]) -> [(index: Int, job: T)] {
        jobs.indices.filter(selects).map { ($0, jobs[$0]) }
    }

    /// What a sharded report records about this shard, for `merge` to check and reassemble.
    public func record(command: String, jobs: Int, settings: [String: String]) -> ShardRecord {
        ShardRecord(index: index, count: count, command: command, jobs: jobs, settings: settings)
    }
}

extension CheckSettings {
    /// What decides a check's jobs and verdicts, as a sharded report records it: shards
    /// that differ here are shards of different runs.
    public var shardSettings: [String: String] {
        var s: [String: String] = [
            "max-states": String(maxStates), "max-memory": String(maxMemoryMiB), "reduction": reduction.rawValue,
            "symmetry": symmetry.rawValue, "exact": String(exact), "coverage": String(coverage),
        ]
        if let properties { s["property"] = properties.map(\.name).joined(separator: ",") }
        if !overrides.isEmpty { s["override"] = overrides.joined(separator: ",") }
        if !settings.isEmpty { s["set"] = settings.keys.sorted().map { "\($0)=\(settings[$0]!)" }.joined(separator: ",") }
        if let search { s["search"] = search.rawValue }
        return s
    }
}

extension JobOutcome {
    /// Marks every row with the job's index in the unsharded run.
    public mutating func tag(job index: Int) {
        for i in results.indices { results[i].job = index }
        metrics.job = index
    }
}
