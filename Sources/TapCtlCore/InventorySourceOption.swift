import Foundation
import Inventory
import InventoryLibvirt
import InventoryVSphere

/// Turns `file:PATH`, `libvirt:URI` or `vsphere:URL` into a source. Shared by every
/// command that takes `--inventory` / `--source`.
public enum InventorySourceOption {
    /// vSphere credentials when they are not in the URL: flags first, then the
    /// environment variables `VIRTUALTAP_VSPHERE_USERNAME` / `VIRTUALTAP_VSPHERE_PASSWORD`.
    public struct Credentials: Sendable {
        /// The vSphere user name.
        public var username: String?
        /// The vSphere password.
        public var password: String?

        /// Credentials from the flags when given, else from `VIRTUALTAP_VSPHERE_USERNAME` and
        /// `VIRTUALTAP_VSPHERE_PASSWORD` in `environment`.
        public init(username: String? = nil, password: String? = nil, environment: [String: String] = [:]) {
            self.username = username ?? environment["VIRTUALTAP_VSPHERE_USERNAME"]
            self.password = password ?? environment["VIRTUALTAP_VSPHERE_PASSWORD"]
        }
    }

    /// The source `text` names: `file:PATH`, `libvirt:URI` (opened read-only) or `vsphere:URL` (an http(s) URL, logged
    /// in with `credentials`). Nothing is read yet.
    ///
    /// - Throws: `CommandFailure` for a text without a known kind or with nothing after it, or a vSphere URL that is
    ///   not http(s) with a host.
    public static func makeSource(_ text: String, credentials: Credentials = .init()) throws -> any InventorySource {
        guard let colon = text.firstIndex(of: ":") else {
            throw CommandFailure("inventory source '\(text)' must be file:PATH, libvirt:URI or vsphere:URL")
        }
        let scheme = text[..<colon]
        let rest = String(text[text.index(after: colon)...])
        guard !rest.isEmpty else { throw CommandFailure("inventory source '\(text)' has nothing after '\(scheme):'") }
        switch scheme {
        case "file":
            return InventoryFileSource(path: rest)
        case "libvirt":
            return LibvirtSource(uri: rest, readOnly: true)  // reading needs no write access (polkit)
        case "vsphere":
            guard let url = URL(string: rest), let urlScheme = url.scheme, ["http", "https"].contains(urlScheme),
                url.host != nil
            else {
                throw CommandFailure(
                    "vSphere source '\(rest)' must be an http(s) URL such as https://vcenter.example/sdk"
                )
            }
            return VSphereSource(endpoint: url, username: credentials.username, password: credentials.password)
        default:
            throw CommandFailure("unknown inventory source kind '\(scheme)' (file, libvirt, vsphere)")
        }
    }
}
