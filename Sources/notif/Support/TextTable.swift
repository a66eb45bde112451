import Foundation

/// A plain-text table: a header row, then rows, columns padded to their widest cell and separated by
/// two spaces. Cells are cut at 60 characters with `…` so one long value cannot wreck the layout.
struct TextTable {
    var headers: [String]
    var rows: [[String]]
    var maxCellWidth = 60

    func render() -> [String] {
        let cells = ([headers] + rows).map { row in row.map { clip($0) } }
        var widths = Array(repeating: 0, count: headers.count)
        for row in cells {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) }
        }
        return cells.map { row in
            var parts: [String] = []
            for (index, cell) in row.enumerated() {
                let isLast = index == row.count - 1
                parts.append(isLast ? cell : cell + String(repeating: " ", count: max(0, widths[index] - cell.count)))
            }
            return parts.joined(separator: "  ")
        }
    }

    private func clip(_ cell: String) -> String {
        let flat = cell.replacingOccurrences(of: "\n", with: " ")
        return flat.count > maxCellWidth ? String(flat.prefix(maxCellWidth - 1)) + "…" : flat
    }
}
