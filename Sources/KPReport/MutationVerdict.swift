/// What checking one mutant showed: killed by a property in some job, or survived in
/// every job it was checked in.
public struct MutationVerdict: Sendable {
    public var mutant: Mutation
    /// The property and scenario (with its options) that killed the mutant.
    public var killedBy: (property: String, job: String)?
    /// Jobs in which the mutant was checked and nothing was violated.
    public var survivedIn: [String]
    public var killed: Bool { killedBy != nil }

    package init(mutant: Mutation, killedBy: (property: String, job: String)?, survivedIn: [String]) {
        self.mutant = mutant
        self.killedBy = killedBy
        self.survivedIn = survivedIn
    }
}
