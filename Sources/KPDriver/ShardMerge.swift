import Foundation
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
            guard let data = FileManager.default.contents(atPath: file) else { throw DriverError("\(file): cannot read it") }
            do {
                return (file, try JSONDecoder().decode(Report.self, from: data))
            } catch {
                throw DriverError("\(file): not a kpcheck JSON report of check or the default job (written with --format json)")
            }
        })
    }

    public static func merge(_ inputs: [(file: String, report: Report)]) throws -> Merged {
        guard let (firstFile, first) = inputs.first else { throw DriverError("merge needs the shards' JSON reports") }
        guard let reference = first.shard else { throw notAShard(firstFile) }
        var byIndex: [Int: String] = [:]
        var rows: [(job: Int, order: Int, result: CheckResult)] = [], metrics: [(job: Int, row: MetricsRow)] = []
        for (file, report) in inputs {
            guard let shard = report.shard else { throw notAShard(file) }
            guard shard.count == reference.count else {
                throw DriverError("\(file): shard \(shard.index)/\(shard.count), but \(firstFile) is shard "
                    + "\(reference.index)/\(reference.count): shards of splits into different counts")
            }
            guard shard.command == reference.command, shard.jobs == reference.jobs, shard.settings == reference.settings,
                  report.version == first.version else {
                throw DriverError("\(file): a shard of a different run than \(firstFile) (\(difference(shard, reference, report.version, first.version)))")
            }
            if let other = byIndex.updateValue(file, forKey: shard.index) {
                throw DriverError("\(file): shard \(shard.index)/\(shard.count) again (also \(other))")
            }
            let selected = try Shard(index: shard.index, count: shard.count)
            let jobs = report.metrics.map { $0.job ?? -1 }
            guard jobs == (0..<shard.jobs).filter(selected.selects), report.results.allSatisfy({ $0.job.map(jobs.contains) ?? false }) else {
                throw DriverError("\(file): its rows are not the jobs of shard \(shard.index)/\(shard.count) of \(shard.jobs)")
            }
            rows += report.results.map { ($0.job!, rows.count, $0) }
            metrics += report.metrics.map { ($0.job!, $0) }
        }
        if let missing = (1...reference.count).first(where: { byIndex[$0] == nil }) {
            throw DriverError("shard \(missing)/\(reference.count) is missing (given: "
                + byIndex.keys.sorted().map { "\($0)/\(reference.count)" }.joined(separator: ", ") + ")")
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

    private static func notAShard(_ file: String) -> DriverError {
        DriverError("\(file): not a shard's report (no \"shard\" in it: written without --shard)")
    }

    private static func difference(_ a: ShardRecord, _ b: ShardRecord, _ versionA: String, _ versionB: String) -> String {
        if a.command != b.command { return "kpcheck \(a.command) against kpcheck \(b.command)" }
        if versionA != versionB { return "kpcheck \(versionA) against \(versionB)" }
        let keys = Set(a.settings.keys).union(b.settings.keys).sorted().filter { a.settings[$0] != b.settings[$0] }
        if keys.isEmpty { return "a run of \(a.jobs) jobs against one of \(b.jobs)" }
        return keys.map { "\($0): \(a.settings[$0] ?? "unset") against \(b.settings[$0] ?? "unset")" }.joined(separator: "; ")
    }
}
