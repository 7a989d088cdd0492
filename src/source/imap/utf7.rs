//! Modified UTF-7 for IMAP mailbox names (RFC 3501 section 5.1.3): "Entwürfe" <-> "Entw&APw-rfe".
//! Decoding is for comparing and showing names; the wire name is what goes back to the server.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

/// Encode a UTF-8 mailbox name into modified UTF-7.
pub fn encode(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending: Vec<u16> = Vec::new();
    for c in name.chars() {
        if (' '..='~').contains(&c) {
            flush(&mut pending, &mut out);
            if c == '&' {
                out.push_str("&-");
            } else {
                out.push(c);
            }
        } else {
            let mut buf = [0u16; 2];
            pending.extend_from_slice(c.encode_utf16(&mut buf));
        }
    }
    flush(&mut pending, &mut out);
    out
}

/// Base64 one run of UTF-16 units as `&...-`.
fn flush(units: &mut Vec<u16>, out: &mut String) {
    if units.is_empty() {
        return;
    }
    out.push('&');
    let bytes: Vec<u8> = units.iter().flat_map(|u| u.to_be_bytes()).collect();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        // 1 byte -> 2 chars, 2 bytes -> 3 chars, 3 bytes -> 4 chars; no padding in this variant
        let chars = chunk.len() + 1;
        for i in 0..chars {
            let idx = ((n >> (18 - 6 * i)) & 0x3f) as usize;
            out.push(char::from(ALPHABET[idx]));
        }
    }
    out.push('-');
    units.clear();
}

/// Decode a modified UTF-7 mailbox name; `None` when it is not valid modified UTF-7.
/// Characters outside ASCII pass through unchanged (servers with UTF8=ACCEPT send them raw).
pub fn decode(wire: &str) -> Option<String> {
    let mut out = String::with_capacity(wire.len());
    let mut chars = wire.chars();
    while let Some(c) = chars.next() {
        if c != '&' {
            out.push(c);
            continue;
        }
        let mut bits: u32 = 0;
        let mut nbits = 0u32;
        let mut bytes: Vec<u8> = Vec::new();
        let mut empty = true;
        loop {
            let ch = chars.next()?;
            if ch == '-' {
                break;
            }
            empty = false;
            let v = ALPHABET.iter().position(|&a| char::from(a) == ch)? as u32;
            bits = (bits << 6) | v;
            nbits += 6;
            if nbits >= 8 {
                nbits -= 8;
                bytes.push(((bits >> nbits) & 0xff) as u8);
                bits &= (1 << nbits) - 1;
            }
        }
        if empty {
            out.push('&');
            continue;
        }
        // leftover bits must be zero padding, and the bytes whole UTF-16 units
        if bits != 0 || !bytes.len().is_multiple_of(2) {
            return None;
        }
        let units: Vec<u16> = bytes
            .chunks(2)
            .map(|p| u16::from_be_bytes([p[0], p[1]]))
            .collect();
        out.push_str(&String::from_utf16(&units).ok()?);
    }
    Some(out)
}

/// Decode for display and comparison, falling back to the wire name when it is not valid.
pub fn decode_or_raw(wire: &str) -> String {
    decode(wire).unwrap_or_else(|| wire.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_examples() {
        // RFC 3501 5.1.3: "~peter/mail/台北/日本語"
        let utf8 = "~peter/mail/\u{53f0}\u{5317}/\u{65e5}\u{672c}\u{8a9e}";
        let wire = "~peter/mail/&U,BTFw-/&ZeVnLIqe-";
        assert_eq!(encode(utf8), wire);
        assert_eq!(decode(wire).as_deref(), Some(utf8));
    }

    #[test]
    fn common_folder_names() {
        let cases = [
            ("Entwürfe", "Entw&APw-rfe"),
            ("Brouillons", "Brouillons"),
            ("Éléments envoyés", "&AMk-l&AOk-ments envoy&AOk-s"),
            ("Tom & Jerry", "Tom &- Jerry"),
            ("&", "&-"),
            ("Черновики", "&BCcENQRABD0EPgQyBDgEOgQ4-"),
            ("😀", "&2D3eAA-"),
        ];
        for (utf8, wire) in cases {
            assert_eq!(encode(utf8), wire, "encode {utf8}");
            assert_eq!(decode(wire).as_deref(), Some(utf8), "decode {wire}");
        }
    }

    #[test]
    fn round_trips() {
        for s in [
            "",
            "INBOX",
            "a&b",
            "ü",
            "üü",
            "üüü",
            "x€y",
            "日本語&ü-x",
            "[Gmail]/Drafts",
        ] {
            assert_eq!(decode(&encode(s)).as_deref(), Some(s), "{s}");
        }
    }

    #[test]
    fn rejects_malformed() {
        assert_eq!(decode("Entw&APw"), None); // no closing '-'
        assert_eq!(decode("a&!!-"), None); // not in the alphabet
        assert_eq!(decode("a&AP-"), None); // half a UTF-16 unit
        assert_eq!(decode("&2D0-"), None); // lone surrogate
        assert_eq!(decode_or_raw("Entw&APw"), "Entw&APw");
    }

    #[test]
    fn passes_raw_utf8_through() {
        assert_eq!(decode("Entwürfe").as_deref(), Some("Entwürfe"));
    }
}
