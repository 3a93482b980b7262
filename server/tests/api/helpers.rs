use app::server::db::Database;
use reqwest::{header, redirect::Policy, Method, Response, StatusCode};
use serde_json::Value;
use skillpass_server::{configuration::Config, startup::Application};

use crate::contract::check_raw_answer;

/// A running server and a client for it.
pub struct TestApp {
    pub address: String,
    /// `http://localhost:<port>`: the origin passkeys are bound to.
    pub origin: String,
    pub client: reqwest::Client,
    pub db: Database,
    pub state: app::server::AppState,
    /// The database it serves, for another process on the same one.
    pub database_url: String,
}

/// Which database the suite runs on: `SKILLPASS_TEST_DATABASE`
/// (`sqlite`, the default, or `postgres`). Never falls back silently.
fn database_kind() -> String {
    std::env::var("SKILLPASS_TEST_DATABASE").unwrap_or_else(|_| "sqlite".to_owned())
}

/// A URL of a new, empty database of the kind the suite runs on.
async fn fresh_database_url() -> String {
    match database_kind().as_str() {
        "sqlite" => fresh_sqlite_url(),
        "postgres" => fresh_postgres_url().await,
        other => panic!("SKILLPASS_TEST_DATABASE must be sqlite or postgres, not {other:?}"),
    }
}

fn fresh_database_name() -> String {
    format!("skillpass_test_{}", uuid::Uuid::new_v4().simple())
}

/// A URL of a new SQLite file in the temporary folder.
pub fn fresh_sqlite_url() -> String {
    let path = std::env::temp_dir().join(format!("{}.db", fresh_database_name()));
    format!("sqlite://{}", path.display())
}

/// A URL of a new, empty schema in the shared PostgreSQL test database
/// (`SKILLPASS_TEST_POSTGRES_URL` names the server's admin database).
/// Creating a schema is cheap, where a database per test copies a
/// template each time.
pub async fn fresh_postgres_url() -> String {
    use sqlx::Connection;
    let name = fresh_database_name();
    let admin = std::env::var("SKILLPASS_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned());
    let (base, _) = admin
        .rsplit_once('/')
        .expect("admin URL ends with /database");
    let tests_url = format!("{base}/skillpass_tests");
    let mut connection = match sqlx::PgConnection::connect(&tests_url).await {
        Ok(connection) => connection,
        Err(_) => {
            let mut admin_connection =
                sqlx::PgConnection::connect(&admin)
                    .await
                    .unwrap_or_else(|e| {
                        panic!("PostgreSQL at {admin} is required for this suite: {e}")
                    });
            // Another test may create it at the same moment.
            let _ = sqlx::query("CREATE DATABASE skillpass_tests")
                .execute(&mut admin_connection)
                .await;
            sqlx::PgConnection::connect(&tests_url)
                .await
                .expect("the shared test database")
        }
    };
    sqlx::query(&format!(r#"CREATE SCHEMA "{name}""#))
        .execute(&mut connection)
        .await
        .expect("create a test schema");
    format!("{tests_url}?options[search_path]={name}")
}

/// Starts a server with the demo catalogues loaded.
pub async fn spawn_app() -> TestApp {
    spawn_configured_app("http", &[]).await
}

/// Like [`spawn_app`] with some settings changed (`SKILLPASS_…`, value).
pub async fn spawn_app_with(settings: &[(&str, &str)]) -> TestApp {
    spawn_configured_app("http", settings).await
}

/// Like [`spawn_app`] with the public origin `https://localhost:<port>`,
/// as behind a TLS-terminating proxy (the test still speaks plain HTTP to
/// 127.0.0.1), serving the static files of `public/` as its site. A
/// public origin needs a secret key of its own.
pub async fn spawn_https_app() -> TestApp {
    let public = concat!(env!("CARGO_MANIFEST_DIR"), "/../public");
    let settings = [
        ("SKILLPASS_SITE_ROOT", public),
        (
            "SKILLPASS_SECRET_KEY",
            "a-test-secret-key-of-at-least-32-bytes",
        ),
    ];
    spawn_configured_app("https", &settings).await
}

async fn spawn_configured_app(scheme: &str, settings: &[(&str, &str)]) -> TestApp {
    spawn_on_database(scheme, fresh_database_url().await, settings).await
}

/// Another server process on `app`'s database (as after a restart, or a
/// second process of one deployment), with some settings of its own.
/// It answers on a port of its own under the same public origin.
pub async fn another_process(app: &TestApp, settings: &[(&str, &str)]) -> TestApp {
    let mut settings = settings.to_vec();
    settings.push(("SKILLPASS_PUBLIC_ORIGIN", &app.origin));
    spawn_on_database("http", app.database_url.clone(), &settings).await
}

async fn spawn_on_database(
    scheme: &str,
    database_url: String,
    settings: &[(&str, &str)],
) -> TestApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let port = listener.local_addr().expect("bound").port();
    let origin = format!("{scheme}://localhost:{port}");
    let overrides: Vec<(String, String)> = settings
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect();
    let config = Config::from_lookup(|name| {
        if let Some((_, value)) = overrides.iter().find(|(key, _)| key == name) {
            return Some(value.clone());
        }
        default_setting(name, port, &origin, &database_url)
    })
    .expect("test configuration is valid");
    let origin = config.public_origin.clone();
    start(config, listener, port, origin, database_url).await
}

/// The settings every test server runs with.
fn default_setting(name: &str, port: u16, origin: &str, database_url: &str) -> Option<String> {
    match name {
        "SKILLPASS_LISTEN" => Some(format!("127.0.0.1:{port}")),
        "SKILLPASS_PUBLIC_ORIGIN" => Some(origin.to_owned()),
        "SKILLPASS_DATABASE_URL" => Some(database_url.to_owned()),
        "SKILLPASS_DATABASE_MAX_CONNECTIONS" => Some("4".to_owned()),
        "SKILLPASS_DEMO_DATA" => Some("true".to_owned()),
        // Check-out opens early enough that a test session starting in a
        // few minutes can be checked out of straight away.
        "SKILLPASS_CHECK_OUT_OPENS_MINUTES" => Some("150".to_owned()),
        _ => None,
    }
}

async fn start(
    config: Config,
    listener: tokio::net::TcpListener,
    port: u16,
    origin: String,
    database_url: String,
) -> TestApp {
    let app = Application::build_on(&config, listener)
        .await
        .expect("the server starts");
    let address = format!("http://127.0.0.1:{port}");
    let db = app.database().clone();
    let state = app.state().clone();
    tokio::spawn(app.run_until(std::future::pending()));
    let client = reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .expect("an HTTP client");
    TestApp {
        address,
        origin,
        client,
        db,
        state,
        database_url,
    }
}

impl TestApp {
    /// A browser of its own: keeps cookies, sends our Origin on every
    /// request as browsers do on POST.
    pub fn browser(&self) -> Browser {
        let mut headers = header::HeaderMap::new();
        headers.insert(header::ORIGIN, self.origin.parse().expect("a header value"));
        let client = reqwest::Client::builder()
            .redirect(Policy::none())
            .cookie_store(true)
            .default_headers(headers)
            .build()
            .expect("an HTTP client");
        Browser {
            client,
            address: self.address.clone(),
        }
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.get_with(path, &[]).await
    }

    pub async fn get_with(
        &self,
        path: &str,
        headers: &[(header::HeaderName, &str)],
    ) -> reqwest::Response {
        let mut request = self.client.get(format!("{}{path}", self.address));
        for (name, value) in headers {
            request = request.header(name, *value);
        }
        request.send().await.expect("the request is answered")
    }

    /// Status and JSON body of a GET.
    pub async fn get_json(&self, path: &str) -> (StatusCode, Value) {
        self.get_json_with(path, &[]).await
    }

    pub async fn get_json_with(
        &self,
        path: &str,
        headers: &[(header::HeaderName, &str)],
    ) -> (StatusCode, Value) {
        let response = self.get_with(path, headers).await;
        let (status, body) = json_answer(Method::GET, response).await;
        assert!(!body.is_null(), "GET {path} answered no JSON body");
        (status, body)
    }

    /// Status and HTML of a page.
    pub async fn get_page(
        &self,
        path: &str,
        headers: &[(header::HeaderName, &str)],
    ) -> (StatusCode, String) {
        let response = self.get_with(path, headers).await;
        let status = response.status();
        (status, response.text().await.expect("a text body"))
    }
}

/// The occupation names of a course list body.
pub fn course_names(body: &Value) -> Vec<String> {
    body["courses"]["items"]
        .as_array()
        .expect("a course list")
        .iter()
        .map(|item| item["occupation_name"].as_str().expect("a name").to_owned())
        .collect()
}

/// Asserts the one error shape of the API and returns its code.
pub fn error_code(body: &Value) -> &str {
    let error = &body["error"];
    assert!(
        error["message"].as_str().is_some_and(|m| !m.is_empty()),
        "no message in {body}"
    );
    error["code"].as_str().expect("an error code")
}

/// Status and JSON body (null when there is none) of an answer, checked
/// against the API's contract for the URL it answered.
pub async fn json_answer(method: Method, response: Response) -> (StatusCode, Value) {
    let status = response.status();
    let url = response.url().path().to_owned();
    let text = response.text().await.expect("a readable body");
    let body = check_raw_answer(&method, &url, status, &text);
    (status, body)
}

/// A client with its own cookie jar, like one phone's browser.
pub struct Browser {
    pub client: reqwest::Client,
    pub address: String,
}

impl Browser {
    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        let response = self.get_raw(path).await;
        json_answer(Method::GET, response).await
    }

    /// A page as this browser sees it, in Chinese (the default).
    pub async fn page(&self, path: &str) -> (StatusCode, String) {
        let response = self.get_raw(path).await;
        let status = response.status();
        (status, response.text().await.expect("a text body"))
    }

    pub async fn get_raw(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("answered")
    }

    pub async fn post(&self, path: &str, body: &Value) -> (StatusCode, Value) {
        let response = self.post_raw(path, body).await;
        json_answer(Method::POST, response).await
    }

    pub async fn put(&self, path: &str, body: &Value) -> (StatusCode, Value) {
        let response = self
            .client
            .put(format!("{}{path}", self.address))
            .json(body)
            .send()
            .await
            .expect("answered");
        json_answer(Method::PUT, response).await
    }

    pub async fn delete(&self, path: &str) -> (StatusCode, Value) {
        let response = self
            .client
            .delete(format!("{}{path}", self.address))
            .send()
            .await
            .expect("answered");
        json_answer(Method::DELETE, response).await
    }

    pub async fn post_raw(&self, path: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.address))
            .json(body)
            .send()
            .await
            .expect("answered")
    }
}
