import AsyncHTTPClient

/// Byte-bounded text for results and error messages.
enum WebhookText {
    static let limit = 1024

    /// `text` cut to at most `maxBytes` UTF-8 bytes, on a Unicode scalar boundary.
    static func truncated(_ text: String, maxBytes: Int) -> String {
        guard text.utf8.count > maxBytes else { return text }
        var result = String.UnicodeScalarView()
        var used = 0
        for scalar in text.unicodeScalars {
            let size = String(scalar).utf8.count
            guard used + size <= maxBytes else { break }
            result.append(scalar)
            used += size
        }
        return String(result)
    }

    /// `bytes` as text, invalid sequences replaced, without a replacement character for a
    /// multi-byte character that was cut at the end of the buffer.
    static func lossyUTF8(_ bytes: [UInt8]) -> String {
        var end = bytes.count
        // Find the start of the last (possibly incomplete) sequence within the final 3 bytes.
        var index = bytes.count - 1
        while index >= 0 && index >= bytes.count - 4 {
            let byte = bytes[index]
            if byte & 0xc0 != 0x80 {  // a lead byte or ASCII
                let expected = byte < 0x80 ? 1 : byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1
                if bytes.count - index < expected { end = index }
                break
            }
            index -= 1
        }
        return String(decoding: bytes[..<end], as: UTF8.self)
    }

    /// A redirect target for a message: query (and fragment) elided, and the path too unless
    /// `includePath`; control characters replaced; at most 200 bytes.
    static func redirectTarget(_ raw: String, includePath: Bool) -> String {
        var text = Substring(raw)
        let hadQuery = text.contains("?")
        if let cut = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = text[..<cut] }
        if !includePath {
            let authorityStart = text.firstRange(of: "://")?.upperBound ?? text.startIndex
            if let slash = text[authorityStart...].firstIndex(of: "/") { text = text[..<slash] }
        }
        let clean = String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7f ? "?" : $0 }))
        return truncated(clean, maxBytes: 200) + (includePath && hadQuery ? "?…" : "")
    }

    /// A request error as one line for "request failed: …" (timeouts named plainly).
    static func failure(_ error: any Error, connectTimeout: Duration, requestTimeout: Duration) -> String {
        if error is CancellationError { return "cancelled" }
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded: return "timed out after \(requestTimeout)"
            case .connectTimeout: return "connect timed out after \(connectTimeout)"
            case .readTimeout: return "read timed out"
            case .tlsHandshakeTimeout: return "TLS handshake timed out"
            case .remoteConnectionClosed: return "connection closed by the server"
            case .cancelled: return "cancelled"
            default: break
            }
        }
        return String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
