//! What a request says about the person: their session, language and
//! city, the browser's device id and pending scan, where a change comes
//! from (origin and CSRF token), the previous form's outcome and the
//! network address. Read here, at the edge, and passed to the services as
//! values; no other service reads request headers.

use std::net::IpAddr;

use http::{header, HeaderMap};

use chrono::{DateTime, Utc};

use crate::{
    domain::{City, ReportedPosition},
    error::AppError,
    i18n::Lang,
    server::{
        access::Actor,
        crypto::SecretKeys,
        db::Database,
        flash::{self, Flash},
        sessions::{self, PresentedSession, Provenance, SESSION_COOKIE},
    },
};

/// The session token the request's session cookie carries, if any.
pub fn presented_session(headers: &HeaderMap) -> PresentedSession {
    PresentedSession::with_token(cookie(headers, SESSION_COOKIE))
}

/// The signed-in caller of a request, if it carries a live session.
pub async fn current_actor(
    db: &Database,
    headers: &HeaderMap,
    now: DateTime<Utc>,
) -> Result<Option<Actor>, AppError> {
    sessions::actor_of(db, &presented_session(headers), now).await
}

/// Where a state-changing request says it comes from.
pub fn provenance(headers: &HeaderMap) -> Provenance {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    };
    Provenance {
        origin: text(header::ORIGIN.as_str()),
        csrf_token: text("x-csrf-token"),
        session: presented_session(headers),
    }
}

/// What comes with a confirmation: the phone's position (optional), its
/// browser id and scan token (cookies), and its network address.
#[derive(Clone, Debug)]
pub struct ConfirmationContext {
    pub position: Option<ReportedPosition>,
    /// A random id this browser keeps in a cookie; only a keyed hash is
    /// stored.
    pub device_id: Option<String>,
    /// The token of [`SCAN_COOKIE`].
    pub scan_token: Option<String>,
    pub address: IpAddr,
}

/// The circumstances of a check-in confirmation sent with `headers` (the
/// browser's device and scan cookies) from `address`.
pub fn confirmation_context(
    headers: &HeaderMap,
    address: IpAddr,
    position: Option<ReportedPosition>,
) -> ConfirmationContext {
    ConfirmationContext {
        position,
        device_id: device_id(headers),
        scan_token: scan_token(headers),
        address,
    }
}

/// The outcome of the previous form, if the request carries one this
/// server sealed.
pub fn flash(headers: &HeaderMap, keys: &SecretKeys) -> Option<Flash> {
    Flash::opened(cookie(headers, flash::COOKIE)?, keys)
}

/// The value of cookie `name`, if the request carries it.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find_map(|(key, value)| (key == name).then_some(value))
}

/// Name of the cookie that tells one phone (browser) from another.
pub const DEVICE_COOKIE: &str = "sp_device";

/// Name of the cookie that ties a scan to the browser that made it, until
/// the scan is confirmed.
pub const SCAN_COOKIE: &str = "sp_scan";

/// The device id of a request, if it carries one.
pub fn device_id(headers: &HeaderMap) -> Option<String> {
    random_token_cookie(headers, DEVICE_COOKIE)
}

/// The scan token a request carries, if any.
pub fn scan_token(headers: &HeaderMap) -> Option<String> {
    random_token_cookie(headers, SCAN_COOKIE)
}

/// A cookie holding one of our random tokens (64 hex digits), if the
/// request carries a well-formed one.
fn random_token_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    cookie(headers, name)
        .filter(|value| value.len() == 64 && value.chars().all(|c| c.is_ascii_hexdigit()))
        .map(str::to_owned)
}

/// The chosen language (cookie), else the browser's (Accept-Language),
/// else Chinese.
pub fn lang(headers: &HeaderMap) -> Lang {
    if let Some(lang) = cookie(headers, Lang::COOKIE).and_then(Lang::from_tag) {
        return lang;
    }
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .map(Lang::from_accept_language)
        .unwrap_or_default()
}

/// The city the person chose earlier, if any.
pub fn remembered_city(headers: &HeaderMap) -> Option<City> {
    cookie(headers, City::COOKIE).and_then(|code| City::parse(code).ok())
}

/// The reverse proxies trusted to name the client in `X-Forwarded-For`.
/// Behind a proxy every request arrives from the proxy's address, so
/// without this every client would share one rate limit.
#[derive(Clone, Debug, Default)]
pub struct ClientAddresses {
    trusted_proxies: Vec<ipnet::IpNet>,
}

impl ClientAddresses {
    pub fn new(trusted_proxies: Vec<ipnet::IpNet>) -> ClientAddresses {
        ClientAddresses { trusted_proxies }
    }

    fn trusts(&self, address: IpAddr) -> bool {
        self.trusted_proxies
            .iter()
            .any(|net| net.contains(&address))
    }

    /// The client of a request: its TCP peer (axum's `ConnectInfo` in
    /// the request's extensions) as [`ClientAddresses::client`] reads it.
    pub fn of_request(&self, parts: &http::request::Parts) -> IpAddr {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map_or(IpAddr::from([0, 0, 0, 0]), |info| info.0.ip());
        self.client(peer, &parts.headers)
    }

    /// The client's address: the TCP peer, unless the peer is a trusted
    /// proxy; then the right-most `X-Forwarded-For` entry that is not a
    /// trusted proxy (entries left of it could be made up by the client).
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let forwarded: Vec<IpAddr> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .map(|entry| entry.parse::<IpAddr>())
            .collect::<Result<_, _>>()
            .unwrap_or_default();
        forwarded
            .into_iter()
            .rev()
            .find(|address| !self.trusts(*address))
            .unwrap_or(peer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn forwarded(value: &'static str) -> HeaderMap {
        headers(&[(header::HeaderName::from_static("x-forwarded-for"), value)])
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    #[test]
    fn without_trusted_proxies_a_forwarded_header_is_ignored() {
        let addresses = ClientAddresses::default();
        assert_eq!(
            addresses.client(ip("203.0.113.9"), &forwarded("198.51.100.1")),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_right_most_untrusted_entry_is_the_client() {
        let addresses = ClientAddresses::new(vec!["10.0.0.0/8".parse().expect("a network")]);
        let headers = forwarded("1.2.3.4, 198.51.100.7, 10.0.0.3");
        assert_eq!(
            addresses.client(ip("10.0.0.2"), &headers),
            ip("198.51.100.7")
        );
        assert_eq!(
            addresses.client(ip("10.0.0.2"), &HeaderMap::new()),
            ip("10.0.0.2"),
            "no header: the proxy itself"
        );
        assert_eq!(
            addresses.client(ip("10.0.0.2"), &forwarded("not-an-address")),
            ip("10.0.0.2"),
            "a header that does not parse names nobody"
        );
    }

    fn headers(pairs: &[(header::HeaderName, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(name.clone(), HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn the_language_cookie_wins_over_accept_language() {
        let map = headers(&[
            (header::COOKIE, "city=350100; lang=en"),
            (header::ACCEPT_LANGUAGE, "zh-CN"),
        ]);
        assert_eq!(lang(&map), Lang::En);
    }

    #[test]
    fn without_a_cookie_the_browser_language_is_used() {
        assert_eq!(
            lang(&headers(&[(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9")])),
            Lang::En
        );
        assert_eq!(lang(&HeaderMap::new()), Lang::Zh);
    }

    #[test]
    fn a_remembered_city_must_be_a_known_area_code() {
        assert_eq!(
            remembered_city(&headers(&[(header::COOKIE, "city=350200")])),
            Some(City::Xiamen)
        );
        assert_eq!(
            remembered_city(&headers(&[(header::COOKIE, "city=999999")])),
            None
        );
        assert_eq!(
            remembered_city(&headers(&[(header::COOKIE, "xcity=350200")])),
            None
        );
    }
}
