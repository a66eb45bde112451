import Testing

/// The multi-account suites each start nats-servers and notifd instances of their own; they run one
/// at a time (nested in this serialized suite) so they do not starve the timing-sensitive delivery
/// tests that run beside them on a 2-core machine.
@Suite(.serialized) enum AccountSuites {}
