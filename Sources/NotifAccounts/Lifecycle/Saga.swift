import Logging

/// Runs steps that each know how to undo themselves; when a step fails, the steps before it are
/// undone in reverse order, so an operation either completes or leaves nothing behind.
struct Saga {
    /// Which step failed, and why.
    struct StepFailed: Error, CustomStringConvertible {
        let step: String
        let underlying: any Error
        var description: String { "\(step) failed: \(underlying)" }
    }

    private var undos: [(name: String, undo: () async throws -> Void)] = []
    let operation: String
    let logger: Logger

    init(_ operation: String, logger: Logger) {
        self.operation = operation
        self.logger = logger
    }

    /// Runs `action`; on failure undoes what ran before and throws `StepFailed`.
    @discardableResult
    mutating func step<T>(_ name: String, _ action: () async throws -> T,
                          undo: @escaping (T) async throws -> Void = { _ in }) async throws -> T {
        do {
            let value = try await action()
            undos.append((name, { try await undo(value) }))
            return value
        } catch {
            logger.warning("step failed, undoing the steps before it",
                           metadata: ["operation": "\(operation)", "step": "\(name)", "error": "\(error)"])
            await rollBack()
            throw StepFailed(step: name, underlying: error)
        }
    }

    /// Undoes every completed step, newest first; an undo that fails is logged and the rest still run.
    mutating func rollBack() async {
        while let (name, undo) = undos.popLast() {
            do {
                try await undo()
            } catch {
                logger.error("could not undo step", metadata: ["operation": "\(operation)", "step": "\(name)", "error": "\(error)"])
            }
        }
    }
}
