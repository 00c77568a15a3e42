import Foundation
import KPIR
import KPReport

/// `kpcheck merge`: the JSON reports of shards 1…n of one run put back together into
/// what the unsharded run would have written: the default job's or `check`'s report
/// (rows in its order), `compare`'s table, or `mutate`'s verdicts.
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

    /// What the shards of one run merge into, by the command that wrote them.
    public enum MergedRun {
        /// The default job or `check`.
        case report(Merged)
        /// With the key `--sweep` varied, if any (for the HTML report's charts).
        case comparison(CompareTable, sweepKey: String?)
        case mutation(MutationDocument)

        /// What the unsharded run would have exited with (`mutate` reports, it does not fail).
        public var exitStatus: Int32 {
            switch self {
            case .report(let merged): merged.exitStatus
            case .comparison(let table, _): ExitStatus.verdicts(table.statuses)
            case .mutation: 0
            }
        }
    }

    /// Reads and merges the files, whichever command's shards they are; a file that is
    /// not a shard's report, or shards that do not make up one run exactly, are an error
    /// naming the file (or the missing shard).
    public static func mergeAny(files: [String]) throws -> MergedRun {
        struct Envelope: Decodable {
            struct Table: Decodable { var shard: ShardRecord? }
            var shard: ShardRecord?
            var table: Table?
        }
        struct CompareDocument: Decodable {
            var version: String
            var table: CompareTable
        }
        let decoder = JSONDecoder()
        var documents: [(file: String, data: Data, command: String?)] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { throw DiagnosticError(DriverError.unreadableReport(file)) }
            guard let envelope = try? decoder.decode(Envelope.self, from: data) else {
                throw DiagnosticError(DriverError.notAReport(file))
            }
            documents.append((file, data, (envelope.shard ?? envelope.table?.shard)?.command))
        }
        guard let first = documents.first else { throw DiagnosticError(DriverError.noShards) }
        for document in documents {
            guard let command = document.command else { throw DiagnosticError(DriverError.notAShard(document.file)) }
            if command != first.command {
                throw DiagnosticError(DriverError.differentRun(file: document.file, first: first.file,
                                                               difference: "kpcheck \(command) against kpcheck \(first.command!)"))
            }
        }
        func decode<T: Decodable>(_: T.Type, _ document: (file: String, data: Data, command: String?)) throws -> T {
            do { return try decoder.decode(T.self, from: document.data) } catch {
                throw DiagnosticError(DriverError.notAReport(document.file))
            }
        }
        switch first.command {
        case "compare":
            let inputs = try documents.map { d in
                let document = try decode(CompareDocument.self, d)
                return (d.file, document.table, document.version)
            }
            let sweep = inputs.first?.1.shard?.settings["sweep"]
            return .comparison(try mergeComparison(inputs),
                               sweepKey: sweep.flatMap { $0.split(separator: "=", maxSplits: 1).first.map(String.init) })
        case "mutate":
            return .mutation(try mergeMutation(documents.map { ($0.file, try decode(MutationDocument.self, $0)) }))
        default:
            return .report(try merge(documents.map { ($0.file, try decode(Report.self, $0)) }))
        }
    }

    /// Checks that the shards are those of one run (the same command, count, jobs,
    /// settings and kpcheck version), each once, none missing. Whether each file holds
    /// its shard's jobs is for the caller, which knows what a job's rows look like.
    private static func check(_ shards: [(file: String, shard: ShardRecord?, version: String)]) throws {
        guard let (firstFile, first, firstVersion) = shards.first else { throw DiagnosticError(DriverError.noShards) }
        guard let reference = first else { throw DiagnosticError(DriverError.notAShard(firstFile)) }
        var byIndex: [Int: String] = [:]
        for (file, shard, version) in shards {
            guard let shard else { throw DiagnosticError(DriverError.notAShard(file)) }
            guard shard.count == reference.count else {
                throw DiagnosticError(DriverError.differentShardCounts(file: file, shard, first: firstFile, reference))
            }
            guard shard.command == reference.command, shard.jobs == reference.jobs, shard.settings == reference.settings,
                  version == firstVersion else {
                throw DiagnosticError(DriverError.differentRun(file: file, first: firstFile,
                                                               difference: difference(shard, reference, version, firstVersion)))
            }
            if let other = byIndex.updateValue(file, forKey: shard.index) {
                throw DiagnosticError(DriverError.shardAgain(file: file, shard, also: other))
            }
        }
        if let missing = (1...reference.count).first(where: { byIndex[$0] == nil }) {
            throw DiagnosticError(DriverError.missingShard(index: missing, count: reference.count, given: byIndex.keys.sorted()))
        }
    }

    /// The jobs of `shard`'s share, in order.
    private static func jobs(of shard: ShardRecord) throws -> [Int] {
        let selected = try Shard(index: shard.index, count: shard.count)
        return (0..<shard.jobs).filter(selected.selects)
    }

    public static func merge(_ inputs: [(file: String, report: Report)]) throws -> Merged {
        try check(inputs.map { ($0.file, $0.report.shard, $0.report.version) })
        var rows: [(job: Int, order: Int, result: CheckResult)] = [], metrics: [(job: Int, row: MetricsRow)] = []
        for (file, report) in inputs {
            let shard = report.shard!
            let jobs = report.metrics.map { $0.job ?? -1 }
            guard jobs == (try Self.jobs(of: shard)), report.results.allSatisfy({ $0.job.map(jobs.contains) ?? false }) else {
                throw DiagnosticError(DriverError.notTheShardsJobs(file: file, shard))
            }
            rows += report.results.map { ($0.job!, rows.count, $0) }
            metrics += report.metrics.map { ($0.job!, $0) }
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
        let (reference, first) = (inputs[0].report.shard!, inputs[0].report)
        return Merged(report: Report(version: first.version, results: results, metrics: metricRows),
                      command: reference.command)
    }

    /// `compare`'s shards: every cell in its row and column, the rows in the order the
    /// unsharded comparison made them (by the first job and result that made each), then
    /// disagreements first; the counterexamples of the rows that disagree.
    public static func mergeComparison(_ inputs: [(file: String, table: CompareTable, version: String)]) throws -> CompareTable {
        try check(inputs.map { ($0.file, $0.table.shard, $0.version) })
        let columns = inputs[0].table.columns
        var verdicts: [CompareTable.VerdictRow.Key: (place: (Int, Int), cells: [CompareTable.VerdictCell?])] = [:]
        var costs: [CompareTable.CostRow.Key: (place: Int, cells: [CompareTable.CostCell?])] = [:]
        var traces: [String: SavedTrace] = [:]
        for (file, table, _) in inputs {
            let shard = table.shard!
            let jobs = Set(try Self.jobs(of: shard))
            let cellJobs = table.verdicts.flatMap { $0.cells.compactMap { $0?.job } } + table.costs.flatMap { $0.cells.compactMap { $0?.job } }
            guard table.columns == columns, cellJobs.allSatisfy(jobs.contains),
                  table.verdicts.allSatisfy({ $0.cells.count == columns.count && $0.cells.allSatisfy { $0 == nil || $0?.job != nil } }),
                  table.costs.allSatisfy({ $0.cells.count == columns.count && $0.cells.allSatisfy { $0 == nil || $0?.job != nil } }),
                  let cellTraces = table.cellTraces else {
                throw DiagnosticError(DriverError.notTheShardsJobs(file: file, shard))
            }
            for row in table.verdicts {
                var merged = verdicts[row.key] ?? ((Int.max, Int.max), Array(repeating: nil, count: columns.count))
                for (c, cell) in row.cells.enumerated() {
                    guard var cell else { continue }
                    if (cell.job!, cell.result ?? 0) < merged.place { merged.place = (cell.job!, cell.result ?? 0) }
                    (cell.job, cell.result) = (nil, nil)
                    merged.cells[c] = cell
                }
                verdicts[row.key] = merged
            }
            for row in table.costs {
                var merged = costs[row.key] ?? (Int.max, Array(repeating: nil, count: columns.count))
                for (c, cell) in row.cells.enumerated() {
                    guard var cell else { continue }
                    merged.place = min(merged.place, cell.job!)
                    cell.job = nil
                    merged.cells[c] = cell
                }
                costs[row.key] = merged
            }
            for cellTrace in cellTraces { traces["\(cellTrace.key)#\(cellTrace.column)"] = cellTrace.trace }
        }
        var table = CompareTable(columns: columns)
        table.verdicts = verdicts.sorted { $0.value.place < $1.value.place }.map { .init(key: $0.key, cells: $0.value.cells) }
        table.costs = costs.sorted { $0.value.place < $1.value.place }.map { .init(key: $0.key, cells: $0.value.cells) }
        table.sortDisagreementsFirst()
        table.collectDisagreementTraces { key, c in traces["\(key)#\(c)"] }
        return table
    }

    /// `mutate`'s shards: each mutant killed in the first target (in the run's order)
    /// any shard killed it in, and surviving the targets before it, as the unsharded run
    /// checks a mutant's targets in order up to its first kill (see `MutationRun.jobs`).
    public static func mergeMutation(_ inputs: [(file: String, document: MutationDocument)]) throws -> MutationDocument {
        try check(inputs.map { ($0.file, $0.document.shard, $0.document.version) })
        let (variant, targets) = (inputs[0].document.variant, inputs[0].document.targets)
        let pairs = inputs[0].document.shard!.jobs
        guard !targets.isEmpty, pairs % targets.count == 0 else {
            throw DiagnosticError(DriverError.notTheShardsJobs(file: inputs[0].file, inputs[0].document.shard!))
        }
        let mutantCount = pairs / targets.count
        let place = Dictionary(targets.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var mutants: [Int: Mutation] = [:]
        var kills: [Int: (target: Int, kill: MutationDocument.Kill)] = [:]
        var survived: [Int: Set<Int>] = [:]
        for (file, document) in inputs {
            let shard = document.shard!
            let mutantsOfShard = Set(try jobs(of: shard).map { $0 / targets.count })
            guard document.variant == variant, document.targets == targets,
                  Set(document.mutants.map(\.index)) == mutantsOfShard else {
                throw DiagnosticError(DriverError.notTheShardsJobs(file: file, shard))
            }
            for entry in document.mutants {
                mutants[entry.index] = entry.mutant
                let survivedAt = entry.survivedIn.compactMap { place[$0] }
                guard survivedAt.count == entry.survivedIn.count else {
                    throw DiagnosticError(DriverError.notTheShardsJobs(file: file, shard))
                }
                survived[entry.index, default: []].formUnion(survivedAt)
                if let kill = entry.killedBy {
                    guard let target = place[kill.job] else { throw DiagnosticError(DriverError.notTheShardsJobs(file: file, shard)) }
                    if target < kills[entry.index]?.target ?? Int.max { kills[entry.index] = (target, kill) }
                }
            }
        }
        var verdicts: [MutationVerdict] = []
        for m in 0..<mutantCount {
            guard let mutant = mutants[m] else {
                throw DiagnosticError(DriverError.notTheShardsJobs(file: inputs[0].file, inputs[0].document.shard!))
            }
            let kill = kills[m]
            let before = (survived[m] ?? []).filter { $0 < kill?.target ?? Int.max }.sorted()
            verdicts.append(MutationVerdict(mutant: mutant, killedBy: kill.map { ($0.kill.property, $0.kill.job) },
                                            survivedIn: before.map { targets[$0] }))
        }
        var document = MutationDocument(variant: variant, targets: targets, verdicts: verdicts,
                                        indices: Array(0..<mutantCount), shard: nil)
        document.version = inputs[0].document.version
        return document
    }

    private static func difference(_ a: ShardRecord, _ b: ShardRecord, _ versionA: String, _ versionB: String) -> String {
        if a.command != b.command { return "kpcheck \(a.command) against kpcheck \(b.command)" }
        if versionA != versionB { return "kpcheck \(versionA) against \(versionB)" }
        let keys = Set(a.settings.keys).union(b.settings.keys).sorted().filter { a.settings[$0] != b.settings[$0] }
        if keys.isEmpty { return "a run of \(a.jobs) jobs against one of \(b.jobs)" }
        return keys.map { "\($0): \(a.settings[$0] ?? "unset") against \(b.settings[$0] ?? "unset")" }.joined(separator: "; ")
    }
}
