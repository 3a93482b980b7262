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

/// Whether `path` is a path on this site, safe to redirect to: not
/// another host (`//host`, `\\host`), no control characters.
pub fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && !path.chars().any(char::is_control)
}

/// The path and query of a `Referer` on this site (`origin` is ours),
/// or `None` for another site's.
pub fn local_path_of(referer: &str, origin: &str) -> Option<String> {
    let rest = referer.strip_prefix(origin)?;
    let path = if rest.is_empty() { "/" } else { rest };
    is_local_path(path).then(|| path.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_on_this_site_are_followed() {
        assert!(is_local_path("/courses?city=350100"));
        assert!(!is_local_path("//evil.example/"));
        assert!(!is_local_path("https://evil.example/"));
        assert!(!is_local_path("/\\evil.example"));
        assert!(!is_local_path("/a\r\nSet-Cookie: x=y"));
    }

    #[test]
    fn a_form_goes_back_only_to_a_page_of_this_site() {
        let origin = "https://skillpass.example";
        assert_eq!(
            local_path_of("https://skillpass.example/classes/5?x=1", origin).as_deref(),
            Some("/classes/5?x=1")
        );
        assert_eq!(
            local_path_of("https://skillpass.example", origin).as_deref(),
            Some("/")
        );
        assert_eq!(
            local_path_of("https://skillpass.example.evil/", origin),
            None
        );
        assert_eq!(
            local_path_of("https://evil.example/classes/5", origin),
            None
        );
    }

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
