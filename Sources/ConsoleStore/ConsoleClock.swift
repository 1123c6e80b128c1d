import Foundation

/// Time as the store keeps it: integer milliseconds since 1970 (one type on both engines).
public enum ConsoleClock {
    public static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}
