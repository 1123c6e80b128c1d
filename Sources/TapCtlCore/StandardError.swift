import Foundation

/// Prints `warning: MESSAGE` as one line on stderr (stdout stays the report).
func printWarning(_ message: String) {
    FileHandle.standardError.write(Data("warning: \(message)\n".utf8))
}
