//! The audit trail against an insider with write access to the database:
//! the append-only triggers can be dropped, so the chain itself must show
//! what was changed, and an anchored head must show it even to someone
//! who holds the chain key.

use app::server::{
    audit::{verify_chain, verify_chain_against, Anchor, ChainReport},
    db::{
        audit::{chain_version, list_audit_chain, AuditRecord},
        Database,
    },
};
use reqwest::StatusCode;

use crate::{
    authenticator::Phone,
    helpers::{spawn_app, TestApp},
    identity::{id_number, register_with_passkey},
};

/// What an insider does first: drop the triggers that refuse updates and
/// deletes of the trail.
async fn drop_append_only_guards(app: &TestApp) {
    let statements: &[&str] = match &app.db {
        Database::Sqlite { .. } => &[
            "DROP TRIGGER audit_log_no_update",
            "DROP TRIGGER audit_log_no_delete",
        ],
        Database::Postgres { .. } => &["DROP TRIGGER audit_log_no_update ON audit_log"],
    };
    for statement in statements {
        on_db!(app, pool => sqlx::query(statement).execute(pool).await.map(|_| ()))
            .expect("the guard dropped");
    }
}

/// Every record of the trail, oldest first.
async fn whole_trail(app: &TestApp) -> Vec<AuditRecord> {
    list_audit_chain(&app.db, 0, 100_000)
        .await
        .expect("the trail")
}

/// Writes records back as the insider changed them, and moves the head.
async fn overwrite(app: &TestApp, records: &[AuditRecord]) {
    for record in records {
        on_db!(app, pool => {
            sqlx::query(
                "UPDATE audit_log SET reason = $1, prev_hash = $2, hash = $3, chain_version = $4,
                     client_address = $6
                 WHERE seq = $5",
            )
            .bind(&record.reason)
            .bind(&record.prev_hash)
            .bind(&record.hash)
            .bind(record.chain_version)
            .bind(record.seq)
            .bind(&record.client_address)
            .execute(pool)
            .await
            .map(|_| ())
        })
        .expect("a record rewritten");
    }
    move_head(app).await;
}

/// Points the chain head at the newest record left.
async fn move_head(app: &TestApp) {
    on_db!(app, pool => {
        sqlx::query(
            "UPDATE audit_head SET
                 seq = (SELECT COALESCE(MAX(seq), 0) FROM audit_log),
                 hash = COALESCE((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), hash)
             WHERE id = 1",
        )
        .execute(pool)
        .await
        .map(|_| ())
    })
    .expect("the head moved");
}

/// Changes record `seq`'s reason and re-links every later record, each
/// hashed by `rehash` (what the insider can compute).
fn rewrite_from(
    records: &mut [AuditRecord],
    seq: i64,
    rehash: impl Fn(&mut AuditRecord) -> String,
) {
    let start = records
        .iter()
        .position(|r| r.seq == seq)
        .expect("the record");
    records[start].reason = "forged: nobody signed in".to_owned();
    for index in start..records.len() {
        if index > 0 {
            records[index].prev_hash = records[index - 1].hash.clone();
        }
        records[index].hash = rehash(&mut records[index]);
    }
}

/// A plain SHA-256 of the record, as the old design chained them: all an
/// insider without the key can compute.
fn plain_sha256(record: &mut AuditRecord) -> String {
    let mut as_legacy = record.clone();
    as_legacy.chain_version = chain_version::LEGACY;
    let key = app::server::crypto::SecretKeys::derive(&[0; 32]).audit_chain();
    as_legacy.expected_hash(&key).expect("legacy hash")
}

/// A trail with a few records of sign-ups.
async fn app_with_history(workers: u32) -> TestApp {
    let app = spawn_app().await;
    for sequence in 0..workers {
        let mut phone = Phone::new(&app.origin);
        register_with_passkey(&app.browser(), &mut phone, &id_number(900 + sequence)).await;
    }
    app
}

#[tokio::test]
async fn an_insider_who_rewrites_a_record_and_recomputes_the_plain_chain_is_named() {
    let app = app_with_history(4).await;
    let mut records = whole_trail(&app).await;
    assert!(records.len() >= 4, "{}", records.len());
    assert!(records
        .iter()
        .all(|r| r.chain_version == chain_version::KEYED));

    drop_append_only_guards(&app).await;
    rewrite_from(&mut records, 2, plain_sha256);
    overwrite(&app, &records).await;

    assert_eq!(
        verify_chain(&app.db).await,
        Ok(ChainReport::Broken {
            seq: 2,
            problem: "content changed after it was written"
        })
    );
}

#[tokio::test]
async fn an_insider_cannot_relabel_rewritten_records_as_unkeyed_legacy_ones() {
    let app = app_with_history(4).await;
    let mut records = whole_trail(&app).await;
    drop_append_only_guards(&app).await;
    rewrite_from(&mut records, 3, |record| {
        record.chain_version = chain_version::LEGACY;
        plain_sha256(record)
    });
    overwrite(&app, &records).await;

    assert_eq!(
        verify_chain(&app.db).await,
        Ok(ChainReport::Broken {
            seq: 3,
            problem: "an unkeyed record after a keyed one"
        })
    );
}

#[tokio::test]
async fn an_anchored_head_finds_a_history_rewritten_even_with_the_key() {
    let app = app_with_history(2).await;
    let keys = &app.state.security.keys;
    let Ok(ChainReport::Intact {
        records, head_hash, ..
    }) = verify_chain(&app.db).await
    else {
        panic!("the fresh trail is intact");
    };
    let anchor = Anchor::sign(keys, records, &head_hash);
    let written = format!("{}:{}:{}", anchor.seq, anchor.hash, anchor.signature);
    let anchor = Anchor::parse_signed(&written, keys).expect("our own anchor");
    let forged = format!("{}:{}:{}", anchor.seq, "0".repeat(64), anchor.signature);
    assert!(
        Anchor::parse_signed(&forged, keys).is_err(),
        "an anchor needs the key"
    );
    // Life goes on after the anchor was written down.
    let mut phone = Phone::new(&app.origin);
    register_with_passkey(&app.browser(), &mut phone, &id_number(950)).await;
    assert!(matches!(
        verify_chain_against(&app.db, Some(&anchor)).await,
        Ok(ChainReport::Intact { .. })
    ));

    // Someone holding the chain key rewrites record 2 and re-keys the rest.
    drop_append_only_guards(&app).await;
    let chain_key = app.db.audit_chain().clone();
    let mut trail = whole_trail(&app).await;
    rewrite_from(&mut trail, 2, |record| {
        record.expected_hash(&chain_key).expect("keyed")
    });
    overwrite(&app, &trail).await;
    assert!(
        matches!(verify_chain(&app.db).await, Ok(ChainReport::Intact { .. })),
        "the key holder fooled the chain alone"
    );
    assert_eq!(
        verify_chain_against(&app.db, Some(&anchor)).await,
        Ok(ChainReport::Broken {
            seq: anchor.seq,
            problem: "differs from the anchored head"
        })
    );

    // Cutting the history back to before the anchor is found too.
    on_db!(app, pool => {
        sqlx::query("DELETE FROM audit_log WHERE seq >= $1")
            .bind(anchor.seq)
            .execute(pool)
            .await
            .map(|_| ())
    })
    .expect("history cut");
    move_head(&app).await;
    assert_eq!(
        verify_chain_against(&app.db, Some(&anchor)).await,
        Ok(ChainReport::Broken {
            seq: anchor.seq,
            problem: "the anchored record is missing"
        })
    );
}

#[tokio::test]
async fn relabelling_the_whole_trail_as_legacy_is_found_by_the_anchor() {
    let app = app_with_history(1).await;
    let Ok(ChainReport::Intact {
        records,
        head_hash,
        legacy,
    }) = verify_chain(&app.db).await
    else {
        panic!("the fresh trail is intact");
    };
    assert_eq!(legacy, 0, "every new record is keyed");
    let anchor = Anchor::sign(&app.state.security.keys, records, &head_hash);
    drop_append_only_guards(&app).await;
    let mut trail = whole_trail(&app).await;
    // Legacy records carried no address, so a full relabel drops them too.
    rewrite_from(&mut trail, 1, |record| {
        record.chain_version = chain_version::LEGACY;
        record.client_address = None;
        plain_sha256(record)
    });
    overwrite(&app, &trail).await;
    assert!(
        matches!(verify_chain(&app.db).await, Ok(ChainReport::Intact { legacy, records, .. }) if legacy == records),
        "a trail of legacy records alone cannot be told apart, so verify-audit counts them"
    );
    assert_eq!(
        verify_chain_against(&app.db, Some(&anchor)).await,
        Ok(ChainReport::Broken {
            seq: anchor.seq,
            problem: "differs from the anchored head"
        })
    );
}

#[tokio::test]
async fn audit_records_show_the_client_address_to_the_province() {
    let app = spawn_app().await;
    let province = crate::identity::staff(&app, "province", "fj-audit", "", None).await;
    let response = app
        .client
        .post(format!("{}/api/v1/online-study", app.address))
        .bearer_auth("spk_guessed")
        .json(&serde_json::json!({ "session_id": 1, "id_number": id_number(1), "minutes": 5 }))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let (status, trail) = province
        .get("/api/v1/audit?action=platform.key_refused")
        .await;
    assert_eq!(status, StatusCode::OK, "{trail}");
    assert_eq!(trail[0]["client_address"], "127.0.0.1", "{trail}");
    assert_eq!(trail[0]["outcome"], "refused");
    assert_eq!(trail[0]["reason"], "unknown platform key");
}
