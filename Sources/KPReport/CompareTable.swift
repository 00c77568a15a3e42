/// What `kpcheck compare` found: verdict rows (one per scenario × sweep value × option
/// point × property) and cost rows (one per scenario × sweep value × option point), a
/// cell per column. Rows where the columns disagree come first.
public struct CompareTable: Codable {
    public var columns: [String]
    public var verdicts: [VerdictRow] = []
    public var costs: [CostRow] = []
    /// The shortest counterexample of each violation in a disagreeing row.
    public var disagreementTraces: [SavedTrace] = []
    /// Which share of the comparison's jobs this table holds (`--shard`); nil for all.
    public var shard: ShardRecord?
    /// A shard's table: the shortest counterexample of every violation it found, as it
    /// cannot tell which rows the columns disagree in; `kpcheck merge` keeps those of the
    /// rows that disagree once every column is in. Nil in a whole table.
    public var cellTraces: [CellTrace]?

    public init(columns: [String]) { self.columns = columns }

    public struct VerdictCell: Codable, Equatable {
        public var status: String
        /// Length of the shortest counterexample, for a violation.
        public var steps: Int?
        /// A shard's cell: the index of its job in the unsharded comparison, and of its
        /// result among the job's, which order the rows when shards are merged.
        public var job: Int?
        public var result: Int?

        package init(_ result: CheckResult) {
            status = result.status.rawValue
            steps = result.status == .violated ? result.trace?.count : nil
        }

        public var text: String { steps.map { "\(status) (\($0) steps)" } ?? status }
    }

    public struct VerdictRow: Codable {
        public struct Key: Codable, Hashable, CustomStringConvertible {
            public var scenario: String
            public var sweep: String?
            public var options: String
            public var property: String

            package init(scenario: String, sweep: String?, options: String, property: String) {
                self.scenario = scenario
                self.sweep = sweep
                self.options = options
                self.property = property
            }

            public var description: String {
                [scenario, sweep ?? "", options, property].filter { !$0.isEmpty }.joined(separator: " ")
            }
        }
        public var key: Key
        /// nil: the column has no such job (its variant lacks that option point).
        public var cells: [VerdictCell?]

        package init(key: Key, cells: [VerdictCell?]) {
            self.key = key
            self.cells = cells
        }

        /// The columns give different verdicts (a missing cell counts as n/a).
        public var disagrees: Bool { Set(cells.map { $0?.status ?? Status.notApplicable.rawValue }).count > 1 }
    }

    public struct CostCell: Codable, Equatable {
        /// On the canonical schedule (one CPU, no interrupts, no preemption).
        public var isb, dsb, porWrites, exposure: Int
        /// Over all complete runs.
        public var range: CostRange
        /// States the check explored.
        public var states: Int
        /// A shard's cell: the index of its job in the unsharded comparison.
        public var job: Int?

        package init(metrics: MetricsRow, range: CostRange) {
            isb = metrics.isb
            dsb = metrics.dsb
            porWrites = metrics.porWrites
            exposure = metrics.exposure
            self.range = range
            states = metrics.states
        }
    }

    public struct CostRow: Codable {
        public struct Key: Codable, Hashable {
            public var scenario: String
            public var sweep: String?
            public var options: String

            package init(scenario: String, sweep: String?, options: String) {
                self.scenario = scenario
                self.sweep = sweep
                self.options = options
            }
        }
        public var key: Key
        public var cells: [CostCell?]

        package init(key: Key, cells: [CostCell?]) {
            self.key = key
            self.cells = cells
        }
    }

    /// A violation's counterexample in a shard's table: the row and the column.
    public struct CellTrace: Codable {
        public var key: VerdictRow.Key
        public var column: Int
        public var trace: SavedTrace

        package init(key: VerdictRow.Key, column: Int, trace: SavedTrace) {
            self.key = key
            self.column = column
            self.trace = trace
        }
    }

    /// The verdict of every cell, for the exit status (DESIGN.md §6).
    public var statuses: [Status] {
        verdicts.flatMap { $0.cells.compactMap { $0.flatMap { Status(rawValue: $0.status) } } }
    }

    /// The counterexamples of the violations in the rows where the columns disagree, in
    /// row order, then column order, from `traces`.
    package mutating func collectDisagreementTraces(_ traces: (VerdictRow.Key, Int) -> SavedTrace?) {
        disagreementTraces = []
        for row in verdicts where row.disagrees {
            for c in row.cells.indices where row.cells[c]?.status == Status.violated.rawValue {
                if let trace = traces(row.key, c) { disagreementTraces.append(trace) }
            }
        }
    }

    package mutating func setVerdict(_ key: VerdictRow.Key, column: Int, cell: VerdictCell) {
        if let i = verdicts.firstIndex(where: { $0.key == key }) {
            verdicts[i].cells[column] = cell
        } else {
            var row = VerdictRow(key: key, cells: Array(repeating: nil, count: columns.count))
            row.cells[column] = cell
            verdicts.append(row)
        }
    }

    package mutating func setCost(_ key: CostRow.Key, column: Int, cell: CostCell) {
        if let i = costs.firstIndex(where: { $0.key == key }) {
            costs[i].cells[column] = cell
        } else {
            var row = CostRow(key: key, cells: Array(repeating: nil, count: columns.count))
            row.cells[column] = cell
            costs.append(row)
        }
    }

    /// Stable: within each group the rows keep the order they were checked in.
    package mutating func sortDisagreementsFirst() {
        verdicts = verdicts.filter(\.disagrees) + verdicts.filter { !$0.disagrees }
    }

    /// The options a row is about, without the swept key (the sweep has its own label).
    package static func optionText(_ labels: [String: String], sweep: String?) -> String {
        labels.keys.sorted().filter { $0 != sweep }.map { "\($0)=\(labels[$0]!)" }.joined(separator: ",")
    }
}
