import Foundation

/// A NATS user credential: the user JWT and the user's seed, in the `.creds` file layout that
/// `nsc`, libnats, nats-py and the other NATS clients read.
public struct NATSCredentials: Sendable, Equatable {
    public var jwt: String
    /// The user's seed (`SU…`). Secret.
    public var seed: String

    public init(jwt: String, seed: String) {
        self.jwt = jwt
        self.seed = seed
    }

    /// The `.creds` file text. Write it 0600: it grants the user's access.
    public var fileText: String {
        """
        -----BEGIN NATS USER JWT-----
        \(jwt)
        ------END NATS USER JWT------

        ************************* IMPORTANT *************************
        NKEY Seed printed below can be used to sign and prove identity.
        NKEYs are sensitive and should be treated as secrets.

        -----BEGIN USER NKEY SEED-----
        \(seed)
        ------END USER NKEY SEED------

        *************************************************************

        """
    }

    /// Reads a `.creds` file: the first line after each `BEGIN` marker.
    public init(fileText: String) throws {
        let lines = fileText.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        func block(_ marker: String) -> String? {
            guard let index = lines.firstIndex(where: { $0.hasPrefix("-----BEGIN") && $0.contains(marker) }),
                  index + 1 < lines.count, !lines[index + 1].isEmpty, !lines[index + 1].hasPrefix("-") else { return nil }
            return lines[index + 1]
        }
        guard let jwt = block("JWT"), let seed = block("SEED") else {
            throw NKeyPair.Invalid(description: "not a NATS credentials file (needs a USER JWT and a NKEY SEED block)")
        }
        self.init(jwt: jwt, seed: seed)
    }
}
