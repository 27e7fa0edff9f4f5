import Fluent
import Foundation
import Testing
import Vapor
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

/// A sender that keeps what it was given.
actor KeptMessages: NotificationSender {
    var sent: [OutgoingNotification] = []
    func send(_ notification: OutgoingNotification) async throws { sent.append(notification) }
    func texts(to phone: String) -> [String] { sent.filter { $0.phone == phone }.map(\.message) }
}

@Suite struct PhoneLoginTests {
    static let family = DemoCityPlan.familyPhone

    func code(in text: String) throws -> String {
        try #require(text.firstMatch(of: /验证码为 (\d{6})/)).1.description
    }

    /// The demo family signs in with its phone and the code sent to it, once; a wrong code
    /// counts, and five wrong ones spend the code.
    @Test func aCodeSentToTheFamilysPhoneSignsItInOnce() async throws {
        try await withTestApp { app in
            let login = PhoneLogin(database: app.db, protection: app.dataProtection)
            let messages = KeptMessages()
            let start = Date()
            try await login.requestCode(phone: "139 0000 1234", address: "10.0.0.1", now: start)
            try await PhoneLogin.deliver(now: start, sender: messages, protection: app.dataProtection, on: app.db)
            let text = try #require(await messages.texts(to: Self.family).first)
            let code = try self.code(in: text)
            await #expect(throws: AppError(.unauthenticated, "login_code_invalid")) {
                _ = try await login.verify(phone: Self.family, code: code == "000000" ? "111111" : "000000", address: "10.0.0.1")
            }
            let user = try await login.verify(phone: Self.family, code: code, address: "10.0.0.1")
            #expect(user.username == "elder")
            await #expect(throws: AppError(.unauthenticated, "login_code_invalid")) {
                _ = try await login.verify(phone: Self.family, code: code, address: "10.0.0.1")
            }
            // Sent: the stored row no longer holds the text with the code.
            #expect(try await LoginCodeModel.query(on: app.db).all().allSatisfy { $0.messageCipher == nil && $0.codeHash != code })

            // Five wrong tries spend the next code, the right one included.
            let later = start.addingTimeInterval(61)
            try await login.requestCode(phone: Self.family, address: "10.0.0.1", now: later)
            try await PhoneLogin.deliver(now: later, sender: messages, protection: app.dataProtection, on: app.db)
            let second = try self.code(in: try #require(await messages.texts(to: Self.family).last))
            for _ in 0..<5 {
                _ = try? await login.verify(phone: Self.family, code: second == "000000" ? "111111" : "000000", address: "10.0.0.2", now: later)
            }
            await #expect(throws: AppError(.unauthenticated, "login_code_invalid")) {
                _ = try await login.verify(phone: Self.family, code: second, address: "10.0.0.2", now: later)
            }
        }
    }

    /// A phone gets one code a minute and five an hour; a number no account has gets the same
    /// answer and no message; a landline or a malformed number is refused.
    @Test func codesAreThrottledAndTellNothingAboutUnknownNumbers() async throws {
        try await withTestApp { app in
            let login = PhoneLogin(database: app.db, protection: app.dataProtection)
            // Whole seconds, as the databases keep them.
            let start = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
            try await login.requestCode(phone: Self.family, address: "10.0.0.3", now: start)
            do {
                try await login.requestCode(phone: Self.family, address: "10.0.0.4", now: start.addingTimeInterval(10))
                Issue.record("a second code within a minute was sent")
            } catch let error as AppError {
                #expect(error.code == "login_code_throttled" && error.arguments["seconds"] == "50")
            }
            for minute in 1..<5 {
                try await login.requestCode(phone: Self.family, address: "10.0.0.3", now: start.addingTimeInterval(Double(minute) * 61))
            }
            await #expect(throws: AppError.self) {
                try await login.requestCode(phone: Self.family, address: "10.0.0.3", now: start.addingTimeInterval(6 * 61))
            }
            try await login.requestCode(phone: "13900009999", address: "10.0.0.5", now: start)
            let messages = KeptMessages()
            try await PhoneLogin.deliver(now: start.addingTimeInterval(1), sender: messages, protection: app.dataProtection, on: app.db)
            #expect(await messages.texts(to: Self.family).count == 1)
            #expect(await messages.texts(to: "13900009999").isEmpty)
            for bad in ["0393-4412345", "12345", ""] {
                await #expect(throws: AppError(.invalidInput, "phone_mobile_invalid", field: "phone")) {
                    try await login.requestCode(phone: bad, address: "10.0.0.6")
                }
            }
        }
    }
}
