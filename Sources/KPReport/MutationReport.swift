/// The text `kpcheck mutate` prints: one line per mutant, the redundant barrier
/// candidates, and the mutation score.
public enum MutationReport {
    /// A shard's report (`shard`, i of n) covers only its mutant × scenario pairs, and says so.
    public static func render(_ verdicts: [MutationVerdict], variant: String, shard: (index: Int, count: Int)? = nil) -> String {
        var lines = ["Mutants of \(variant): \(verdicts.count)", ""]
        if let shard {
            lines.insert("Shard \(shard.index)/\(shard.count): each mutant checked on this shard's share of its scenarios only", at: 1)
        }
        for v in verdicts {
            let m = v.mutant
            let outcome = v.killedBy.map { "killed by \($0.property) in \($0.job)" } ?? "SURVIVED"
            lines.append("\(place(m))  \(m.function): \(m.description)  — \(outcome)")
        }
        let survivors = verdicts.filter { !$0.killed }
        let barriers = survivors.filter { $0.mutant.kind == .deleteBarrier }
        lines.append("")
        lines.append("Survivors: \(survivors.count)")
        for v in survivors { lines.append("  \(place(v.mutant))  \(v.mutant.function): \(v.mutant.description)") }
        lines.append("")
        lines.append("Redundant barrier candidates: \(barriers.count)")
        for v in barriers {
            lines.append("  \(place(v.mutant))  \(v.mutant.function): \(v.mutant.description); unnecessary in: "
                + v.survivedIn.joined(separator: "; "))
        }
        let killed = verdicts.count - survivors.count
        lines.append("")
        lines.append("Mutation score: \(killed)/\(verdicts.count)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `file:line`, the file relative to Models/.
    static func place(_ m: Mutation) -> String {
        let file = m.location.file.range(of: "Models/").map { String(m.location.file[$0.upperBound...]) } ?? m.location.file
        return "\(file):\(m.location.line)"
    }
}
