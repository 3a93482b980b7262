//! What a request says about the person: their language and city.

use http::{header, HeaderMap};

use crate::{domain::City, i18n::Lang};

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

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

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
