import Foundation
import Hummingbird

/// An API failure with its status, as JSON: `{"error": "...", "line": L, "column": C}` (the
/// place only for policy errors).
public struct ConsoleAPIError: Error, HTTPResponseError {
    public let status: HTTPResponse.Status
    public let message: String
    public let line: Int?
    public let column: Int?

    public init(_ status: HTTPResponse.Status, _ message: String, line: Int? = nil, column: Int? = nil) {
        self.status = status
        self.message = message
        self.line = line
        self.column = column
    }

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
