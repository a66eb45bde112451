/// ASCII character classes used by the schema format and URI parsers (which must not accept
/// non-ASCII digits or letters where the grammars say ALPHA / DIGIT / HEXDIG).
extension Unicode.Scalar {
    var isASCIILetter: Bool { (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) }
    var isASCIIDigit: Bool { (0x30...0x39).contains(value) }
    var isASCIIHexDigit: Bool { isASCIIDigit || (0x41...0x46).contains(value) || (0x61...0x66).contains(value) }
}
