import Foundation

/// The one way a list of checks runs, for the default job, `check` and `prove`: the
/// shard's share of the planned jobs (all of them without one), `threads` at a time
/// (fewer jobs than threads: each search gets the threads left over),
/// outcomes back in job order, each tagged with its index in the unsharded list when
/// sharded, so `kpcheck merge` can put shards back together.
public struct JobList {
    public var jobs: [CheckJob]
    public var shard: Shard?
    public var threads: Int

    public init(_ jobs: [CheckJob], shard: Shard? = nil, threads: Int = 1) {
        self.jobs = jobs
        self.shard = shard
        self.threads = threads
    }

    /// One job's outcome, with where the job sits in the unsharded list.
    public struct Ran {
        public var index: Int
        public var job: CheckJob
        public var outcome: JobOutcome
    }

    /// Runs the share. `onStart` hears of each job before it starts (its place among the
    /// jobs run, and their number), `onEnd` after it ends; each is called one at a time
    /// (in job order on one thread).
    public func run(onStart: (CheckJob, _ place: Int, _ count: Int) -> Void = { _, _, _ in },
                    onEnd: (CheckJob, JobOutcome) -> Void = { _, _ in }) throws -> [Ran] {
        let taken = (shard ?? .whole).take(jobs)
        let starting = NSLock()
        // Threads no other job uses go to each search: all of them when one job runs.
        let perSearch = max(1, threads / max(1, min(threads, taken.count)))
        let outcomes = try JobPool.map(taken.count, threads: threads, { n in
            starting.withLock { onStart(taken[n].job, n, taken.count) }
            var job = taken[n].job
            job.settings.searchThreads = perSearch
            return try job.run()
        }, onEnd: { n, outcome in onEnd(taken[n].job, outcome) })
        return zip(taken, outcomes).map { pair, outcome in
            var outcome = outcome
            if shard != nil { outcome.tag(job: pair.index) }
            return Ran(index: pair.index, job: pair.job, outcome: outcome)
        }
    }
}
