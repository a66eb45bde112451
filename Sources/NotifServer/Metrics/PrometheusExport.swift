import Metrics
import Prometheus

/// The process's Prometheus registry. Its first use points swift-metrics at it
/// (`MetricsSystem.bootstrap`, which a process may do only once), so a program embedding notif that
/// bootstraps metrics itself passes its own registry in `NotifServerConfiguration.prometheus` instead.
public enum PrometheusExport {
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}
