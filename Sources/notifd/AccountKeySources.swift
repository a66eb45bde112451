import ArgumentParser
import Foundation
import NotifAccounts
import NotifCore

/// Where multi-account mode gets its secrets: the operator and system account seeds and the key
/// that encrypts account seeds. Each comes from an environment variable, or a file named by
/// `<VARIABLE>_FILE`; in local mode, what is missing is generated once and kept under
/// `<data-dir>/accounts` (files 0600, directory 0700). Secrets are never logged.
struct AccountKeySources {
    let environment: [String: String]

    /// The value of `variable`, or the first line of the file `<variable>_FILE` names (so the output
    /// of `notifd keys gen`, seed then public key, can be used as it is).
    func secret(_ variable: String) throws -> String? {
        if let value = environment[variable], !value.isEmpty { return value }
        guard let path = environment["\(variable)_FILE"], !path.isEmpty else { return nil }
        do {
            return Self.firstLine(of: try String(contentsOfFile: path, encoding: .utf8))
        } catch {
            throw ValidationError("cannot read \(variable)_FILE \(path): \(error.localizedDescription)")
        }
    }

    /// A key file's value: its first line (`notifd keys gen` writes the seed, then the public key).
    static func firstLine(of text: String) -> String {
        text.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
    }

    /// Operator keys and the seed cipher key; `localDirectory` (local mode) supplies what is missing.
    func load(localDirectory: URL?) throws -> (keys: OperatorKeys, encryptionKey: String) {
        let store = localDirectory.map(LocalKeyStore.init(directory:))
        guard let operatorSeed = try secret("OPERATOR_SEED") ?? store?.value("operator.seed", make: { NKeyPair.generate(.operator).seed }),
              let systemSeed = try secret("SYSTEM_ACCOUNT_SEED")
                ?? store?.value("system-account.seed", make: { NKeyPair.generate(.account).seed }) else {
            throw ValidationError("multi-account mode needs OPERATOR_SEED and SYSTEM_ACCOUNT_SEED (or their _FILE variants); "
                                  + "generate them with `notifd keys gen operator` and `notifd keys gen account`")
        }
        guard let encryptionKey = try secret("NOTIF_ENCRYPTION_KEY") ?? store?.value("encryption.key", make: SeedCipher.generateKey) else {
            throw ValidationError("multi-account mode needs NOTIF_ENCRYPTION_KEY (32 bytes, base64: openssl rand -base64 32) "
                                  + "to encrypt account seeds at rest")
        }
        do {
            _ = try SeedCipher(base64Key: encryptionKey)
            let keys = try OperatorKeys(operatorSeed: operatorSeed, systemAccountSeed: systemSeed,
                                        nextOperatorSeed: try secret("OPERATOR_SEED_NEXT"))
            return (keys, encryptionKey)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}

/// Secrets kept by local mode in one private directory.
struct LocalKeyStore {
    let directory: URL

    /// The file's contents, or `make()`'s, written now (first start).
    func value(_ name: String, make: () -> String) throws -> String {
        let file = directory.appending(path: name)
        if let text = try? String(contentsOf: file, encoding: .utf8) { return AccountKeySources.firstLine(of: text) }
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let value = make()
        guard fileManager.createFile(atPath: file.path, contents: Data((value + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ValidationError("cannot write \(file.path)")
        }
        return value
    }
}
