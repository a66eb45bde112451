import Foundation
import Glibc

/// A child process started with `posix_spawn` and reaped by a thread of its own.
///
/// Not Foundation's `Process`: that one learns about an exit through a socket the child inherits, so
/// when another program is spawned concurrently and inherits that socket too (a long-lived
/// nats-server or Postgres started by a neighbouring test), the exit is only noticed once the
/// other program ends — tests hang. Here the child gets stdin/stdout/stderr and nothing else
/// (every other descriptor is closed in the child), and `waitpid` on its own pid reports the exit.
enum SpawnedChild {
    /// `posix_spawn_file_actions_addclosefrom_np` and `…addchdir_np`, looked up at run time.
    enum GlibcExtension {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        typealias ChangeDirectory = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

        static let closeFrom: CloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np")
        static let changeDirectory: ChangeDirectory? = symbol("posix_spawn_file_actions_addchdir_np")

        private static func symbol<T>(_ name: String) -> T? {
            guard let handle = dlopen(nil, RTLD_NOW), let address = dlsym(handle, name) else { return nil }
            return unsafeBitCast(address, to: T.self)
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts `executable`; `onExit` receives the exit status (128 + signal number when killed).
    static func spawn(executable: String, arguments: [String], environment: [String: String], directory: String,
                      stdin: String, stdout: String, stderr: String,
                      onExit: @escaping @Sendable (Int32) -> Void) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // glibc ≥ 2.34 / 2.29 extensions that Swift's Glibc module does not declare.
        guard let closeFrom = GlibcExtension.closeFrom, let changeDirectory = GlibcExtension.changeDirectory else {
            throw Failure(description: "this C library lacks posix_spawn_file_actions_addclosefrom_np/addchdir_np")
        }
        _ = closeFrom(&actions, 3)
        _ = changeDirectory(&actions, directory)

        // Default signal dispositions and an empty mask, whatever the test process set up.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t()
        sigfillset(&all)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw Failure(description: "cannot start \(executable): \(String(cString: strerror(result)))") }
        let child = pid
        Thread.detachNewThread {
            var status: Int32 = 0
            while waitpid(child, &status, 0) == -1 && errno == EINTR {}
            let signal = status & 0x7F
            onExit(signal == 0 ? (status >> 8) & 0xFF : 128 + signal)
        }
        return child
    }
}
