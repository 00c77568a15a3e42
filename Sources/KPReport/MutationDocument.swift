import Foundation

/// What `kpcheck mutate --format json` writes: every mutant with its verdict, and for a
/// shard (`--shard`) its place, so that `kpcheck merge` can put the shards' verdicts back
/// together.
public struct MutationDocument: Codable {
    public var tool = "kpcheck"
    public var version = kpcheckVersion
    public var variant: String
    /// The scenario × option points the mutants are checked on, in order (`job` names).
    public var targets: [String]
    public var mutants: [Entry]
    public var shard: ShardRecord?
    /// Killed mutants over all of them: `killed/total`.
    public var score: String

    public struct Entry: Codable {
        /// The mutant's index among the variant's mutants (a shard's document lists only
        /// the mutants with a pair in its share).
        public var index: Int
        public var mutant: Mutation
        public var killedBy: Kill?
        /// The targets the mutant was checked on and survived, in order.
        public var survivedIn: [String]

        package init(index: Int, mutant: Mutation, killedBy: Kill?, survivedIn: [String]) {
            self.index = index
            self.mutant = mutant
            self.killedBy = killedBy
            self.survivedIn = survivedIn
        }
    }

    public struct Kill: Codable, Equatable {
        public var property: String
        /// The target (a `targets` entry) it was killed in.
        public var job: String
    }

    /// `verdicts` are those of the mutants at `indices`, in order.
    public init(variant: String, targets: [String], verdicts: [MutationVerdict], indices: [Int], shard: ShardRecord?) {
        precondition(verdicts.count == indices.count, "a verdict without its mutant's index")
        self.variant = variant
        self.targets = targets
        mutants = zip(indices, verdicts).map { index, v in
            Entry(index: index, mutant: v.mutant, killedBy: v.killedBy.map { Kill(property: $0.property, job: $0.job) },
                  survivedIn: v.survivedIn)
        }
        self.shard = shard
        score = "\(verdicts.filter(\.killed).count)/\(verdicts.count)"
    }

    /// The verdicts, in the document's order.
    public var verdicts: [MutationVerdict] {
        mutants.map { MutationVerdict(mutant: $0.mutant, killedBy: $0.killedBy.map { ($0.property, $0.job) },
                                      survivedIn: $0.survivedIn) }
    }

    public func json() throws -> String { try JSONReport.text(of: self) }
}
