use leptos::{prelude::*, server_fn::ServerFn};

use super::frame::{personal_page, PageTitle};
use crate::{
    api::accounts::{ChangeStaffRole, CreateStaffAccount, IssueRecoveryCode, SetStaffStatus},
    components::ErrorNotice,
    domain::{AccountView, City, IdentityCheck, Me, Role},
    error::{AppError, Refusal},
    i18n::use_lang,
    server::{accounts, visit::PageRequest},
};

/// `/staff/accounts`: the staff tools of the signed-in staff member.
#[component]
pub fn StaffAccountsRoute() -> impl IntoView {
    let title: PageTitle = |lang| lang.account_texts().staff_accounts;
    personal_page(title, staff_tools_of, |found| {
        let (me, staff) = match found {
            Ok((me, staff)) => (Ok(me), staff),
            Err(error) => (Err(error), Ok(Vec::new())),
        };
        view! { <StaffAccountsPage me staff/> }.into_any()
    })
}

/// Who is asking, and the staff accounts a bureau or the province manages.
#[allow(clippy::type_complexity)]
async fn staff_tools_of(
    visit: PageRequest,
) -> Result<(Option<Me>, Result<Vec<AccountView>, AppError>), AppError> {
    let Some(actor) = &visit.actor else {
        return Ok((None, Ok(Vec::new())));
    };
    let me = accounts::me(&visit.state, actor).await?;
    let staff = if matches!(me.account.role, Role::Bureau | Role::Province) {
        accounts::list_staff_accounts(&visit.state, actor, None, visit.now).await
    } else {
        Ok(Vec::new())
    };
    Ok((Some(me), staff))
}

/// Staff tools: new staff accounts, disabling them and changing their
/// roles (bureau and province), and recovery codes for workers (the
/// bureau of the worker's city only). The server checks every action
/// against the caller's role and city.
#[component]
pub fn StaffAccountsPage(
    me: Result<Option<Me>, AppError>,
    staff: Result<Vec<AccountView>, AppError>,
) -> impl IntoView {
    view! {
        <main class="page">
            {match me {
                Ok(Some(me)) if me.account.role != Role::Worker => view! { <StaffTools me staff/> }.into_any(),
                Ok(Some(_)) => view! { <ErrorNotice error=AppError::Refused(Refusal::OutOfScope)/> }.into_any(),
                Ok(None) => view! { <ErrorNotice error=AppError::Refused(Refusal::SignInRequired)/> }.into_any(),
                Err(error) => view! { <ErrorNotice error/> }.into_any(),
            }}
        </main>
    }
}

#[component]
fn StaffTools(me: Me, staff: Result<Vec<AccountView>, AppError>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.account_texts();
    let role = me.account.role;
    let city = me.account.city;
    let own_id = me.account.id.clone();
    let creatable: Vec<Role> = match role {
        Role::Province => vec![
            Role::Bureau,
            Role::Institution,
            Role::Employer,
            Role::Province,
            Role::Supervisor,
        ],
        Role::Bureau => vec![
            Role::Institution,
            Role::Employer,
            Role::Bureau,
            Role::Supervisor,
        ],
        _ => vec![],
    };
    let cities: Vec<City> = match (role, city) {
        (Role::Bureau, Some(city)) => vec![city],
        _ => City::ALL.to_vec(),
    };
    view! {
        <h1>{t.staff_accounts}</h1>
        {(!creatable.is_empty()).then(|| view! {
            <section aria-labelledby="create-title">
                <h2 id="create-title">{t.create_staff_account}</h2>
                <form class="stack-form" data-form="create-staff" method="post" action=CreateStaffAccount::url()>
                    <label>
                        <span>{t.role}</span>
                        <select name="role">
                            {creatable.iter().map(|r| view! { <option value=r.code()>{r.label(lang)}</option> }).collect_view()}
                        </select>
                    </label>
                    <label>
                        <span>{t.real_name}</span>
                        <input name="display_name" required maxlength="30"/>
                    </label>
                    <label>
                        <span>{t.username}</span>
                        <input name="username" required maxlength="32" autocomplete="off"/>
                    </label>
                    <label>
                        <span>{t.city}</span>
                        <select name="city">
                            {cities.iter().map(|c| view! { <option value=c.code()>{c.label(lang)}</option> }).collect_view()}
                        </select>
                    </label>
                    <label>
                        <span>{t.institution_id}</span>
                        <input name="institution_id" inputmode="numeric" maxlength="12"/>
                    </label>
                    <label>
                        <span>{t.employer_id}</span>
                        <input name="employer_id" inputmode="numeric" maxlength="12"/>
                    </label>
                    <label>
                        <span>{t.organisation}</span>
                        <input name="organisation" maxlength="80"/>
                    </label>
                    <button type="submit" class="button big" data-submit="create">{t.create}</button>
                </form>
            </section>
        })}
        {(!creatable.is_empty()).then(|| view! { <StaffList staff own_id roles=creatable.clone()/> })}
        {(role == Role::Bureau).then(|| view! { <RecoveryCodeForm/> })}
    }
}

/// Bureau staff issue a worker's recovery code, recording how they
/// checked the identity.
#[component]
fn RecoveryCodeForm() -> impl IntoView {
    let lang = use_lang();
    let t = lang.account_texts();
    view! {
        <section id="recovery" aria-labelledby="recovery-title">
            <h2 id="recovery-title">{t.issue_recovery_code}</h2>
            <p class="intro">{t.issue_recovery_intro}</p>
            <form class="stack-form" data-form="recovery-code" method="post" action=IssueRecoveryCode::url()>
                <label>
                    <span>{t.id_number}</span>
                    <input name="id_number" required maxlength="18" autocomplete="off"/>
                </label>
                <label>
                    <span>{t.identity_check}</span>
                    <select name="identity_check" required>
                        {IdentityCheck::ALL.iter().map(|c| view! { <option value=c.code()>{c.label(lang)}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    <span>{t.note}</span>
                    <input name="note" maxlength="200" autocomplete="off"/>
                </label>
                <button type="submit" class="button big" data-submit="issue">{t.issue}</button>
            </form>
        </section>
    }
}

/// The staff accounts in the caller's scope.
#[component]
fn StaffList(
    staff: Result<Vec<AccountView>, AppError>,
    own_id: String,
    roles: Vec<Role>,
) -> impl IntoView {
    let t = use_lang().account_texts();
    view! {
        <section aria-labelledby="staff-list-title">
            <h2 id="staff-list-title">{t.staff_accounts}</h2>
            {match staff {
                Ok(accounts) => view! {
                    <ul class="card-list">
                        {accounts
                            .into_iter()
                            .map(|account| {
                                let manage = (account.id != own_id).then(|| roles.clone());
                                view! { <StaffCard account manage/> }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any(),
                Err(error) => view! { <ErrorNotice error/> }.into_any(),
            }}
        </section>
    }
}

/// One staff account; with `manage` (the roles the viewer may give), its
/// disable or enable form and its role form.
#[component]
fn StaffCard(account: AccountView, manage: Option<Vec<Role>>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.account_texts();
    let city = account.city.map(|c| c.label(lang)).unwrap_or_default();
    let sign_in = match (account.passkeys.len(), account.has_password) {
        (0, false) => "—".to_owned(),
        (n, password) => format!(
            "{} {n}{}",
            t.passkeys,
            if password {
                format!(" · {}", t.password)
            } else {
                String::new()
            }
        ),
    };
    let (id, disabled) = (account.id.clone(), account.disabled);
    view! {
        <li class="card">
            <div class="card-link">
                <span class="card-title">
                    <span class="card-name">{account.display_name}</span>
                    <span class="badge nature">{account.role.label(lang)}</span>
                    {disabled.then(|| view! { <span class="badge warn">{t.disabled}</span> })}
                </span>
                <span class="card-meta">{account.username.unwrap_or_default()} " · " {city}</span>
                <span class="card-meta">{sign_in}</span>
            </div>
            {manage.map(|roles| view! { <StaffManagement id disabled roles/> })}
        </li>
    }
}

/// Disable or enable a staff account, or change its role, with a reason.
#[component]
fn StaffManagement(id: String, disabled: bool, roles: Vec<Role>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.account_texts();
    let label = if disabled { t.enable } else { t.disable };
    view! {
        <div class="staff-manage">
            <form class="stack-form" method="post" action=SetStaffStatus::url()>
                <input type="hidden" name="id" value=id.clone()/>
                <input type="hidden" name="disable" value=(!disabled).to_string()/>
                <label>
                    <span>{t.reason}</span>
                    <input name="reason" required maxlength="200" autocomplete="off"/>
                </label>
                <button type="submit" class="button secondary">{label}</button>
            </form>
            <form class="stack-form" method="post" action=ChangeStaffRole::url()>
                <input type="hidden" name="id" value=id/>
                <label>
                    <span>{t.role}</span>
                    <select name="role">
                        {roles.iter().map(|r| view! { <option value=r.code()>{r.label(lang)}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    <span>{t.institution_id}</span>
                    <input name="institution_id" inputmode="numeric" maxlength="12"/>
                </label>
                <label>
                    <span>{t.reason}</span>
                    <input name="reason" required maxlength="200" autocomplete="off"/>
                </label>
                <button type="submit" class="button secondary">{t.change_role}</button>
            </form>
        </div>
    }
}
