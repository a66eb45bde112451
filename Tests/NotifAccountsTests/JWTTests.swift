import Foundation
import NotifAccounts
import NotifCore
import NotifTesting
import Testing

/// NATS JWTs: the wire format, signatures, claim types, `.creds` files, and a real NATS client
/// (nats-py) connecting with credentials we issued.
struct JWTTests {
    @Test func tokensHaveTheNATSHeaderAndRoundTrip() throws {
        let operatorKey = NKeyPair.generate(.operator), account = NKeyPair.generate(.account)
        var limits = BillingTier.pro.limits.accountLimits
        limits.maxBytesRequired = true
        let claims = AccountClaims(subject: account.publicKey, name: "acme", limits: limits,
                                   signingKeys: [NKeyPair.generate(.account).publicKey],
                                   revocations: ["UABC": 1_700_000_000, "*": 1_600_000_000],
                                   exports: [AccountExport(name: "events", subject: "events.>", kind: .stream)],
                                   imports: [AccountImport(subject: "shared.>", account: NKeyPair.generate(.account).publicKey,
                                                           localSubject: "in.>", kind: .stream)])
        let token = claims.signed(by: operatorKey, issuedAt: Date(timeIntervalSince1970: 1_800_000_000))
        let parts = token.split(separator: ".")
        #expect(parts.count == 3 && !token.contains("="), "base64url without padding")
        let header = try JSONValue.parse(Array(Data(base64URL: String(parts[0]))))
        #expect(header == .object(["typ": "JWT", "alg": "ed25519-nkey"]))

        let (decoded, jwt) = try AccountClaims.decode(token)
        #expect(decoded == claims)
        #expect(jwt.issuer == operatorKey.publicKey && jwt.subject == account.publicKey && jwt.issuedAt == 1_800_000_000)
        #expect(jwt.nats["type"] == "account" && jwt.nats["version"] == .int(2))
        // Zero values are left out, like Go's omitempty: an unlimited account has no `max_bytes_required: false`.
        let plain = AccountClaims(subject: account.publicKey, name: "p").signed(by: operatorKey)
        #expect(try NATSJWT.decode(plain).nats["limits"]?["max_bytes_required"] == nil)
        #expect(try NATSJWT.decode(plain).nats["revocations"] == nil)
    }

    @Test func theIDIsTheSHA512_256OfTheStandardClaims() throws {
        let key = NKeyPair.generate(.operator)
        let token = OperatorClaims(subject: key.publicKey, name: "op", systemAccount: nil)
            .signed(by: key, issuedAt: Date(timeIntervalSince1970: 1_700_000_000))
        let jwt = try NATSJWT.decode(token)
        // jti is base32 of a 32-byte digest: 52 characters, and it changes with any standard claim.
        #expect(jwt.id.count == 52 && jwt.id.allSatisfy { $0.isUppercase || ("2"..."7").contains($0) })
        let later = try NATSJWT.decode(OperatorClaims(subject: key.publicKey, name: "op", systemAccount: nil)
            .signed(by: key, issuedAt: Date(timeIntervalSince1970: 1_700_000_001)))
        #expect(later.id != jwt.id)
    }

    @Test func tamperedExpiredAndMistypedTokensAreRefused() throws {
        let account = NKeyPair.generate(.account)
        let user = EphemeralUser(account: account, name: "u", lifetime: .seconds(60), now: Date(timeIntervalSince1970: 1_000))
        let parts = user.jwt.split(separator: ".").map(String.init)

        // Another payload under the same signature.
        let forged = UserClaims(subject: user.key.publicKey, name: "admin").signed(by: NKeyPair.generate(.account))
        let swapped = [parts[0], forged.split(separator: ".").map(String.init)[1], parts[2]].joined(separator: ".")
        #expect(throws: NATSJWT.Invalid.self) { try NATSJWT.decode(swapped, now: nil) }
        #expect(throws: NATSJWT.Invalid.self) { try NATSJWT.decode(parts[0] + "." + parts[1], now: nil) }
        #expect(throws: NATSJWT.Invalid.self) { try NATSJWT.decode("not a jwt") }

        // Expiry: valid inside its lifetime, refused after.
        #expect(try NATSJWT.decode(user.jwt, now: Date(timeIntervalSince1970: 1_030)).expires == 1_060)
        #expect(throws: NATSJWT.Invalid.self) { try NATSJWT.decode(user.jwt, now: Date(timeIntervalSince1970: 1_061)) }

        // A user JWT is not account claims.
        #expect(throws: NATSJWT.Invalid.self) { try AccountClaims.decode(user.jwt, now: nil) }
        let (claims, jwt) = try UserClaims.decode(user.jwt, now: nil)
        #expect(claims.name == "u" && claims.subscriptions == -1 && jwt.issuer == account.publicKey)
    }

    @Test func seedsOfTheWrongTypeAreRefusedByName() throws {
        let operatorKey = NKeyPair.generate(.operator), account = NKeyPair.generate(.account), user = NKeyPair.generate(.user)
        #expect(try NKeyPair(seed: operatorKey.seed, expecting: .operator) == operatorKey)
        #expect(try NKeyPair(seed: account.seed + "\n", expecting: .account) == account)
        for (seed, expected, text) in [(account.seed, NKeyType.operator, "not an operator key"),
                                       (operatorKey.seed, .account, "not an account key"),
                                       (user.seed, .account, "not an account key"),
                                       ("garbage", .operator, "invalid operator seed"),
                                       ("", .account, "invalid account seed")] {
            #expect {
                try NKeyPair(seed: seed, expecting: expected)
            } throws: { error in
                "\(error)".contains(text)
            }
        }
        #expect(throws: NKeyPair.Invalid.self) {
            try OperatorKeys(operatorSeed: account.seed, systemAccountSeed: account.seed)
        }
    }

    @Test func credsFilesRoundTrip() throws {
        let user = EphemeralUser(account: .generate(.account), name: "creds")
        let text = user.credentials.fileText
        #expect(text.contains("-----BEGIN NATS USER JWT-----\n\(user.jwt)\n------END NATS USER JWT------"))
        #expect(text.contains("-----BEGIN USER NKEY SEED-----\n\(user.key.seed)\n------END USER NKEY SEED------"))
        #expect(try NATSCredentials(fileText: text) == user.credentials)
        #expect(throws: NKeyPair.Invalid.self) { try NATSCredentials(fileText: "-----BEGIN NATS USER JWT-----\n") }
    }

    @Test func tiersHaveTheReferenceLimitsAndTheirStreamsFit() {
        #expect(BillingTier(rawValue: "free") == .free && BillingTier(rawValue: "FREE") == nil && BillingTier(rawValue: "Pro") == nil)
        #expect(BillingTier(rawValue: "platinum") == nil && BillingTier(rawValue: "") == nil)
        #expect(BillingTier(storedName: nil) == .free && BillingTier(storedName: "platinum") == .free)
        #expect(BillingTier.free.limits.maxConnections == 10 && BillingTier.pro.limits.maxData == 10_737_418_240)
        #expect(BillingTier.enterprise.limits.streamMaxBytes == 10_737_418_240 && BillingTier.enterprise.limits.maxExports == -1)
        for tier in BillingTier.allCases {
            let limits = tier.limits
            #expect(limits.maxConnections > 0)
            let streams = limits.streamLimits
            let reserved = streams.eventsMaxBytes + (streams.deadLettersMaxBytes ?? .max)
            #expect(reserved <= limits.accountLimits.diskStorage, "\(tier): streams fit the account storage")
            #expect(streams.eventsMaxAge == limits.streamMaxAge)
            #expect(limits.accountLimits.payload > limits.maxPayload, "room for the envelope around the largest event")
        }
    }
}

extension Data {
    init(base64URL text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        self = Data(base64Encoded: base64) ?? Data()
    }
}

extension JWTTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func natsPyConnectsWithCredentialsWeIssued() async throws {
        let python = try await PythonEnvironment.ensure(at: Self.root.appending(path: ".build/python-nats-venv"),
                                                        packages: ["nats-py==2.9.0", "nkeys==0.2.1"], probe: "import nats, nkeys")
        let broker = try await OperatorModeBroker.start()
        defer { Task { await broker.stop() } }
        let account = try await broker.createAccount(name: "py", limits: BillingTier.free.limits.accountLimits)
        let user = EphemeralUser(account: account, name: "python", publish: SubjectPermissions(allow: ["events.>"]),
                                 subscribe: SubjectPermissions(allow: ["events.>", "_INBOX.>"]))
        let file = FileManager.default.temporaryDirectory.appending(path: "notif-\(RandomToken.hex(bytes: 6)).creds")
        try Data(user.credentials.fileText.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        let result = try await TestProgram.run(python, [Self.root.appending(path: "Tests/python/nats_creds.py").path,
                                                        broker.nats.url, file.path, "events.org.project.greeting"])
        #expect(result.status == 0, "\(result)")
        let json = try #require(try result.jsonLines().last)
        #expect(json["jti_matches"] == true, "python computes the same jti (SHA-512/256 of the standard claims)")
        #expect(json["verified"] == true && json["type"] == "user")
        #expect(json["header"] == .object(["typ": "JWT", "alg": "ed25519-nkey"]))
        #expect(json["received"] == "hello from python")
    }
}
