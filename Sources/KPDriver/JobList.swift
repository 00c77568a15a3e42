import Foundation
import KPReport

/// The one way a list of jobs runs, for the default job, `check`, `prove` and `compare`:
/// the shard's share of the planned jobs (all of them without one), `threads` at a time,
/// outcomes back in job order, with each job's index in the unsharded list. With fewer
/// jobs than threads, each job's search gets the threads left over. (`mutate` shards its
/// mutant × target pairs the same way, but its unit of work is a mutant over its
/// targets, stopping at the first that kills it: see `MutationRun.check`.)
public struct JobList<Job> {
    public var jobs: [Job]
    public var shard: Shard?
    public var threads: Int

    public init(_ jobs: [Job], shard: Shard? = nil, threads: Int = 1) {
        self.jobs = jobs
        self.shard = shard
        self.threads = threads
    }

    /// One job's outcome, with where the job sits in the unsharded list.
    public struct Ran<Outcome> {
        public var index: Int
        public var job: Job
        public var outcome: Outcome
    }

    /// Runs the share: `work` with each job and the threads its search may use.
    /// `onStart` hears of each job before it starts (its place among the jobs run, and
    /// their number), `onEnd` after it ends; each is called one at a time (in job order on
    /// one thread).
    public func run<Outcome>(_ work: (Job, _ searchThreads: Int) throws -> Outcome,
                             onStart: (Job, _ place: Int, _ count: Int) -> Void = { _, _, _ in },
                             onEnd: (Job, Outcome) -> Void = { _, _ in }) throws -> [Ran<Outcome>] {
        let taken = (shard ?? .whole).take(jobs)
        let starting = NSLock()
        // Threads no other job uses go to each search: all of them when one job runs.
        let perSearch = max(1, threads / max(1, min(threads, taken.count)))
        let outcomes = try JobPool.map(taken.count, threads: threads, { n in
            starting.withLock { onStart(taken[n].job, n, taken.count) }
            return try work(taken[n].job, perSearch)
        }, onEnd: { n, outcome in onEnd(taken[n].job, outcome) })
        return zip(taken, outcomes).map { Ran(index: $0.index, job: $0.job, outcome: $1) }
    }
}

extension JobList where Job == CheckJob {
    /// Runs the share's checks, each outcome tagged with its job's index when sharded, so
    /// `kpcheck merge` can put shards back together.
    public func run(onStart: (CheckJob, _ place: Int, _ count: Int) -> Void = { _, _, _ in },
                    onEnd: (CheckJob, JobOutcome) -> Void = { _, _ in }) throws -> [Ran<JobOutcome>] {
        try run({ try $0.run(searchThreads: $1) }, onStart: onStart, onEnd: onEnd).map { ran in
            var ran = ran
            if shard != nil { ran.outcome.tag(job: ran.index) }
            return ran
        }
    }
}

extension JobList where Job == CheckJob {
    /// A run's outcomes as one report's rows, in job order, and the coverage of each job
    /// that recorded it, as text (`check --coverage`).
    public struct Collected {
        public var results: [CheckResult] = []
        public var metrics: [MetricsRow] = []
        public var traces: [SavedTrace] = []
        public var coverageText = ""
    }

    public static func collect(_ ran: [Ran<JobOutcome>]) -> Collected {
        var collected = Collected()
        for (job, outcome) in ran.map({ ($0.job, $0.outcome) }) {
            collected.results += outcome.results
            collected.metrics.append(outcome.metrics)
            collected.traces += outcome.traces
            if let covered = outcome.coverage {
                let options = TextReport.optionsText(outcome.metrics.options)
                collected.coverageText += "\n" + CoverageReport.render(
                    covered, job: "\(job.variant.name) \(job.scenario.name)" + (options == "-" ? "" : " \(options)"))
            }
        }
        return collected
    }
}
