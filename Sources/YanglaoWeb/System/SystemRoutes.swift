import Metrics
import Prometheus
import Vapor
import YanglaoCore
import YanglaoStore

/// `/health`, `/health/live`, `/metrics`, `/openapi.json`.
struct SystemRoutes: RouteCollection {
    let openAPIDocument: ByteBuffer

    func boot(routes: any RoutesBuilder) throws {
        routes.get("health", use: health)
        routes.get("health", "live", use: live)
        routes.get("metrics", use: metrics)
        routes.get("openapi.json", use: openAPI)
    }

    struct Health: Content {
        let status: String
        let database: String
        let latencyMs: Double
    }

    /// Readiness: the database answers.
    func health(req: Request) async throws -> Response {
        let start = ContinuousClock.now
        do {
            try await DatabaseSetup.ping(req.db)
        } catch {
            req.logger.error("health check failed: \(String(reflecting: error))")
            let response = Response(status: .serviceUnavailable)
            try response.content.encode(Health(status: "unavailable", database: "unreachable", latencyMs: 0))
            return response
        }
        let elapsed = ContinuousClock.now - start
        let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        PlatformMetrics.databasePing.recordNanoseconds(Int64(ms * 1e6))
        let response = Response(status: .ok)
        try response.content.encode(
            Health(status: "ok", database: req.application.yanglaoConfig.database.isSQLite ? "sqlite" : "postgres", latencyMs: ms))
        return response
    }

    /// Liveness: the process answers; a constant, no database.
    func live(req: Request) -> String { "ok" }

    /// `/metrics` for the scraper: with `YANGLAO_METRICS_TOKEN` set, a request must carry it as
    /// a bearer token; without it, only a peer on this machine (loopback) is answered. The
    /// figures (request counts, latencies, queue depths) tell an outsider how busy the city is.
    func metrics(req: Request) throws -> Response {
        if let token = req.application.yanglaoConfig.metricsToken {
            guard let sent = req.headers.bearerAuthorization?.token, ConstantTime.equal(sent, token) else {
                throw AppError(.unauthenticated, "metrics_token_required")
            }
        } else {
            guard Self.isLoopback(req.remoteAddress?.ipAddress) else { throw AppError(.forbidden, "metrics_loopback_only") }
        }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16 * 1024)
        PlatformMetrics.registry.emit(into: &buffer)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
        return Response(status: .ok, headers: headers, body: .init(buffer: ByteBuffer(bytes: buffer)))
    }

    static func isLoopback(_ address: String?) -> Bool {
        guard let address else { return false }
        return address == "::1" || address.hasPrefix("127.") || address == "::ffff:127.0.0.1"
    }

    func openAPI(req: Request) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(buffer: openAPIDocument))
    }
}

/// The process-wide Prometheus registry behind swift-metrics. Vapor records
/// `http_requests_total` and `http_request_duration_seconds` per route through it.
public enum PlatformMetrics {
    public static let registry = PrometheusCollectorRegistry()
    private static let bootstrapOnce: Void = {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
        ]
        MetricsSystem.bootstrap(factory)
    }()

    /// Installs the registry as the metrics backend (once per process, however many apps are made).
    public static func bootstrap() { _ = bootstrapOnce }

    static let databasePing = Metrics.Timer(label: "yanglao_database_ping_seconds", preferredDisplayUnit: .seconds)
    static let databasePoolSize = Gauge(label: "yanglao_database_pool_connections_max")
}
