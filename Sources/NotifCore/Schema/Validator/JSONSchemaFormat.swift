/// The `format` values this validator checks; any other format name is accepted without checking.
/// Formats apply to strings only.
enum JSONSchemaFormat: String, Sendable {
    case dateTime = "date-time"
    case date
    case time
    case email
    case idnEmail = "idn-email"
    case hostname
    case idnHostname = "idn-hostname"
    case ipv4
    case ipv6
    case uri
    case uriReference = "uri-reference"
    case iri
    case iriReference = "iri-reference"
    case uriTemplate = "uri-template"
    case jsonPointer = "json-pointer"
    case relativeJSONPointer = "relative-json-pointer"
    case regex
    case uuid

    /// The format for a `format` keyword value; nil for formats that are unknown (and so not checked).
    init?(name: String) {
        // Draft-03 spellings still found in draft-04 era schemas.
        switch name {
        case "ip-address": self = .ipv4
        case "host-name": self = .hostname
        default: self.init(rawValue: name)
        }
    }

    func isValid(_ text: String) -> Bool {
        switch self {
        case .dateTime: return DateTimeFormat.isDateTime(text)
        case .date: return DateTimeFormat.isDate(text)
        case .time: return DateTimeFormat.isTime(text)
        case .email: return EmailFormat.isValid(text, international: false)
        case .idnEmail: return EmailFormat.isValid(text, international: true)
        case .hostname: return HostFormat.isHostname(text)
        case .idnHostname: return HostFormat.isInternationalHostname(text)
        case .ipv4: return HostFormat.isIPv4(text)
        case .ipv6: return HostFormat.isIPv6(text)
        case .uri: return URIFormat.isValid(text, requireScheme: true, international: false)
        case .uriReference: return URIFormat.isValid(text, requireScheme: false, international: false)
        case .iri: return URIFormat.isValid(text, requireScheme: true, international: true)
        case .iriReference: return URIFormat.isValid(text, requireScheme: false, international: true)
        case .uriTemplate: return URITemplateFormat.isValid(text)
        case .jsonPointer: return JSONPointer.isValid(text)
        case .relativeJSONPointer: return Self.isRelativeJSONPointer(text)
        case .regex: return SchemaPattern(text) != nil
        case .uuid: return Self.isUUID(text)
        }
    }

    /// A non-negative integer without leading zeros, then `#` or a JSON Pointer.
    private static func isRelativeJSONPointer(_ text: String) -> Bool {
        let scalars = text.unicodeScalars
        let digits = scalars.prefix { $0.isASCIIDigit }
        guard !digits.isEmpty, digits.count == 1 || digits.first != "0" else { return false }
        let rest = String(String.UnicodeScalarView(scalars.dropFirst(digits.count)))
        return rest == "#" || JSONPointer.isValid(rest)
    }

    /// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in hexadecimal, either case.
    private static func isUUID(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count == 36 else { return false }
        for (index, scalar) in scalars.enumerated() {
            let isDash = [8, 13, 18, 23].contains(index)
            guard isDash ? scalar == "-" : scalar.isASCIIHexDigit else { return false }
        }
        return true
    }
}
