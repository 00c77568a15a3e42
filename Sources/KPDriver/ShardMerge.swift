import Foundation
import KPIR
import KPReport

/// `kpcheck merge`: the JSON reports of shards 1…n of one run put back together into
/// the report the unsharded run would have written, rows in its order.
public enum ShardMerge {
    public struct Merged {
        public var report: Report
        /// The sharded command (`run` for the default job, or `check`).
        public var command: String

        /// What the unsharded run would have exited with.
        public var exitStatus: Int32 {
            command == "run" ? ExitStatus.expectations(report.results) : ExitStatus.verdicts(report.results.map(\.status))
        }
    }

    /// Reads and merges the files; a file that is not a shard's report, or shards that
    /// do not make up one run exactly, are an error naming the file (or the missing shard).
    public static func merge(files: [String]) throws -> Merged {
        try merge(files.map { file in
            guard let data = FileManager.default.contents(atPath: file) else { throw DiagnosticError(DriverError.unreadableReport(file)) }
            do {
                return (file, try JSONDecoder().decode(Report.self, from: data))
            } catch {
                throw DiagnosticError(DriverError.notAReport(file))
            }
        })
    }

    public static func merge(_ inputs: [(file: String, report: Report)]) throws -> Merged {
        guard let (firstFile, first) = inputs.first else { throw DiagnosticError(DriverError.noShards) }
        guard let reference = first.shard else { throw DiagnosticError(DriverError.notAShard(firstFile)) }
        var byIndex: [Int: String] = [:]
        var rows: [(job: Int, order: Int, result: CheckResult)] = [], metrics: [(job: Int, row: MetricsRow)] = []
        for (file, report) in inputs {
            guard let shard = report.shard else { throw DiagnosticError(DriverError.notAShard(file)) }
            guard shard.count == reference.count else {
                throw DiagnosticError(DriverError.differentShardCounts(file: file, shard, first: firstFile, reference))
            }
            guard shard.command == reference.command, shard.jobs == reference.jobs, shard.settings == reference.settings,
                  report.version == first.version else {
                throw DiagnosticError(DriverError.differentRun(file: file, first: firstFile,
                                                               difference: difference(shard, reference, report.version, first.version)))
            }
            if let other = byIndex.updateValue(file, forKey: shard.index) {
                throw DiagnosticError(DriverError.shardAgain(file: file, shard, also: other))
            }
            let selected = try Shard(index: shard.index, count: shard.count)
            let jobs = report.metrics.map { $0.job ?? -1 }
            guard jobs == (0..<shard.jobs).filter(selected.selects), report.results.allSatisfy({ $0.job.map(jobs.contains) ?? false }) else {
                throw DiagnosticError(DriverError.notTheShardsJobs(file: file, shard))
            }
            rows += report.results.map { ($0.job!, rows.count, $0) }
            metrics += report.metrics.map { ($0.job!, $0) }
        }
        if let missing = (1...reference.count).first(where: { byIndex[$0] == nil }) {
            throw DiagnosticError(DriverError.missingShard(index: missing, count: reference.count, given: byIndex.keys.sorted()))
        }
        // Rows of one job keep the order their shard wrote them in.
        let results = rows.sorted { ($0.job, $0.order) < ($1.job, $1.order) }.map { row in
            var r = row.result
            r.job = nil
            return r
        }
        let metricRows = metrics.sorted { $0.job < $1.job }.map { row in
            var m = row.row
            m.job = nil
            return m
        }
        return Merged(report: Report(version: first.version, results: results, metrics: metricRows),
                      command: reference.command)
    }

    private static func difference(_ a: ShardRecord, _ b: ShardRecord, _ versionA: String, _ versionB: String) -> String {
        if a.command != b.command { return "kpcheck \(a.command) against kpcheck \(b.command)" }
        if versionA != versionB { return "kpcheck \(versionA) against \(versionB)" }
        let keys = Set(a.settings.keys).union(b.settings.keys).sorted().filter { a.settings[$0] != b.settings[$0] }
        if keys.isEmpty { return "a run of \(a.jobs) jobs against one of \(b.jobs)" }
        return keys.map { "\($0): \(a.settings[$0] ?? "unset") against \(b.settings[$0] ?? "unset")" }.joined(separator: "; ")
    }
}
