/// Rows of numbers read from comma-separated text, such as a sensor log: one example per line.
///
/// Lines may end in `\n` or `\r\n`; blank lines are skipped. A first line that holds no number
/// in its first field is a header and is skipped. In every row, the fields up to the first one
/// that is not a number are the values; one trailing field that is not a number (a label, such as
/// the robot data's class) is ignored. Every row must hold the same number of values.
public struct CSVRows: Sendable, Equatable {
    /// The values, row after row (`rowCount × columnCount`).
    public var values: [Float]
    /// The number of rows.
    public var rowCount: Int
    /// The number of values in each row.
    public var columnCount: Int

    /// Why comma-separated text could not be read as rows of numbers.
    public struct ParseError: Error, CustomStringConvertible, Equatable, Sendable {
        /// One line naming the problem and where it is.
        public var description: String
    }

    /// Parses the text; `name` prefixes errors (a file path).
    public init(text: String, name: String = "CSV") throws(ParseError) {
        var values: [Float] = []
        var columns: Int?
        var rows = 0
        // "\r\n" is one Character in Swift, so both line ends are separators.
        for (lineIndex, line) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
            let numbers = fields.prefix { Float($0) != nil }
            if rows == 0, columns == nil, numbers.isEmpty { columns = -1; continue }  // a header
            let rest = fields.count - numbers.count
            guard !numbers.isEmpty, rest <= 1 else {
                let field = fields[numbers.count]
                throw ParseError(description: "\(name): line \(lineIndex + 1): '\(field.prefix(40))' is not a number (only the last field may be a label)")
            }
            if let columns, columns > 0, columns != numbers.count {
                throw ParseError(description: "\(name): line \(lineIndex + 1) holds \(numbers.count) values, the lines before it \(columns)")
            }
            for field in numbers {
                let value = Float(field)!
                guard value.isFinite else { throw ParseError(description: "\(name): line \(lineIndex + 1): '\(field)' is not a finite number") }
                values.append(value)
            }
            columns = numbers.count
            rows += 1
        }
        guard rows > 0, let columns else { throw ParseError(description: "\(name): no rows of numbers") }
        (self.values, self.rowCount, self.columnCount) = (values, rows, columns)
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return self[first...last]
    }
}
