import Hummingbird

/// Counts every request by method, matched route and status for `/metrics`, and gives
/// Hummingbird's own errors (a body that does not decode, ...) the API's error shape.
struct ConsoleMetricsMiddleware: RouterMiddleware {
    typealias Context = ConsoleRequestContext
    let metrics: ConsoleMetrics

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            let response = try await next(request, context)
            metrics.countRequest(
                method: request.method.rawValue,
                route: context.endpointPath ?? "unmatched",
                status: response.status.code
            )
            return response
        } catch let error as ConsoleAPIError {
            metrics.countRequest(
                method: request.method.rawValue,
                route: context.endpointPath ?? "unmatched",
                status: error.status.code
            )
            throw error
        } catch let error as HTTPError {
            metrics.countRequest(
                method: request.method.rawValue,
                route: context.endpointPath ?? "unmatched",
                status: error.status.code
            )
            throw ConsoleAPIError(error.status, error.body ?? error.status.reasonPhrase)
        } catch {
            metrics.countRequest(
                method: request.method.rawValue,
                route: context.endpointPath ?? "unmatched",
                status: 500
            )
            context.logger.error(
                "request failed",
                metadata: ["route": "\(context.endpointPath ?? "unmatched")", "error": "\(String(reflecting: error))"]
            )
            throw ConsoleAPIError(.internalServerError, "internal error (see the console's log)")
        }
    }
}
