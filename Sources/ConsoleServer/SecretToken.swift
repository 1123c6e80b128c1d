import Crypto
import Foundation

/// Random bearer secrets and their stored form. A secret is a kind prefix and 32 random bytes
/// (base64url); only its SHA-256 (hex) is stored, so a database leak reveals no usable secret.
public enum SecretToken {
    /// What a secret opens, told by its prefix.
    public enum Kind: String, Sendable {
        /// `vts_`: a login session.
        case session = "vts_"
        /// `vtt_`: an API token.
        case apiToken = "vtt_"
        /// `vte_`: an enrollment token.
        case enrollment = "vte_"
        /// `vta_`: an agent's credential.
        case agent = "vta_"
    }

    /// A new secret: the kind's prefix and 32 random bytes from the system generator, base64url without padding.
    public static func generate(_ kind: Kind) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let text = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return kind.rawValue + text
    }

    /// The kind a presented secret claims by its prefix, or nil for none of ours.
    public static func kind(of secret: String) -> Kind? {
        [Kind.session, .apiToken, .enrollment, .agent].first { secret.hasPrefix($0.rawValue) }
    }

    /// The secret's SHA-256 in lower-case hex: the form the store keeps.
    public static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A short random identifier for rows (16 hex digits).
    public static func identifier() -> String {
        String(format: "%016llx", UInt64.random(in: .min ... .max))
    }
}
