import Fluent
import SQLKit
import Vapor
import VaporTesting
import YanglaoCore
import YanglaoStore
import YanglaoWeb

/// The database the database tests run on: `YANGLAO_TEST_DATABASE_URL` (the test script
/// sets a PostgreSQL URL for the second pass), else a fresh in-memory SQLite per test.
public enum TestDatabase {
    public static var location: DatabaseLocation {
        if let url = ProcessInfo.processInfo.environment["YANGLAO_TEST_DATABASE_URL"], !url.isEmpty {
            return try! DatabaseLocation(url: url)
        }
        return .sqliteMemory
    }

    public static var isPostgres: Bool {
        if case .postgres = location { return true }
        return false
    }
}

/// Password of every demo account in tests.
public let demoPassword = "test-pass-2026"

/// Runs `body` against a fresh, migrated application holding the tiny demo city.
/// On PostgreSQL the schema is dropped first, so tests there run one at a time (`--no-parallel`).
/// `location` and `protection` name another database and data key (a test of files and keys);
/// `dropping` false opens a PostgreSQL database as it is.
public func withTestApp(
    demo: Bool = true, location: DatabaseLocation = TestDatabase.location, protection: DataProtection = .ephemeral(),
    dropping: Bool = true, _ body: (Application) async throws -> Void
) async throws {
    let app = try await Application.make(.testing)
    do {
        var config = AppConfig(database: location, bcryptCost: 4)
        config.dataProtection = protection
        try configure(app, config: config)
        if case .postgres = location, dropping, let sql = app.db as? any SQLDatabase {
            try await sql.raw("DROP SCHEMA IF EXISTS public CASCADE").run()
            try await sql.raw("CREATE SCHEMA public").run()
        }
        try await migrate(app)
        if demo {
            try await DemoCityBuilder(plan: DemoCityPlan(size: .tiny), hasher: app.passwordHasher).build(
                on: app.db, protection: app.dataProtection, password: demoPassword)
        }
        try await body(app)
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
}

extension Application {
    /// Signs in through the API and returns the bearer token.
    public func token(_ username: String, password: String = demoPassword) async throws -> String {
        struct Login: Decodable { let token: String }
        var token = ""
        try await testing().test(
            .POST, "/api/v1/auth/login",
            beforeRequest: { req in
                try req.content.encode(["username": username, "password": password])
            },
            afterResponse: { res in
                guard res.status == .ok else {
                    throw Abort(.internalServerError, reason: "login \(username) failed: \(res.status) \(res.body.string)")
                }
                token = try res.content.decode(Login.self).token
            })
        return token
    }

    /// An actor for store-level tests, as if the account were signed in.
    public func actor(_ username: String) async throws -> Actor {
        guard let user = try await UserModel.query(on: db).filter(\.$username == username).first() else {
            throw Abort(.notFound, reason: "no user \(username)")
        }
        return Actor(user: user, address: "127.0.0.1", provider: try await ProviderMembership.provider(of: user, on: db))
    }

    /// A provider of 华龙区, applied for and admitted by the county's officer.
    public func admittedProvider(serving serviceTypes: [String], area: [String] = ["410902001000"]) async throws -> ProviderModel {
        let providers = ProviderService(StoreContext(database: db, actor: try await actor("county.410902"), protection: dataProtection))
        let provider = try await providers.apply(
            ProviderApplication(
                name: "颐康居家养老服务中心", creditCode: "91350100M000100Y43", contactPhone: "0393-8881234", address: "华龙区人民路 1 号",
                serviceTypes: serviceTypes, serviceArea: area), to: RegionCode(validated: "410902000000"))
        return try await providers.decide(provider.id!, .admit, note: "")
    }

    /// A worker of `provider`, added by 华龙区's county officer, on duty unless told otherwise.
    public func worker(
        of provider: ProviderModel, name: String = "护理员甲", phone: String = "13812345678", skills: [String] = ["meal"],
        latitude: Double = 35.765, longitude: Double = 115.029, onDuty: Bool = true
    ) async throws -> WorkerModel {
        let workers = WorkerService(context(as: try await actor("county.410902")))
        let worker = try await workers.add(
            to: provider.id!,
            WorkerInput(name: name, phone: phone, skills: skills, certificateLevel: 1, latitude: latitude, longitude: longitude))
        return onDuty ? try await workers.setDuty(worker.id!, onDuty: true) : worker
    }

    /// Moves a demo account to another region (e.g. the provider administrator, who belongs
    /// to 清丰县 in the demo, for a test set in 华龙区).
    public func moveAccount(_ username: String, to region: String) async throws {
        try await UserModel.query(on: db).filter(\.$username == username).set(\.$regionCode, to: region).update()
    }
}

extension HTTPHeaders {
    public static func bearer(_ token: String) -> HTTPHeaders {
        var h = HTTPHeaders()
        h.bearerAuthorization = BearerAuthorization(token: token)
        return h
    }

    /// A bearer token and a JSON body (the body goes in the request's `body:`).
    public static func bearerJSON(_ token: String) -> HTTPHeaders {
        var h = bearer(token)
        h.contentType = .json
        return h
    }
}
