import Foundation

/// Time as the store keeps it: integer milliseconds since 1970 (one type on both engines).
public enum ConsoleClock {
    /// The current wall-clock time in milliseconds since 1970, rounded.
    public static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}
