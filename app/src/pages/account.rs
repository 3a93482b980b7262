use leptos::{prelude::*, server_fn::ServerFn};

use super::frame::{personal_page, PageTitle};
use crate::{
    api::accounts::{
        RemovePasskey, ReviewPasskeys, SetRecommendations, SignOut, WithdrawFaceConsent,
    },
    components::{ErrorNotice, IslandScripts},
    domain::{Assurance, Me, PasskeyView, Role},
    error::AppError,
    i18n::use_lang,
    islands::{Ceremony, DeviceKeySetup, PasskeyButton},
    server::{
        accounts, classes::local_time, device_keys, face_checks, recommendations,
        visit::PageRequest,
    },
    views::RecommendationConsent,
};

/// `/account`: the signed-in person's account, or a prompt to sign in.
#[component]
pub fn AccountRoute() -> impl IntoView {
    let title: PageTitle = |lang| lang.account_texts().account_title;
    personal_page(title, signed_in_me, |me| {
        view! { <AccountPage me/> }.into_any()
    })
}

/// The account of the person asking, with when its device key was set
/// up (if it has one); `None` when nobody is signed in.
pub(super) async fn signed_in_me(visit: PageRequest) -> Result<Option<MyAccount>, AppError> {
    let Some(actor) = &visit.actor else {
        return Ok(None);
    };
    let me = accounts::me(&visit.state, actor).await?;
    let device_key_since = device_keys::registered_at(&visit.state, &actor.user_id).await?;
    let face_consent_since = face_checks::consent_of(&visit.state, actor).await?;
    let recommendations = match actor.role {
        Role::Worker => Some(recommendations::consent_of(&visit.state.db, &actor.user_id).await?),
        _ => None,
    };
    Ok(Some(MyAccount {
        me,
        device_key_since,
        face_consent_since,
        recommendations,
    }))
}

/// What the account page shows.
pub struct MyAccount {
    pub me: Me,
    /// When the device key was set up: said on the page for as long as
    /// the key exists, so a key someone else set up cannot go unseen.
    pub device_key_since: Option<chrono::DateTime<chrono::Utc>>,
    /// When the consent to face checks in force was given.
    pub face_consent_since: Option<chrono::DateTime<chrono::Utc>>,
    /// A worker's choice of pushed recommendations.
    pub recommendations: Option<RecommendationConsent>,
}

/// "My account": profile with personal data masked, passkeys, sign-out,
/// the data download, and the staff tools of the caller's role.
#[component]
pub fn AccountPage(me: Result<Option<MyAccount>, AppError>) -> impl IntoView {
    view! {
        <main class="page">
            {match me {
                Ok(Some(account)) => view! { <AccountView account/> }.into_any(),
                Ok(None) => view! { <SignInPrompt/> }.into_any(),
                Err(error) => view! { <ErrorNotice error/> }.into_any(),
            }}
        </main>
    }
}

#[component]
fn SignInPrompt() -> impl IntoView {
    let t = use_lang().account_texts();
    view! {
        <div class="notice" role="status">
            <p>{t.not_signed_in}</p>
            <a class="button big" href="/sign-in">{t.sign_in}</a>
            <a class="button big secondary" href="/register">{t.register}</a>
        </div>
    }
}

#[component]
fn AccountView(account: MyAccount) -> impl IntoView {
    let MyAccount {
        me,
        device_key_since,
        face_consent_since,
        recommendations,
    } = account;
    let lang = use_lang();
    let t = lang.account_texts();
    let account = me.account;
    let is_staff_manager = matches!(account.role, Role::Bureau | Role::Province);
    let issues_recovery = account.role == Role::Bureau;
    let password_session = me.assurance == Assurance::Password;
    let to_review = me.passkeys_to_review;
    let has_passkey = !account.passkeys.is_empty();
    view! {
        {(!to_review.is_empty()).then(|| view! { <PasskeyReview passkeys=to_review/> })}
        <h1>{account.display_name.clone()}</h1>
        <p class="intro">{t.signed_in_as} " · " {account.role.label(lang)}</p>
        {(me.assurance == Assurance::Password).then(|| view! { <p class="demo-banner" role="note">{t.lower_assurance}</p> })}
        <dl class="facts">
            {account.id_number_masked.clone().map(|masked| view! { <dt>{t.id_number}</dt> <dd>{masked}</dd> })}
            {account.username.clone().map(|name| view! { <dt>{t.username}</dt> <dd>{name}</dd> })}
            {account.mobile_masked.clone().map(|mobile| view! { <dt>{t.mobile}</dt> <dd>{mobile}</dd> })}
            {account.city.map(|city| view! { <dt>{t.city}</dt> <dd>{city.label(lang)}</dd> })}
            {(!account.category_standings.is_empty()).then(|| view! {
                <dt>{t.worker_categories}</dt>
                <dd>
                    <ul class="category-standings">
                        {account.category_standings.iter().map(|standing| view! {
                            <li data-category=standing.category.code() data-category-status=standing.status.code()>
                                {standing.category.label(lang)} " · " {standing.status.label(lang)}
                            </li>
                        }).collect_view()}
                    </ul>
                </dd>
            })}
        </dl>
        <section aria-labelledby="passkeys-title">
            <h2 id="passkeys-title">{t.passkeys}</h2>
            <ul class="passkey-list">
                {account
                    .passkeys
                    .into_iter()
                    .map(|passkey| {
                        let id = passkey.id.clone();
                        view! {
                            <li>
                                <PasskeyFacts passkey/>
                                <form class="inline-form" method="post" action=RemovePasskey::url()>
                                    <input type="hidden" name="id" value=id/>
                                    <button type="submit" class="button secondary">{t.remove_passkey}</button>
                                </form>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <form class="stack-form" data-form="add-passkey">
                <PasskeyButton ceremony=Ceremony::AddPasskey { password_again: password_session }/>
            </form>
        </section>
        {match (account.role, has_passkey) {
            (Role::Worker, false) => Some(view! {
                {device_key_since.map(|since| view! {
                    <p class="notice" data-device-key-since="">
                        {(lang.device_key_texts().set_up_on)(&local_time(since))}
                    </p>
                })}
                <DeviceKeySetup account_id=account.id.clone() password_again=password_session/>
            }.into_any()),
            (Role::Worker, true) => Some(view! {
                <section aria-labelledby="device-key-title" data-device-key="">
                    <h2 id="device-key-title">{lang.device_key_texts().title}</h2>
                    <p class="hint">{lang.device_key_texts().not_needed}</p>
                </section>
            }.into_any()),
            _ => None,
        }}
        {recommendations.map(|consent| view! { <RecommendationSetting consent/> })}
        {(account.role == Role::Worker).then(|| view! { <FaceConsent since=face_consent_since/> })}
        <section class="big-actions">
            {(account.role == Role::Worker).then(|| view! {
                <a class="button big" href="/my/subsidies">{t.my_training_and_subsidies}</a>
            })}
            {matches!(account.role, Role::Bureau | Role::Province).then(|| view! {
                <a class="button big" href="/oversight">{lang.oversight_texts().progress_title}</a>
                <a class="button big" href="/subsidy-claims">{t.subsidy_review}</a>
                <a class="button secondary" href="/worker-categories">{lang.category_texts().page_title}</a>
            })}
            {(account.role == Role::Employer).then(|| {
                let company = account.employer_id.map(|id| format!("/employers/{id}")).unwrap_or_default();
                view! {
                    <a class="button big" href="/orders">{lang.order_texts().orders_title}</a>
                    <a class="button secondary" href=company>{lang.order_texts().employer_title}</a>
                }
            })}
            {(account.role == Role::Supervisor).then(|| view! {
                <a class="button big" href="/oversight/inspections">{lang.inspection_texts().list_title}</a>
                <a class="button secondary" href="/classes">{lang.class_texts().list_title}</a>
            })}
            {(account.role == Role::Institution).then(|| view! {
                <a class="button secondary" href="/orders">{lang.order_texts().orders_title}</a>
                <a class="button secondary" href="/oversight/institutions">{lang.scorecard_texts().institutions_title}</a>
            })}
            {matches!(account.role, Role::Institution | Role::Employer | Role::Bureau | Role::Province).then(|| view! {
                <a class="button secondary" href="/oversight/inspections">{lang.inspection_texts().list_title}</a>
            })}
            {matches!(account.role, Role::Bureau | Role::Province).then(|| view! {
                <a class="button secondary" href="/orders">{lang.order_texts().orders_title}</a>
                <a class="button secondary" href="/employers">{lang.order_texts().employers_title}</a>
                <a class="button secondary" href="/campaigns">{lang.campaign_texts().campaigns_title}</a>
            })}
            <a class="button secondary" href="/inbox">{t.messages}</a>
            <a class="button secondary" href="/api/v1/me/data" download="skillpass-my-data.json" rel="external">{t.download_my_data}</a>
            {is_staff_manager.then(|| view! { <a class="button secondary" href="/staff/accounts">{t.staff_accounts}</a> })}
            {is_staff_manager.then(|| view! { <a class="button secondary" href="/catalogue-editions">{lang.catalogue_texts().page_title}</a> })}
            {issues_recovery.then(|| view! { <a class="button secondary" href="/staff/accounts#recovery">{t.issue_recovery_code}</a> })}
            <form method="post" action=SignOut::url()>
                <button type="submit" class="button big">{t.sign_out}</button>
                <button type="submit" class="button big secondary" name="everywhere" value="yes">{t.sign_out_everywhere}</button>
            </form>
        </section>
        <IslandScripts/>
    }
}

/// A passkey's label, short id and dates.
#[component]
fn PasskeyFacts(passkey: PasskeyView) -> impl IntoView {
    let t = use_lang().account_texts();
    let used = passkey
        .last_used_at
        .map(|at| format!("{} {at}", t.last_used))
        .unwrap_or_else(|| t.never_used.to_owned());
    view! {
        <span>
            <strong>{passkey.label}</strong> " (" {passkey.short_id} ") · "
            {t.created} " " {passkey.created_at} " · " {used}
        </span>
    }
}

/// After a recovery: the suspended passkeys, each with a box to keep it.
/// Shown first on the page until the owner decides.
#[component]
fn PasskeyReview(passkeys: Vec<PasskeyView>) -> impl IntoView {
    let t = use_lang().account_texts();
    view! {
        <section class="notice review" role="alert" aria-labelledby="review-title">
            <h2 id="review-title">{t.review_passkeys_title}</h2>
            <p>{t.review_passkeys_intro}</p>
            <form class="stack-form" data-form="review-passkeys" method="post" action=ReviewPasskeys::url()>
                {passkeys
                    .into_iter()
                    .map(|passkey| {
                        let id = passkey.id.clone();
                        view! {
                            <label class="check-label">
                                <input type="checkbox" name="keep[]" value=id/>
                                <PasskeyFacts passkey/>
                            </label>
                        }
                    })
                    .collect_view()}
                <button type="submit" class="button big" data-submit="review">{t.keep_ticked_passkeys}</button>
            </form>
        </section>
    }
}

/// The worker's choice of pushed recommendations, switched in one tap.
#[component]
fn RecommendationSetting(consent: RecommendationConsent) -> impl IntoView {
    let t = use_lang().account_texts();
    let (state, button, switch_to) = if consent.receive {
        (t.recommendations_on, t.turn_recommendations_off, "false")
    } else {
        (t.recommendations_off, t.turn_recommendations_on, "true")
    };
    view! {
        <section aria-labelledby="recommendations-title" data-recommendations=consent.receive.to_string()>
            <h2 id="recommendations-title">{t.recommendations_title}</h2>
            <p>{state}</p>
            <p class="hint">{t.recommendations_sentence}</p>
            <form class="inline-form" method="post" action=SetRecommendations::url()>
                <input type="hidden" name="receive" value=switch_to/>
                <button type="submit" class="button secondary" data-submit="recommendations">{button}</button>
            </form>
        </section>
    }
}

/// The worker's consent to face checks: when it was given, and the way
/// to withdraw it (PIPL art. 15).
#[component]
fn FaceConsent(since: Option<chrono::DateTime<chrono::Utc>>) -> impl IntoView {
    let t = use_lang().face_check_texts();
    view! {
        <section aria-labelledby="face-consent-title" data-face-consent-since=since.is_some().to_string()>
            <h2 id="face-consent-title">{t.consent_title}</h2>
            {match since {
                Some(since) => view! {
                    <p class="hint">{(t.consent_given)(&local_time(since))}</p>
                    <form class="inline-form" method="post" action=WithdrawFaceConsent::url()>
                        <button type="submit" class="button secondary">{t.withdraw}</button>
                    </form>
                }
                .into_any(),
                None => view! { <p class="hint">{t.consent_none}</p> }.into_any(),
            }}
        </section>
    }
}
