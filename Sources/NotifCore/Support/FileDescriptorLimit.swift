import Glibc

/// The open-file limit of this process (RLIMIT_NOFILE). Every WebSocket connection is a file
/// descriptor, and the usual soft limit (1024) is far below the thousands of connections notifd
/// serves, or `notif bench fanout` opens; the hard limit is what an unprivileged process may raise
/// it to.
public enum FileDescriptorLimit {
    /// Raises the soft limit to the hard limit; returns the limits now in force (nil when they
    /// cannot be read). When raising fails the soft limit stays as it was.
    @discardableResult
    public static func raiseToHardLimit() -> (soft: UInt64, hard: UInt64)? {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return nil }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(resource, &raised) == 0 { limit = raised }
        }
        return (UInt64(limit.rlim_cur), UInt64(limit.rlim_max))
    }

    private static let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
}
