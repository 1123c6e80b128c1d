import Foundation
import Inventory
import SWXMLHash

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A vim25 SOAP client for vCenter / ESXi (`https://HOST/sdk`) with a session
/// login: RetrieveServiceContent, Login (session cookie), then any operation.
///
/// The session is created on first use and again after the server answers
/// `NotAuthenticated` (expired session). Every failure is an
/// ``InventorySourceError`` naming the endpoint: unreachable, HTTP error, SOAP fault
/// (with its fault string), or an unusable answer.
public actor VSphereClient {
    /// The SOAP endpoint (`…/sdk`), without credentials.
    public nonisolated let endpoint: URL
    private let username: String
    private let password: String
    private let session: URLSession
    private var cookie: String?
    private var content: ServiceContent?
    /// Whether to read vSphere tags through the vAPI REST endpoints.
    public nonisolated let readsTags: Bool
    private var tagsUnavailable = false

    struct ServiceContent {
        var rootFolder: ManagedObjectReference
        var propertyCollector: ManagedObjectReference
        var viewManager: ManagedObjectReference
        var sessionManager: ManagedObjectReference
    }

    /// - Parameters:
    ///   - endpoint: `http(s)://host[:port]/sdk`; user and password in the URL are
    ///     used when `username` / `password` are `nil`.
    ///   - timeout: per request.
    ///   - readsTags: also read vSphere tags (vCenter's `/rest` endpoints; skipped
    ///     for good once the server answers 404 there).
    public init(
        endpoint: URL,
        username: String? = nil,
        password: String? = nil,
        timeout: TimeInterval = 15,
        readsTags: Bool = true
    ) {
        self.readsTags = readsTags
        var components = URLComponents(url: endpoint, resolvingAgainstBaseURL: false)
        self.username = username ?? components?.user ?? ""
        self.password = password ?? components?.password ?? ""
        components?.user = nil
        components?.password = nil
        if let path = components?.path, path.isEmpty || path == "/" { components?.path = "/sdk" }
        self.endpoint = components?.url ?? endpoint
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        self.session = URLSession(configuration: configuration)
    }

    var sourceName: String { "vsphere:" + endpoint.absoluteString }

    /// Calls one vim25 operation with the session (logging in first if needed) and
    /// returns the whole response envelope. `body` is the operation element, e.g.
    /// `<RelocateVM_Task><_this type="VirtualMachine">vm-36</_this><spec>…</spec></RelocateVM_Task>`.
    public func invoke(_ body: String) async throws(InventorySourceError) -> String {
        try await ensureSession()
        do {
            return try await post(body)
        } catch let error where error.reason.contains("NotAuthenticated") {
            cookie = nil
            try await ensureSession()
            return try await post(body)
        }
    }

    /// Tag names by VM managed object id; empty when tags are off or unavailable.
    func tagsByVirtualMachine() async throws(InventorySourceError) -> [String: [String]] {
        guard readsTags, !tagsUnavailable else { return [:] }
        var base = URLComponents(url: endpoint, resolvingAgainstBaseURL: false)
        base?.path = "/"
        guard let baseURL = base?.url else { return [:] }
        let reader = VSphereTagReader(
            base: baseURL,
            username: username,
            password: password,
            session: session,
            source: sourceName
        )
        guard let tags = try await reader.tagsByVirtualMachine() else {
            tagsUnavailable = true
            return [:]
        }
        return tags
    }

    /// The root folder, property collector and view manager of the logged-in session.
    func serviceContent() async throws(InventorySourceError) -> ServiceContent {
        try await ensureSession()
        guard let content else { throw InventorySourceError(source: sourceName, reason: "no service content") }
        return content
    }

    /// Parses a response envelope and returns the operation's response element.
    func response(_ text: String, _ operation: String) throws(InventorySourceError) -> XMLIndexer {
        try VSphereInventoryPage.responseElement(text, operation, source: sourceName)
    }

    // MARK: - Session

    private func ensureSession() async throws(InventorySourceError) {
        if cookie != nil, content != nil { return }
        let serviceText = try await post(
            "<RetrieveServiceContent><_this type=\"ServiceInstance\">ServiceInstance</_this></RetrieveServiceContent>"
        )
        let returnval = try response(serviceText, "RetrieveServiceContent")["returnval"]
        func reference(_ name: String) throws(InventorySourceError) -> ManagedObjectReference {
            guard let element = returnval[name].element, let type = element.attribute(by: "type")?.text else {
                throw InventorySourceError(source: sourceName, reason: "service content has no \(name)")
            }
            return ManagedObjectReference(type: type, value: element.text)
        }
        let content = ServiceContent(
            rootFolder: try reference("rootFolder"),
            propertyCollector: try reference("propertyCollector"),
            viewManager: try reference("viewManager"),
            sessionManager: try reference("sessionManager")
        )
        let login =
            "<Login>" + SOAPEnvelope.reference("_this", content.sessionManager)
            + "<userName>\(SOAPEnvelope.escape(username))</userName>"
            + "<password>\(SOAPEnvelope.escape(password))</password></Login>"
        _ = try response(try await post(login, storeCookie: true), "Login")
        guard cookie != nil else {
            throw InventorySourceError(source: sourceName, reason: "Login answered without a session cookie")
        }
        self.content = content
    }

    // MARK: - HTTP

    private func post(_ body: String, storeCookie: Bool = false) async throws(InventorySourceError) -> String {
        var request = URLRequest(url: endpoint)
        request.httpMethod = "POST"
        request.httpBody = Data(SOAPEnvelope.wrap(body).utf8)
        request.setValue("text/xml; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.setValue("\"urn:vim25/6.5\"", forHTTPHeaderField: "SOAPAction")
        if let cookie { request.setValue(cookie, forHTTPHeaderField: "Cookie") }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw InventorySourceError(
                source: sourceName,
                reason: "cannot reach \(endpoint.absoluteString): \(error.localizedDescription)"
            )
        }
        let text = String(decoding: data, as: UTF8.self)
        guard let http = response as? HTTPURLResponse else {
            throw InventorySourceError(source: sourceName, reason: "not an HTTP answer")
        }
        if let fault = fault(in: text) {
            throw InventorySourceError(source: sourceName, reason: "SOAP fault: " + fault)
        }
        guard http.statusCode == 200 else {
            throw InventorySourceError(source: sourceName, reason: "HTTP status \(http.statusCode)")
        }
        if storeCookie, let header = http.value(forHTTPHeaderField: "Set-Cookie"),
            let pair = header.split(separator: ";").first(where: { $0.contains("vmware_soap_session") })
        {
            cookie = pair.trimmingCharacters(in: .whitespaces)
        }
        return text
    }

    /// `faultstring (DetailType)` when the envelope is a SOAP fault.
    private func fault(in text: String) -> String? {
        guard text.contains("Fault"), UntrustedXMLCheck.refusal(text) == nil else { return nil }
        let document = XMLHash.config { $0.shouldProcessNamespaces = true }.parse(text)
        let fault = document["Envelope"]["Body"]["Fault"]
        guard let message = fault["faultstring"].element?.text else { return nil }
        let detail = fault["detail"].children.first?.element?.name
        return message + (detail.map { " (\($0))" } ?? "")
    }
}
