import Foundation
import Hummingbird

/// An API failure with its status, as JSON: `{"error": "...", "line": L, "column": C}` (the
/// place only for policy errors).
public struct ConsoleAPIError: Error, HTTPResponseError {
    /// The HTTP status of the answer.
    public let status: HTTPResponse.Status
    /// One sentence for the caller, the body's `error`.
    public let message: String
    /// For a policy error: the 1-based line of the offending text.
    public let line: Int?
    /// For a policy error: the 1-based column of the offending text.
    public let column: Int?

    /// An error answered with `status` and `message` (and a place in a policy text when given).
    public init(_ status: HTTPResponse.Status, _ message: String, line: Int? = nil, column: Int? = nil) {
        self.status = status
        self.message = message
        self.line = line
        self.column = column
    }

    /// The JSON answer `{"error": ..., "line": ..., "column": ...}`; a 401 also carries `WWW-Authenticate: Bearer`.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        let data =
            (try? JSONEncoder().encode(ConsoleAPIErrorBody(error: message, line: line, column: column)))
            ?? Data("{}".utf8)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// The JSON shape of every API error.
struct ConsoleAPIErrorBody: Encodable {
    var error: String
    var line: Int?
    var column: Int?
}
