/// The version of notif this build is.
public enum NotifVersion {
    public static let current = "0.1.0"
}
