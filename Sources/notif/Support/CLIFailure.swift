import NotifCore

/// A failure the CLI reports as one line on stderr with its exit code.
struct CLIFailure: Error, CustomStringConvertible {
    var message: String
    var exitCode: Int32

    /// A failure of the operation (exit 1).
    static func failed(_ message: String) -> CLIFailure { CLIFailure(message: message, exitCode: 1) }
    /// Bad input on the command line or stdin (exit 2).
    static func usage(_ message: String) -> CLIFailure { CLIFailure(message: message, exitCode: 2) }
    /// Ctrl-C (exit 130).
    static let interrupted = CLIFailure(message: "", exitCode: 130)

    var description: String { message }

    /// The one-line explanation of an error from the SDK or a library; nil for errors ArgumentParser
    /// formats itself.
    init?(libraryError error: any Error) {
        switch error {
        case let error as NotifClientError:
            self = .failed(Self.explain(error))
        case let error as ClientSettingsError:
            self = .failed(error.description)
        case let error as JQProgram.Failure:
            self = .usage("invalid jq filter: \(error.message)")
        default:
            return nil
        }
    }

    private init(message: String, exitCode: Int32) {
        self.message = message
        self.exitCode = exitCode
    }

    static func explain(_ error: NotifClientError) -> String {
        switch error {
        case .unauthorized(let message):
            "error: unauthorized (\(message)); check the API key ('notif config show')"
        case .notFound(let message):
            "error: \(message)"
        case .rateLimited(let delay):
            "error: rate limited by the server" + (delay.map { "; retry in \($0.components.seconds)s" } ?? "")
        case .rejected(_, let message, let details):
            "error: \(message)" + Self.validationDetails(details)
        case .server(let status, let message):
            "error: the server failed (HTTP \(status)): \(message)"
        case .connection(let server, let reason):
            "error: cannot reach \(server): \(reason)"
        case .timeout(let server, let after):
            "error: \(server) did not answer within \(after.components.seconds)s"
        case .invalidResponse(let reason):
            "error: unexpected answer from the server: \(reason)"
        }
    }

    /// Schema violations of a refused emit (`field: message` items) or a refused version's problems.
    private static func validationDetails(_ details: JSONValue?) -> String {
        if let problems = details?["problems"]?.arrayValue, !problems.isEmpty {
            return " (" + problems.map { Output.text($0) }.joined(separator: "; ") + ")"
        }
        guard let errors = details?["validation_errors"]?.arrayValue, !errors.isEmpty else { return "" }
        let items = errors.prefix(5).map { item in
            let field = item["field"]?.stringValue ?? ""
            let message = item["message"]?.stringValue ?? item.jsonString
            return field.isEmpty ? message : "\(field): \(message)"
        }
        return " (" + items.joined(separator: "; ") + (errors.count > 5 ? "; …" : "") + ")"
    }
}
