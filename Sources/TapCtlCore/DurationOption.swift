/// A duration as options write it: a positive whole number and a unit, `s`, `m`, `h` or `d`
/// (`90s`, `12h`, `7d`).
enum DurationOption {
    /// The duration in seconds; nil for anything else (no unit, zero, negative, overflowing).
    static func seconds(_ text: some StringProtocol) -> Int64? {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        guard let unit = text.last, let multiplier = units[unit], let count = Int64(text.dropLast()), count > 0 else {
            return nil
        }
        let (seconds, overflow) = count.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : seconds
    }
}
