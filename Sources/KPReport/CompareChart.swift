/// A line chart of one cost (ISBs, POR_EL1 writes, exposure) against a swept value: one
/// polyline per column, canonical counts, drawn as inline SVG.
enum CompareChart {
    static let width = 500, height = 230, left = 44, right = 190, top = 28, bottom = 36
    static let colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]

    /// `values[c][i]`: column c at the i-th swept value (nil where the column has no job).
    static func render(title: String, sweptKey: String, labels: [String], columns: [String], values: [[Int?]]) -> String {
        let top = max(1, values.flatMap { $0.compactMap { $0 } }.max() ?? 1)
        let plotW = width - left - right, plotH = height - Self.top - bottom
        func x(_ i: Int) -> Int { left + (labels.count <= 1 ? plotW / 2 : i * plotW / (labels.count - 1)) }
        func y(_ v: Int) -> Int { Self.top + plotH - v * plotH / top }
        var out = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
            + "role=\"img\" aria-label=\"\(HTMLReport.escape(title))\">\n"
        out += "<text x=\"\(left)\" y=\"11\" class=\"title\">\(HTMLReport.escape(title))</text>\n"
        out += "<line class=\"axis\" x1=\"\(left)\" y1=\"\(y(0))\" x2=\"\(left + plotW)\" y2=\"\(y(0))\"/>\n"
        out += "<line class=\"axis\" x1=\"\(left)\" y1=\"\(y(0))\" x2=\"\(left)\" y2=\"\(y(top))\"/>\n"
        for v in Set([0, top / 2, top]).sorted() {
            out += "<text x=\"\(left - 6)\" y=\"\(y(v) + 4)\" class=\"ylabel\">\(v)</text>\n"
        }
        for (i, label) in labels.enumerated() {
            out += "<text x=\"\(x(i))\" y=\"\(y(0) + 16)\" class=\"xlabel\">\(HTMLReport.escape(label))</text>\n"
        }
        out += "<text x=\"\(left + plotW / 2)\" y=\"\(height - 4)\" class=\"xlabel\">\(HTMLReport.escape(sweptKey))</text>\n"
        for (c, column) in columns.enumerated() {
            let colour = colours[c % colours.count]
            // Earlier columns drawn wider, so a line another column's covers stays visible.
            let stroke = 2 + 2 * (columns.count - 1 - c)
            let points = values[c].enumerated().compactMap { i, v in v.map { "\(x(i)),\(y($0))" } }
            out += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"\(stroke)\" points=\"\(points.joined(separator: " "))\">"
                + "<title>\(HTMLReport.escape(column))</title></polyline>\n"
            for point in points {
                let xy = point.split(separator: ",")
                out += "<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"\(2 + stroke / 2)\" fill=\"\(colour)\"/>\n"
            }
            let ly = Self.top + 8 + c * 16
            out += "<line x1=\"\(left + plotW + 12)\" y1=\"\(ly)\" x2=\"\(left + plotW + 28)\" y2=\"\(ly)\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
                + "<text x=\"\(left + plotW + 32)\" y=\"\(ly + 4)\">\(HTMLReport.escape(column))</text>\n"
        }
        return out + "</svg>\n"
    }
}
