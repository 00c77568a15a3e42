import KPIR
import KPReport

/// A usage or input problem the driver reports (exit status 2), thrown as a
/// `DiagnosticError`: command-line values, trace and report files, patches, shards.
public enum DriverError: UserError {
    /// `text`, given to `option`, is not of the form `shape` (KEY=VALUE, NAME=FILE, …).
    case malformedKeyValue(option: String, shape: String, text: String)
    /// `option` gave `key` a value twice, `first` then `second`.
    case repeatedKey(option: String, key: String, first: String, second: String)
    case shardOutOfRange(index: Int, count: Int)
    case malformedShard(String)
    case noScenario
    case modularMutation
    case traceDoesNotFit
    case noTraceFile(String)
    case notATrace(String, reason: String)
    case unknownTraceProperty(String)
    case traceFormatTooNew(String, format: Int, known: Int)
    case unreadablePatch(String)
    case patchChangesNothing(patches: [String], variant: String, leftOut: [String])
    case unreadableReport(String)
    case notAReport(String)
    case noShards
    case notAShard(String)
    case differentShardCounts(file: String, ShardRecord, first: String, ShardRecord)
    case differentRun(file: String, first: String, difference: String)
    case shardAgain(file: String, ShardRecord, also: String)
    case notTheShardsJobs(file: String, ShardRecord)
    case missingShard(index: Int, count: Int, given: [Int])

    public var description: String {
        switch self {
        case .malformedKeyValue(let option, let shape, let text): "\(option) expects \(shape), got '\(text)'"
        case .repeatedKey(let option, let key, let first, let second):
            "\(option) names '\(key)' twice ('\(first)', then '\(second)'); give each key once"
        case .shardOutOfRange(let index, let count): "--shard \(index)/\(count): expected i/n with 1 ≤ i ≤ n"
        case .malformedShard(let text): "--shard \(text): expected i/n with 1 ≤ i ≤ n, such as 2/4"
        case .noScenario: "no scenario to run"
        case .modularMutation: "mutate checks every mutant with the interleaved search; --search modular does not apply"
        case .traceDoesNotFit: "trace path does not fit the model"
        case .noTraceFile(let path): "\(path): no such trace file"
        case .notATrace(let path, let reason): "\(path): not a kpcheck trace: \(reason)"
        case .unknownTraceProperty(let name): "the trace names an unknown property '\(name)'"
        case .traceFormatTooNew(let path, let format, let known):
            "\(path): trace format \(format) is newer than this kpcheck reads (up to \(known)); replay it with the kpcheck that wrote it"
        case .unreadablePatch(let path): "cannot read patch '\(path)'"
        case .patchChangesNothing(let patches, let variant, let leftOut):
            "\(patches.joined(separator: ", ")) changes nothing that variant '\(variant)' models"
                + (leftOut.isEmpty ? "" : "; left out: " + leftOut.joined(separator: "; "))
        case .unreadableReport(let file): "\(file): cannot read it"
        case .notAReport(let file): "\(file): not a kpcheck JSON report of the default job, check, compare or mutate (written with --format json)"
        case .noShards: "merge needs the shards' JSON reports"
        case .notAShard(let file): "\(file): not a shard's report (no \"shard\" in it: written without --shard)"
        case .differentShardCounts(let file, let shard, let first, let reference):
            "\(file): shard \(shard.index)/\(shard.count), but \(first) is shard \(reference.index)/\(reference.count): "
                + "shards of splits into different counts"
        case .differentRun(let file, let first, let difference): "\(file): a shard of a different run than \(first) (\(difference))"
        case .shardAgain(let file, let shard, let other): "\(file): shard \(shard.index)/\(shard.count) again (also \(other))"
        case .notTheShardsJobs(let file, let shard):
            "\(file): its rows are not the jobs of shard \(shard.index)/\(shard.count) of \(shard.jobs)"
        case .missingShard(let index, let count, let given):
            "shard \(index)/\(count) is missing (given: " + given.map { "\($0)/\(count)" }.joined(separator: ", ") + ")"
        }
    }
}
