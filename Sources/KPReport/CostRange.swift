/// The fewest and most ISBs, DSBs and POR_EL1 writes over all complete runs (paths from
/// the initial state to a state with no successors), and the largest exposure. Each
/// bound is taken on its own: the run with the fewest ISBs need not be the one with the
/// fewest DSBs.
public struct CostRange: Equatable, Codable, Sendable {
    public var minISB = 0, maxISB = 0
    public var minDSB = 0, maxDSB = 0
    public var minPORWrites = 0, maxPORWrites = 0
    public var maxExposure = 0
    /// The state graph had a cycle: edges closing a cycle were left out, so the bounds
    /// only cover runs that visit no state twice.
    public var cyclic = false
    public var states = 0

    public init() {}
}
