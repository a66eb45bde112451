import Foundation
import NotifAccounts
import NotifTesting
import Testing

/// NKeys: encoding, checksums, signatures, and agreement with the `nkeys` package from PyPI.
struct NKeyTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func keysRoundTripAndCarryTheirType() throws {
        for type in NKeyType.allCases {
            let pair = NKeyPair.generate(type)
            let letter: Character = switch type {
            case .operator: "O"
            case .account: "A"
            case .user: "U"
            case .server: "N"
            case .cluster: "C"
            }
            #expect(pair.publicKey.first == letter && pair.publicKey.count == 56, "\(pair.publicKey)")
            #expect(pair.seed.hasPrefix("S\(letter)") && pair.seed.count == 58)
            #expect(try NKeyPair(seed: pair.seed) == pair)
            #expect(NKeyPair.type(ofPublicKey: pair.publicKey) == type)
        }
        #expect(NKeyPair.generate(.account) != NKeyPair.generate(.account))
    }

    @Test func signaturesVerifyAndCorruptionIsRefused() throws {
        let pair = NKeyPair.generate(.user)
        let message = Array("hello".utf8)
        let signature = pair.sign(message)
        #expect(signature.count == 64)
        #expect(NKeyPair.verify(publicKey: pair.publicKey, signature: signature, message: message))
        #expect(!NKeyPair.verify(publicKey: pair.publicKey, signature: signature, message: Array("hellO".utf8)))
        #expect(!NKeyPair.verify(publicKey: NKeyPair.generate(.user).publicKey, signature: signature, message: message))

        // One changed letter breaks the CRC-16.
        var seed = Array(pair.seed)
        seed[10] = seed[10] == "A" ? "B" : "A"
        #expect(throws: NKeyPair.Invalid.self) { try NKeyPair(seed: String(seed)) }
        #expect(throws: NKeyPair.Invalid.self) { try NKeyPair(seed: pair.publicKey) }
        var key = Array(pair.publicKey)
        key[20] = key[20] == "A" ? "B" : "A"
        #expect(NKeyPair.type(ofPublicKey: String(key)) == nil)
        #expect(!NKeyPair.verify(publicKey: String(key), signature: signature, message: message))
    }

    /// Fixed vectors (seed bytes 0…31), computed once with PyPI's nkeys 0.2.1: no Python needed to check them.
    @Test func knownVectors() throws {
        let vectors: [(NKeyType, String, String)] = [
            (.operator, "SOAAAAICAMCAKBQHBAEQUCYMBUHA6EARCIJRIFIWC4MBSGQ3DQOR4H2AJA", "OAB2CB576PHBBPQ5ODORRZ2LYCMWPZGWGCN2KDK7DXOIMZASKUY3QZVT"),
            (.account, "SAAAAAICAMCAKBQHBAEQUCYMBUHA6EARCIJRIFIWC4MBSGQ3DQOR4HYMHI", "AAB2CB576PHBBPQ5ODORRZ2LYCMWPZGWGCN2KDK7DXOIMZASKUY3QPZV"),
            (.user, "SUAAAAICAMCAKBQHBAEQUCYMBUHA6EARCIJRIFIWC4MBSGQ3DQOR4H776Y", "UAB2CB576PHBBPQ5ODORRZ2LYCMWPZGWGCN2KDK7DXOIMZASKUY3RLKK"),
        ]
        let signature = "YjYz8nm0LI8u7dWnsaPb6NqJ8dZjqi70Fj4tkDzl8XUNIBbF2UvkVTeZgAdEl73/bUWQgOcVD7tBMkpQGjNKAg=="
        for (type, seed, publicKey) in vectors {
            let pair = try NKeyPair(seed: seed, expecting: type)
            #expect(pair.publicKey == publicKey && pair.seed == seed)
            #expect(Data(pair.sign(Array("notif".utf8))).base64EncodedString() == signature)
        }
    }

    @Test func matchesThePythonNKeysPackage() async throws {
        let python = try await PythonEnvironment.ensure(at: Self.root.appending(path: ".build/python-nkeys-venv"),
                                                        packages: ["nkeys==0.2.1"], probe: "import nkeys")
        let script = """
            import sys, nkeys, base64
            kp = nkeys.from_seed(sys.argv[1].encode())
            msg = sys.argv[2].encode()
            sig = kp.sign(msg)
            print(kp.public_key.decode())
            print(base64.b64encode(sig).decode())
            other = nkeys.from_seed(nkeys.encode_seed(bytes(range(32)), nkeys.PREFIX_BYTE_OPERATOR))
            print(other.seed.decode())
            print(other.public_key.decode())
            print(kp.verify(msg, base64.b64decode(sys.argv[3])))
            """
        for type in NKeyType.allCases {
            let pair = NKeyPair.generate(type)
            let message = "claims for \(type)"
            let ours = Data(pair.sign(Array(message.utf8))).base64EncodedString()
            let result = try await TestProgram.run(python, ["-c", script, pair.seed, message, ours])
            let lines = result.lines
            #expect(result.status == 0 && lines.count == 5, "\(result)")
            guard lines.count == 5 else { continue }
            #expect(lines[0] == pair.publicKey, "same seed, same public key")
            #expect(lines[1] == ours, "Ed25519 is deterministic: the same signature")
            #expect(lines[4] == "True", "python verifies our signature")
            // A seed python encoded reads back here to the same public key.
            #expect(try NKeyPair(seed: lines[2]).publicKey == lines[3])
        }
    }
}
