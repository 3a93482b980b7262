//! Building links with query strings, the same in the browser and on the
//! server.

/// Percent-encodes a query-string component (RFC 3986 unreserved kept).
pub fn encode_component(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// `path?key=value&...`, leaving out blank values; just `path` when none
/// remain.
pub fn with_query(path: &str, pairs: &[(&str, Option<&str>)]) -> String {
    let query: Vec<String> = pairs
        .iter()
        .filter_map(|(key, value)| {
            let value = value.map(str::trim).filter(|v| !v.is_empty())?;
            Some(format!("{key}={}", encode_component(value)))
        })
        .collect();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_reserved_characters_are_percent_encoded() {
        assert_eq!(encode_component("育婴"), "%E8%82%B2%E5%A9%B4");
        assert_eq!(encode_component("a b&c=d/e"), "a%20b%26c%3Dd%2Fe");
        assert_eq!(encode_component("4-10-01-02"), "4-10-01-02");
    }

    #[test]
    fn blank_values_are_left_out_of_the_query() {
        assert_eq!(
            with_query(
                "/courses",
                &[("city", Some("350100")), ("q", Some(" ")), ("page", None)]
            ),
            "/courses?city=350100"
        );
        assert_eq!(with_query("/courses", &[("q", None)]), "/courses");
    }
}
