//! The accounts and classes the benches set up through the API, as staff
//! would: a province account (command line), then an institution clerk
//! and a bureau reviewer of Fuzhou, and approved classes.

use serde_json::{json, Value};

use crate::ReleaseServer;

/// A client that keeps one account's cookies and sends our Origin.
pub fn browser(origin: &str) -> anyhow::Result<reqwest::Client> {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("Origin", origin.parse()?);
    Ok(reqwest::Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .build()?)
}

/// POSTs JSON; the answer's JSON, or an error naming the status and body.
pub async fn post(client: &reqwest::Client, url: String, body: Value) -> anyhow::Result<Value> {
    let response = client.post(&url).json(&body).send().await?;
    let status = response.status();
    let text = response.text().await?;
    anyhow::ensure!(status.is_success(), "{url}: {status} {text}");
    Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// GETs JSON.
pub async fn get(client: &reqwest::Client, url: String) -> anyhow::Result<Value> {
    Ok(client.get(url).send().await?.json().await?)
}

/// The date and time `minutes` from now in China time, as a class
/// application writes them.
pub fn china_time(minutes: i64) -> (String, String) {
    let at = chrono::Utc::now() + chrono::Duration::minutes(minutes) + chrono::Duration::hours(8);
    (
        at.format("%Y-%m-%d").to_string(),
        at.format("%H:%M").to_string(),
    )
}

/// Signed-in staff of Fuzhou and a course their institution teaches.
pub struct FuzhouStaff {
    pub api: String,
    pub institution: reqwest::Client,
    pub bureau: reqwest::Client,
    pub course_id: i64,
    pub level: Value,
}

impl FuzhouStaff {
    /// Enrols the province account of `province_code` (made before the
    /// server started), finds a demo institution that teaches a course,
    /// and issues a clerk and a reviewer account.
    pub async fn set_up(
        server: &ReleaseServer,
        province_login: &str,
        province_code: &str,
    ) -> anyhow::Result<FuzhouStaff> {
        let origin = server.origin.clone();
        let api = format!("{}/api/v1", server.base);
        let province = browser(&origin)?;
        post(
            &province,
            format!("{api}/auth/code/password"),
            json!({ "login": province_login, "code": province_code, "password": "bench-password-1" }),
        )
        .await?;
        let (institution_id, course_id) = taught_course(&province, &api).await?;
        let course = get(&province, format!("{api}/courses/{course_id}")).await?;
        let level = course["subsidy"]["amounts"][0]["level"].clone();
        let staff = |role: &'static str, username: &'static str| {
            let (province, api, origin) = (province.clone(), api.clone(), origin.clone());
            async move {
                let issued = post(&province, format!("{api}/accounts"), json!({
                    "role": role, "display_name": "压测", "username": username, "city": "350100",
                    "institution_id": if role == "institution" { institution_id.to_string() } else { String::new() },
                })).await?;
                let client = browser(&origin)?;
                post(&client, format!("{api}/auth/code/password"), json!({ "login": username, "code": issued["code"], "password": "bench-password-1" })).await?;
                anyhow::Ok(client)
            }
        };
        Ok(FuzhouStaff {
            institution: staff("institution", "bench-school").await?,
            bureau: staff("bureau", "bench-bureau").await?,
            api,
            course_id,
            level,
        })
    }

    /// Applies for a class of `capacity` seats with one offline session
    /// from 10 to 70 minutes from now, and approves it; returns the class
    /// id and the session id.
    pub async fn approved_class(&self, capacity: u32) -> anyhow::Result<(i64, i64)> {
        let api = &self.api;
        let (date, start) = china_time(10);
        let (_, end) = china_time(70);
        let class = post(&self.institution, format!("{api}/classes"), json!({
            "course_id": self.course_id, "certificate_level": self.level, "training_type": "employment_skills",
            "capacity": capacity, "teacher": "压测老师", "venue": "福州市鼓楼区", "latitude": 26.08, "longitude": 119.29,
            "sessions": [{ "date": date, "start": start, "end": end, "mode": "offline" }], "commitment": true,
        })).await?;
        let id = class["id"].as_i64().unwrap_or_default();
        let approved = post(
            &self.bureau,
            format!("{api}/classes/{id}/decision"),
            json!({ "decision": "approve" }),
        )
        .await?;
        Ok((
            id,
            approved["sessions"][0]["id"].as_i64().unwrap_or_default(),
        ))
    }
}

/// A Fuzhou institution of the demo catalogue and a course it teaches.
async fn taught_course(province: &reqwest::Client, api: &str) -> anyhow::Result<(i64, i64)> {
    let institutions = get(province, format!("{api}/institutions?city=350100")).await?;
    for item in institutions["institutions"]["items"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let id = item["id"].as_i64().unwrap_or_default();
        let detail = get(province, format!("{api}/institutions/{id}")).await?;
        if let Some(course) = detail["occupations"]
            .as_array()
            .into_iter()
            .flatten()
            .find_map(|o| o["course_id"].as_i64())
        {
            return Ok((id, course));
        }
    }
    anyhow::bail!("no Fuzhou institution of the demo data teaches a course")
}
