//! Plain HTTP routes around the pages: health, preferences (language and
//! city cookies, working without JavaScript), the link that opens a
//! recommendation, built assets, and the layers every answer passes
//! (same-origin check, security headers).

use std::{path::Path, time::Duration};

use app::{domain::City, i18n::Lang, server::AppState};
use axum::{
    extract::{RawQuery, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Json, Router,
};
use serde::Deserialize;
use tower::ServiceBuilder;
use tower_http::{services::ServeDir, set_header::SetResponseHeaderLayer};

use crate::configuration::Config;

/// One year, for preference cookies.
const COOKIE_MAX_AGE: u32 = 365 * 24 * 3600;

pub fn router(config: &Config) -> Router<AppState> {
    let secure = config.secure_cookies();
    Router::new()
        .route("/healthz", get(health))
        .route(
            "/prefs/lang",
            get(move |headers, query| set_language(headers, query, secure)),
        )
        .route(
            "/prefs/city",
            get(move |headers, query| set_city(headers, query, secure)),
        )
        .route(
            app::server::recommended::OPEN_PATH,
            get(open_recommendation),
        )
}

#[derive(Deserialize)]
struct OpenQuery {
    item: Option<String>,
}

/// `/recommended/open?item=campaign:12`: a worker's tap on a
/// recommendation, then on (303) to the offer. The target is worked out
/// from the item, never taken from the link. A tap on this site's own page
/// is recorded (the first time) for the campaign's funnel; a link from
/// elsewhere, or a HEAD request, records nothing. Signed out, a pushed one
/// leads through the sign-in page.
async fn open_recommendation(
    State(state): State<AppState>,
    method: axum::http::Method,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let lang = app::server::request::lang(&headers);
    let now = state.clock.now();
    let item = query
        .and_then(|query| serde_urlencoded::from_str::<OpenQuery>(&query).ok())
        .and_then(|query| query.item)
        .unwrap_or_default();
    let from_our_page = headers
        .get("sec-fetch-site")
        .is_none_or(|site| site.as_bytes() == b"same-origin");
    let counted = method == axum::http::Method::GET && from_our_page;
    let opened = async {
        let actor = app::server::request::current_actor(&state.db, &headers, now).await?;
        if actor.is_none() && item.starts_with("campaign:") {
            let back = serde_urlencoded::to_string([(
                "next",
                format!("{}?item={item}", app::server::recommended::OPEN_PATH),
            )])
            .unwrap_or_default();
            return Ok(format!("/sign-in?{back}"));
        }
        app::server::recommended::open(&state, actor.as_ref(), &item, counted, now).await
    };
    match opened.await {
        Ok(path) => match HeaderValue::from_str(&path) {
            Ok(location) => (
                StatusCode::SEE_OTHER,
                [
                    (header::LOCATION, location),
                    (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
                ],
            )
                .into_response(),
            Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        },
        Err(error) => (
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST),
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            error.message(lang),
        )
            .into_response(),
    }
}

/// `/pkg`: CSS, JS and WASM, precompressed when the release build made
/// `.br`/`.gz` files. Hashed names never change content, so they are cached
/// for a year; unhashed names are revalidated on every use.
pub fn pkg_router(site_root: &Path, hashed: bool) -> Router<AppState> {
    let cache_control = if hashed {
        "public, max-age=31536000, immutable"
    } else {
        "public, no-cache"
    };
    let files = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache_control),
        ))
        .service(
            ServeDir::new(site_root.join("pkg"))
                .precompressed_br()
                .precompressed_gzip(),
        );
    Router::new().nest_service("/pkg", files)
}

/// 200 when the database answers within two seconds, 503 otherwise.
async fn health(State(state): State<AppState>) -> Response {
    let reachable = matches!(
        tokio::time::timeout(Duration::from_secs(2), state.db.ping()).await,
        Ok(Ok(()))
    );
    let (status, text) = if reachable {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "unavailable")
    };
    let body = Json(serde_json::json!({ "status": text, "database": state.db.kind() }));
    (status, [(header::CACHE_CONTROL, "no-store")], body).into_response()
}

/// Refuses state-changing requests (POST and the like) that neither come
/// from our own origin nor carry the session's CSRF token (403).
pub async fn same_origin_only(
    State(state): State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    use axum::http::Method;
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let now = state.clock.now();
    match app::server::sessions::check_same_origin(
        &state.db,
        &state.security,
        &app::server::request::provenance(request.headers()),
        now,
    )
    .await
    {
        Ok(()) => next.run(request).await,
        Err(error) => {
            let lang = app::server::request::lang(request.headers());
            crate::rest::ApiError::new(error, lang).into_response()
        }
    }
}

/// Most a request body may hold: forms and JSON are small.
const BODY_LIMIT: usize = 64 * 1024;
/// The uploads carry a file (their own check says how large a file may
/// be); this leaves room for the form around it.
const UPLOAD_LIMIT: usize = app::server::spreadsheet::MAX_IMPORT_BYTES + 64 * 1024;

/// The requests that carry a file, as a form and through the API: the
/// category list, a catalogue template, a filing's stamped scan and an
/// inspection's photo.
fn carries_a_file(path: &str) -> bool {
    use app::api::{
        catalogue_publishing::{FileCatalogue, UploadCatalogueTemplate},
        inspections::AddInspectionPhoto,
    };
    use leptos::server_fn::ServerFn;
    let filing_scan = |prefix: &str, suffix: &str| {
        path.strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(suffix))
            .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
    };
    path == app::api::categories::ImportCategories::PATH
        || path == UploadCatalogueTemplate::PATH
        || path == FileCatalogue::PATH
        || path == AddInspectionPhoto::PATH
        || path == "/api/v1/worker-categories/import"
        || path == "/api/v1/catalogue-imports"
        || filing_scan("/api/v1/catalogue-editions/", "/filing")
        || filing_scan("/api/v1/catalogue-filings/", "/submission")
        || filing_scan("/api/v1/inspections/", "/photos")
}

/// Bounds every request body, so that no request can make the server
/// hold more than the limit in memory: one that says it is larger is
/// refused at once (413, in the caller's language); one that does not
/// say stops being read at the limit.
pub async fn limit_body(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let limit = if carries_a_file(request.uri().path()) {
        UPLOAD_LIMIT
    } else {
        BODY_LIMIT
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        let lang = app::server::request::lang(request.headers());
        let error = app::error::AppError::TooLarge {
            max_kilobytes: limit / 1024,
        };
        return crate::rest::ApiError::new(error, lang).into_response();
    }
    let (parts, body) = request.into_parts();
    let body = axum::body::Body::new(http_body_util::Limited::new(body, limit));
    next.run(axum::extract::Request::from_parts(parts, body))
        .await
}

/// What a request that hit a bug gets: a plain 500 in both languages,
/// never the panic message or a backtrace (those go to the log).
pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "系统出错了，请稍后再试。Something went wrong; please try again later.",
    )
        .into_response()
}

#[derive(Deserialize)]
struct PreferenceQuery {
    to: Option<String>,
    code: Option<String>,
    next: Option<String>,
}

fn parse_preference_query(query: Option<String>) -> Option<PreferenceQuery> {
    serde_urlencoded::from_str(query.as_deref().unwrap_or_default()).ok()
}

/// `/prefs/lang?to=en&next=/courses`: remembers the language and goes back.
async fn set_language(headers: HeaderMap, RawQuery(query): RawQuery, secure: bool) -> Response {
    let current = app::server::request::lang(&headers);
    let Some(query) = parse_preference_query(query) else {
        return bad_preference(current);
    };
    match query.to.as_deref().and_then(Lang::from_tag) {
        Some(lang) => remember(Lang::COOKIE, lang.code(), query.next.as_deref(), secure),
        None => bad_preference(current),
    }
}

/// `/prefs/city?code=350100&next=/courses?city=350100`: remembers the city
/// and goes on.
async fn set_city(headers: HeaderMap, RawQuery(query): RawQuery, secure: bool) -> Response {
    let lang = app::server::request::lang(&headers);
    let Some(query) = parse_preference_query(query) else {
        return bad_preference(lang);
    };
    match query.code.as_deref().map(City::parse) {
        Some(Ok(city)) => remember(City::COOKIE, city.code(), query.next.as_deref(), secure),
        Some(Err(error)) => (
            StatusCode::BAD_REQUEST,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            error.message(lang),
        )
            .into_response(),
        None => bad_preference(lang),
    }
}

/// Sets a one-year preference cookie and redirects (303) to `next` when it
/// is a path on this site, else home.
fn remember(name: &str, value: &str, next: Option<&str>, secure: bool) -> Response {
    let target = next
        .filter(|path| app::url::is_local_path(path))
        .unwrap_or("/");
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!("{name}={value}; Path=/; Max-Age={COOKIE_MAX_AGE}; SameSite=Lax{secure}");
    let (Ok(location), Ok(cookie)) = (
        HeaderValue::from_str(target),
        HeaderValue::from_str(&cookie),
    ) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, location), (header::SET_COOKIE, cookie)],
    )
        .into_response()
}

fn bad_preference(lang: Lang) -> Response {
    let message = lang.texts().bad_language_link;
    (
        StatusCode::BAD_REQUEST,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message,
    )
        .into_response()
}

/// The nonce this answer's inline scripts carry (Leptos's hydration
/// script and its serialised resources): made per request by
/// [`security_headers`], handed to the page renderer through the request's
/// extensions, and named in the Content-Security-Policy.
#[derive(Clone, Debug)]
pub struct ScriptNonce(pub String);

/// Security headers on every answer: pages, API, assets and errors. The
/// policy allows what the pages load (our scripts, styles, images and
/// WebAssembly, fetches to this origin) and, of inline scripts, only
/// those carrying this answer's nonce.
pub async fn security_headers(
    State(state): State<AppState>,
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let nonce = ScriptNonce(app::server::crypto::random_token());
    let referrer = referrer_policy(request.uri().path());
    request.extensions_mut().insert(nonce.clone());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if let Ok(policy) = HeaderValue::from_str(&content_security_policy(&nonce.0)) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static(referrer));
    if state.security.secure_cookies {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

/// Gives the page renderer this request's script nonce, so the hydration
/// script carries the one the Content-Security-Policy names (Leptos's
/// `HydrationScripts` reads it with `use_nonce`).
pub fn provide_script_nonce() {
    use leptos::prelude::{provide_context, use_context};
    let nonce = use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<ScriptNonce>().cloned());
    if let Some(ScriptNonce(nonce)) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(nonce));
    }
}

fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Check-in pages (`/c/…`) and display pages (`/screen/…`) carry a secret
/// in their address: no other site learns it. A check-in page's forms
/// (the face check's) post to this site, which must see their origin.
fn referrer_policy(path: &str) -> &'static str {
    if path.starts_with("/screen/") {
        "no-referrer"
    } else if path.starts_with("/c/") {
        "same-origin"
    } else {
        "strict-origin-when-cross-origin"
    }
}
