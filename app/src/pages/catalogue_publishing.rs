//! Catalogue publishing for the bureau and the province (desktop): this
//! year's standing of every city, the editions, the import preview, an
//! edition with its rows, filings, publication and adjustment, and the
//! public history of a published catalogue. Every form posts to a server
//! function and works without JavaScript.

use leptos::{prelude::*, server_fn::ServerFn};

use super::frame::{path_value, personal_page, query_value, PageTitle};
use crate::{
    api::catalogue_publishing::{
        AbandonCatalogueAdjustment, ConfirmCatalogueImport, CreateCatalogueDraft,
        DecideCatalogueFiling, FileCatalogue, OpenCatalogueAdjustment, PublishCatalogue,
        RemoveCatalogueRow, SaveCatalogueRow, UploadCatalogueTemplate, WithdrawCatalogueChange,
    },
    components::ErrorNotice,
    domain::{
        standard_text, CatalogueKind, CatalogueStatus, CertificateKind, CertificateLevel,
        ChangeAction, ChangeView, CityPublication, CourseRecord, EditionDetail, EditionSummary,
        ExportFormat, FilingPurpose, FilingStatus, FilingSummary, ImportPreview, InstitutionNature,
        InstitutionRecord, PublicationStanding, Role, TrainingType, VersionView, WorkerCategory,
    },
    error::AppError,
    i18n::{use_lang, CatalogueTexts},
    server::{
        catalogue_publishing::{adjustments, editions, filings, imports},
        spreadsheet::XLSX_MIME,
        visit::parse_id,
    },
};

fn kind_label(kind: CatalogueKind, t: &CatalogueTexts) -> &'static str {
    match kind {
        CatalogueKind::Course => t.course_catalogue,
        CatalogueKind::Institution => t.institution_catalogue,
    }
}

fn standing_label(standing: PublicationStanding, t: &CatalogueTexts) -> &'static str {
    match standing {
        PublicationStanding::Published => t.standing_published,
        PublicationStanding::Pending => t.standing_pending,
        PublicationStanding::DueSoon => t.standing_due_soon,
        PublicationStanding::Late => t.standing_late,
    }
}

fn filing_status_label(status: FilingStatus, t: &CatalogueTexts) -> &'static str {
    match status {
        FilingStatus::Draft => t.filing_draft,
        FilingStatus::Submitted => t.filing_submitted,
        FilingStatus::Returned => t.filing_returned,
        FilingStatus::Accepted => t.filing_accepted,
        FilingStatus::Published => t.filing_published,
    }
}

fn action_label(action: ChangeAction, t: &CatalogueTexts) -> &'static str {
    match action {
        ChangeAction::Add => t.action_add,
        ChangeAction::Change => t.action_change,
        ChangeAction::Remove => t.action_remove,
    }
}

// ---- The overview ---------------------------------------------------------

/// What the overview shows.
pub struct Overview {
    standing: Vec<CityPublication>,
    year: i32,
    editions: Vec<EditionSummary>,
    waiting: Vec<FilingSummary>,
    role: Role,
}

/// `/catalogue-editions`: this year's standing, filings awaiting review,
/// the editions, and for the bureau the forms to draft or import one.
#[component]
pub fn CatalogueEditionsRoute() -> impl IntoView {
    let title: PageTitle = |lang| lang.catalogue_texts().page_title;
    personal_page(
        title,
        |visit| async move {
            let actor = visit.signed_in()?;
            let standing = editions::publication_overview(&visit.state, actor, visit.now).await?;
            let editions = editions::list(&visit.state, actor, visit.now).await?;
            let waiting = filings::list(
                &visit.state,
                actor,
                Some(FilingStatus::Submitted),
                visit.now,
            )
            .await?;
            let year = chrono::Datelike::year(&crate::domain::china_date(visit.now));
            Ok(Overview {
                standing,
                year,
                editions,
                waiting,
                role: actor.role,
            })
        },
        |found| view! { <CatalogueEditionsPage found/> }.into_any(),
    )
}

#[component]
pub fn CatalogueEditionsPage(found: Result<Overview, AppError>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.catalogue_texts();
    let overview = match found {
        Ok(overview) => overview,
        Err(error) => {
            return view! { <main class="page wide"><ErrorNotice error/></main> }.into_any()
        }
    };
    let warning = overview.standing.iter().find_map(|city| {
        let worst = city.course.max(city.institution);
        match (overview.role, worst) {
            (Role::Bureau, PublicationStanding::DueSoon) => {
                Some((t.due_soon_warning)(overview.year))
            }
            (Role::Bureau, PublicationStanding::Late) => Some((t.late_warning)(overview.year)),
            _ => None,
        }
    });
    let is_bureau = overview.role == Role::Bureau;
    view! {
        <main class="page wide">
            <h1>{t.page_title}</h1>
            <p class="intro">{t.intro}</p>
            {warning.map(|text| view! { <p class="notice warn" role="alert" data-publication-warning="">{text}</p> })}
            <StandingTable year=overview.year standing=overview.standing/>
            <section aria-labelledby="waiting-title">
                <h2 id="waiting-title">{t.waiting_filings}</h2>
                {if overview.waiting.is_empty() {
                    view! { <p class="notice">{t.no_waiting_filings}</p> }.into_any()
                } else {
                    view! { <FilingTable filings=overview.waiting/> }.into_any()
                }}
            </section>
            <section aria-labelledby="editions-title">
                <h2 id="editions-title">{t.editions_title}</h2>
                {if overview.editions.is_empty() {
                    view! { <p class="notice">{t.no_editions}</p> }.into_any()
                } else {
                    view! { <EditionTable editions=overview.editions/> }.into_any()
                }}
            </section>
            {is_bureau.then(|| view! { <NewEditionForms/> })}
        </main>
    }
    .into_any()
}

/// How far each city is with this year's two catalogues. Its own
/// component, type-erased, so the page's view type stays shallow enough
/// for the compiler's query depth on a cold build.
#[component]
fn StandingTable(year: i32, standing: Vec<CityPublication>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.catalogue_texts();
    view! {
        <section aria-labelledby="standing-title">
            <h2 id="standing-title">{t.standing_title} " " {year}</h2>
            <table class="data-table" data-publication-standing="">
                <thead><tr><th>{t.city}</th><th>{t.course_catalogue}</th><th>{t.institution_catalogue}</th></tr></thead>
                <tbody>
                    {standing.into_iter().map(|city| view! {
                        <tr data-city=city.city.code()>
                            <td>{city.city.label(lang)}</td>
                            <td data-standing=standing_code(city.course)>{standing_label(city.course, t)}</td>
                            <td data-standing=standing_code(city.institution)>{standing_label(city.institution, t)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
    .into_any()
}

fn standing_code(standing: PublicationStanding) -> &'static str {
    match standing {
        PublicationStanding::Published => "published",
        PublicationStanding::Pending => "pending",
        PublicationStanding::DueSoon => "due_soon",
        PublicationStanding::Late => "late",
    }
}

#[component]
fn FilingTable(filings: Vec<FilingSummary>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.catalogue_texts();
    view! {
        <table class="data-table">
            <thead><tr><th>{t.city}</th><th>{t.kind}</th><th>{t.year}</th><th>{t.status}</th><th></th></tr></thead>
            <tbody>
                {filings.into_iter().map(|filing| {
                    let purpose = match filing.purpose {
                        FilingPurpose::Edition => t.purpose_edition,
                        FilingPurpose::Adjustment => t.purpose_adjustment,
                    };
                    view! {
                        <tr data-filing=filing.id>
                            <td>{filing.city.label(lang)}</td>
                            <td>{kind_label(filing.kind, t)} " · " {purpose}</td>
                            <td>{filing.year}</td>
                            <td>{filing_status_label(filing.status, t)}</td>
                            <td><a href=format!("/catalogue-editions/{}", filing.edition_id)>{t.open}</a></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn EditionTable(editions: Vec<EditionSummary>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.catalogue_texts();
    view! {
        <table class="data-table" data-editions="">
            <thead><tr>
                <th>{t.city}</th><th>{t.year}</th><th>{t.kind}</th><th>{t.status}</th>
                <th>{t.version}</th><th>{t.rows}</th><th>{t.filing_number}</th><th></th>
            </tr></thead>
            <tbody>
                {editions.into_iter().map(|edition| view! {
                    <tr data-edition=edition.id>
                        <td>{edition.city.label(lang)}</td>
                        <td>{edition.year}</td>
                        <td>{kind_label(edition.kind, t)}</td>
                        <td>{edition.status.label(lang)}</td>
                        <td>{edition.version}</td>
                        <td>{edition.rows}</td>
                        <td>{edition.filing_number.clone().unwrap_or_default()}</td>
                        <td><a href=format!("/catalogue-editions/{}", edition.id)>{t.open}</a></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn KindSelect() -> impl IntoView {
    let t = use_lang().catalogue_texts();
    view! {
        <label><span>{t.kind}</span>
            <select name="kind" required>
                {CatalogueKind::ALL.iter().map(|kind| view! {
                    <option value=kind.code()>{kind_label(*kind, t)}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

#[component]
fn NewEditionForms() -> impl IntoView {
    let t = use_lang().catalogue_texts();
    let accept = format!(".csv,text/csv,.xlsx,{XLSX_MIME}");
    view! {
        <section aria-labelledby="new-edition-title">
            <h2 id="new-edition-title">{t.new_edition_title}</h2>
            <form class="stack-form" method="post" action=CreateCatalogueDraft::url()>
                <KindSelect/>
                <label><span>{t.year}</span><input name="year" inputmode="numeric" required maxlength="4"/></label>
                <label class="check"><input type="checkbox" name="copy_current"/><span>{t.copy_current}</span></label>
                <button class="button" type="submit">{t.create}</button>
            </form>
        </section>
        <section aria-labelledby="import-title">
            <h2 id="import-title">{t.import_title}</h2>
            <p class="intro">{t.import_intro}</p>
            <form class="stack-form" method="post" enctype="multipart/form-data" action=UploadCatalogueTemplate::url()>
                <KindSelect/>
                <label><span>{t.year}</span><input name="year" inputmode="numeric" required maxlength="4"/></label>
                <label><span>{t.import_file}</span><input type="file" name="file" required accept=accept/></label>
                <button class="button" type="submit">{t.upload}</button>
            </form>
        </section>
    }
    .into_any()
}

// ---- The import preview ---------------------------------------------------

/// `/catalogue-imports/:id`: every row as it will be stored and every
/// problem; the confirm button only when there are none.
#[component]
pub fn CatalogueImportRoute() -> impl IntoView {
    let import_id = path_value("id");
    let title: PageTitle = |lang| lang.catalogue_texts().preview_title;
    personal_page(
        title,
        move |visit| async move {
            let actor = visit.signed_in()?;
            imports::show(&visit.state, actor, &import_id, visit.lang, visit.now).await
        },
        |found| view! { <CatalogueImportPage found/> }.into_any(),
    )
}

#[component]
pub fn CatalogueImportPage(found: Result<ImportPreview, AppError>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.catalogue_texts();
    let preview = match found {
        Ok(preview) => preview,
        Err(error) => {
            return view! { <main class="page wide"><ErrorNotice error/></main> }.into_any()
        }
    };
    let problems = preview.problems.len();
    view! {
        <main class="page wide">
            <h1>{t.preview_title}</h1>
            <p class="intro" data-preview-summary="">
                {preview.city.label(lang)} " · " {preview.year} " · " {kind_label(preview.kind, t)} " — "
                {(t.preview_summary)(preview.row_count(), problems)}
            </p>
            {(problems > 0).then(|| view! {
                <section aria-labelledby="problems-title" data-preview-problems="">
                    <h2 id="problems-title">{t.problems_title}</h2>
                    <table class="data-table">
                        <thead><tr><th>{t.row}</th><th>{t.column}</th><th>{t.problem}</th></tr></thead>
                        <tbody>
                            {preview.problems.iter().map(|problem| view! {
                                <tr data-problem-row=problem.row.unwrap_or_default()>
                                    <td>{problem.row.map(|row| row.to_string()).unwrap_or_default()}</td>
                                    <td>{problem.column_title.clone().unwrap_or_default()}</td>
                                    <td>{problem.message.clone()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p class="notice warn">{t.fix_and_upload}</p>
                </section>
            })}
            {(problems == 0).then(|| view! {
                <form method="post" action=ConfirmCatalogueImport::url()>
                    <input type="hidden" name="import_id" value=preview.import_id.clone()/>
                    <button class="button big" type="submit" data-confirm-import="">{t.confirm_import}</button>
                </form>
            })}
            <section aria-labelledby="stored-title">
                <h2 id="stored-title">{t.rows_as_stored}</h2>
                {match preview.kind {
                    CatalogueKind::Course => view! {
                        <CourseTable rows=preview.courses.into_iter().map(|c| (c.sheet_row as i64, c.record)).collect() actions=RowActions::None/>
                    }.into_any(),
                    CatalogueKind::Institution => view! {
                        <InstitutionTable rows=preview.institutions.into_iter().map(|i| (i.sheet_row as i64, i.record)).collect() actions=RowActions::None/>
                    }.into_any(),
                }}
            </section>
        </main>
    }
    .into_any()
}

// ---- Rows -----------------------------------------------------------------

/// What may be done with the rows of a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RowActions {
    None,
    /// A draft's rows: edit and delete.
    Draft {
        edition_id: i64,
    },
    /// A published edition's rows under an open adjustment: change and
    /// remove.
    Adjust {
        edition_id: i64,
        adjustment_id: i64,
    },
}

#[component]
fn RowButtons(actions: RowActions, row_id: i64) -> impl IntoView {
    let t = use_lang().catalogue_texts();
    match actions {
        RowActions::None => ().into_any(),
        RowActions::Draft { edition_id } => view! {
            <a class="button small" href=format!("/catalogue-editions/{edition_id}/rows/{row_id}")>{t.edit}</a>
            <form class="inline" method="post" action=RemoveCatalogueRow::url()>
                <input type="hidden" name="edition_id" value=edition_id/>
                <input type="hidden" name="row_id" value=row_id/>
                <button class="button small danger" type="submit">{t.delete}</button>
            </form>
        }.into_any(),
        RowActions::Adjust { edition_id, adjustment_id } => view! {
            <a class="button small" href=format!("/catalogue-editions/{edition_id}/rows/{row_id}?adjustment={adjustment_id}")>{t.change_in_adjustment}</a>
            <form class="inline" method="post" action=RemoveCatalogueRow::url()>
                <input type="hidden" name="edition_id" value=edition_id/>
                <input type="hidden" name="row_id" value=row_id/>
                <input type="hidden" name="adjustment_id" value=adjustment_id/>
                <button class="button small danger" type="submit">{t.remove_in_adjustment}</button>
            </form>
        }.into_any(),
    }
}

/// Course rows; the first of each pair is the row id (or the sheet row
/// in a preview).
#[component]
fn CourseTable(rows: Vec<(i64, CourseRecord)>, actions: RowActions) -> impl IntoView {
    let lang = use_lang();
    let t = lang.catalogue_texts();
    let preview = actions == RowActions::None;
    view! {
        <table class="data-table" data-course-rows="">
            <thead><tr>
                {preview.then(|| view! { <th>{t.row}</th> })}
                <th>{t.training_type}</th><th>{t.occupation}</th><th>{t.code}</th><th>{t.urgent}</th>
                <th>{t.subsidy_standard}</th><th>{t.remarks}</th>{(!preview).then(|| view! { <th></th> })}
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|(id, course)| view! {
                    <tr data-row=id data-occupation=course.occupation_name.clone()>
                        {preview.then(|| view! { <td>{id}</td> })}
                        <td>{course.training_type.map(|t| t.label(lang)).unwrap_or_default()}</td>
                        <td>{course.occupation_name.clone()}</td>
                        <td>{course.occupation_code.clone().unwrap_or_default()}</td>
                        <td>{if course.urgent { t.yes } else { t.no }}</td>
                        <td>{standard_text(course.certificate_kind, &course.subsidy)}</td>
                        <td>{course.remarks.clone()}</td>
                        {(!preview).then(|| view! { <td><RowButtons actions row_id=id/></td> })}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn InstitutionTable(rows: Vec<(i64, InstitutionRecord)>, actions: RowActions) -> impl IntoView {
    let lang = use_lang();
    let t = lang.catalogue_texts();
    let preview = actions == RowActions::None;
    view! {
        <table class="data-table" data-institution-rows="">
            <thead><tr>
                {preview.then(|| view! { <th>{t.row}</th> })}
                <th>{t.name}</th><th>{t.address}</th><th>{t.nature}</th><th>{t.occupations}</th>
                <th>{t.contact_person}</th><th>{t.contact_phone}</th><th>{t.remarks}</th>
                {(!preview).then(|| view! { <th></th> })}
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|(id, institution)| view! {
                    <tr data-row=id data-institution=institution.name.clone()>
                        {preview.then(|| view! { <td>{id}</td> })}
                        <td>{institution.name.clone()}</td>
                        <td>{institution.address.clone()}</td>
                        <td>{institution.nature.label(lang)}</td>
                        <td>{occupation_list(&institution)}</td>
                        <td>{institution.contact_person.clone()}</td>
                        <td>{institution.contact_phone.clone()}</td>
                        <td>{institution.remarks.clone()}</td>
                        {(!preview).then(|| view! { <td><RowButtons actions row_id=id/></td> })}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

fn occupation_list(institution: &InstitutionRecord) -> String {
    crate::domain::occupations_text(&institution.occupations)
}

/// The form for a course row, filled with `course` when it changes one.
#[component]
fn CourseForm(
    edition_id: i64,
    row_id: Option<i64>,
    adjustment_id: Option<i64>,
    course: Option<CourseRecord>,
    button: &'static str,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.catalogue_texts();
    // A new row starts from the form values of nothing; a changed one
    // from its own.
    let input = course
        .as_ref()
        .map(CourseRecord::to_input)
        .unwrap_or_default();
    let kind = course
        .as_ref()
        .map_or(CertificateKind::SkillLevel, |c| c.certificate_kind);
    let training_type = course.as_ref().and_then(|c| c.training_type);
    let value_of = |pairs: &[(String, String)], code: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == code)
            .map(|(_, value)| value.clone())
            .unwrap_or_default()
    };
    let amount = |level: CertificateLevel| value_of(&input.amounts, level.code());
    let uplift = |category: WorkerCategory| value_of(&input.uplifts, category.code());
    view! {
        <form class="stack-form row-form" method="post" action=SaveCatalogueRow::url() data-row-form="course">
            <input type="hidden" name="edition_id" value=edition_id/>
            {row_id.map(|id| view! { <input type="hidden" name="row_id" value=id/> })}
            {adjustment_id.map(|id| view! { <input type="hidden" name="adjustment_id" value=id/> })}
            <label><span>{t.training_type}</span>
                <select name="row[training_type]">
                    <option value="">"—"</option>
                    {TrainingType::ALL.iter().map(|kind| view! {
                        <option value=kind.code() selected={training_type == Some(*kind)}>{kind.label(lang)}</option>
                    }).collect_view()}
                </select>
            </label>
            <label><span>{t.occupation}</span><input name="row[occupation_name]" required maxlength="60" value=input.occupation_name.clone()/></label>
            <label><span>{t.code}</span><input name="row[occupation_code]" maxlength="20" value=input.occupation_code.clone()/></label>
            <label><span>{t.certificate_kind}</span>
                <select name="row[certificate_kind]">
                    {CertificateKind::ALL.iter().map(|code| view! {
                        <option value=code.code() selected={kind == *code}>{code.label(lang)}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="check"><input type="checkbox" name="row[urgent]" checked={input.urgent == "true"}/><span>{t.urgent}</span></label>
            <fieldset><legend>{t.amounts_hint}</legend>
                {CertificateLevel::ALL.iter().map(|level| view! {
                    <label><span>{level.label(lang)}</span>
                        <input name=format!("row[amount_{}]", level.code()) inputmode="decimal" maxlength="12" value=amount(*level)/>
                    </label>
                }).collect_view()}
            </fieldset>
            <fieldset><legend>{t.uplifts_hint}</legend>
                {WorkerCategory::ALL.iter().map(|category| view! {
                    <label><span>{category.label(lang)}</span>
                        <input name=format!("row[uplift_{}]", category.code()) inputmode="numeric" maxlength="3" value=uplift(*category)/>
                    </label>
                }).collect_view()}
            </fieldset>
            <label><span>{t.remarks}</span><input name="row[remarks]" maxlength="200" value=input.remarks.clone()/></label>
            <button class="button" type="submit">{button}</button>
        </form>
    }
}

/// The form for an institution row.
#[component]
fn InstitutionForm(
    edition_id: i64,
    row_id: Option<i64>,
    adjustment_id: Option<i64>,
    institution: Option<InstitutionRecord>,
    button: &'static str,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.catalogue_texts();
    let occupations = institution
        .as_ref()
        .map(occupation_list)
        .unwrap_or_default();
    let value =
        |f: fn(&InstitutionRecord) -> String| institution.as_ref().map(f).unwrap_or_default();
    let nature = institution.as_ref().map(|i| i.nature);
    view! {
        <form class="stack-form row-form" method="post" action=SaveCatalogueRow::url() data-row-form="institution">
            <input type="hidden" name="edition_id" value=edition_id/>
            {row_id.map(|id| view! { <input type="hidden" name="row_id" value=id/> })}
            {adjustment_id.map(|id| view! { <input type="hidden" name="adjustment_id" value=id/> })}
            <label><span>{t.name}</span><input name="row[name]" required maxlength="60" value=value(|i| i.name.clone())/></label>
            <label><span>{t.address}</span><input name="row[address]" required maxlength="100" value=value(|i| i.address.clone())/></label>
            <label><span>{t.nature}</span>
                <select name="row[nature]">
                    {InstitutionNature::ALL.iter().map(|kind| view! {
                        <option value=kind.code() selected={nature == Some(*kind)}>{kind.label(lang)}</option>
                    }).collect_view()}
                </select>
            </label>
            <label><span>{t.occupations}</span><textarea name="row[occupations]" required rows="3" placeholder=t.occupations_hint>{occupations}</textarea></label>
            <label><span>{t.contact_person}</span><input name="row[contact_person]" required maxlength="20" value=value(|i| i.contact_person.clone())/></label>
            <label><span>{t.contact_phone}</span><input name="row[contact_phone]" required maxlength="20" value=value(|i| i.contact_phone.clone())/></label>
            <label><span>{t.remarks}</span><input name="row[remarks]" maxlength="200" value=value(|i| i.remarks.clone())/></label>
            <button class="button" type="submit">{button}</button>
        </form>
    }
}

// ---- An edition -----------------------------------------------------------

/// An edition with what the viewer may do.
pub struct EditionPageData {
    detail: EditionDetail,
    role: Role,
    may_edit: bool,
    open_adjustment: Option<(FilingSummary, Vec<ChangeView>)>,
}

/// `/catalogue-editions/:id`.
#[component]
pub fn CatalogueEditionRoute() -> impl IntoView {
    let id = path_value("id");
    let title: PageTitle = |lang| lang.catalogue_texts().page_title;
    personal_page(
        title,
        move |visit| async move {
            let id = parse_id(&id)?;
            let actor = visit.signed_in()?;
            let detail = editions::detail(&visit.state, Some(actor), id, visit.now).await?;
            let may_edit = actor.role == Role::Bureau && actor.city == Some(detail.edition.city);
            let open = detail
                .filings
                .iter()
                .find(|f| {
                    f.purpose == FilingPurpose::Adjustment && f.status != FilingStatus::Published
                })
                .cloned();
            let open_adjustment = match open {
                Some(filing) => {
                    let changes =
                        adjustments::changes(&visit.state, actor, filing.id, visit.now).await?;
                    Some((filing, changes))
                }
                None => None,
            };
            Ok(EditionPageData {
                detail,
                role: actor.role,
                may_edit,
                open_adjustment,
            })
        },
        |found| view! { <CatalogueEditionPage found/> }.into_any(),
    )
}

#[component]
pub fn CatalogueEditionPage(found: Result<EditionPageData, AppError>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.catalogue_texts();
    let data = match found {
        Ok(data) => data,
        Err(error) => {
            return view! { <main class="page wide"><ErrorNotice error/></main> }.into_any()
        }
    };
    let edition = data.detail.edition.clone();
    let id = edition.id;
    let draft = edition.status == CatalogueStatus::Draft;
    let adjustable = edition.status == CatalogueStatus::Published && data.may_edit;
    let editable_adjustment = data
        .open_adjustment
        .as_ref()
        .filter(|(filing, _)| {
            data.may_edit && matches!(filing.status, FilingStatus::Draft | FilingStatus::Returned)
        })
        .map(|(filing, _)| filing.id);
    let actions = match (draft && data.may_edit, editable_adjustment) {
        (true, _) => RowActions::Draft { edition_id: id },
        (false, Some(adjustment_id)) => RowActions::Adjust {
            edition_id: id,
            adjustment_id,
        },
        _ => RowActions::None,
    };
    let accepted = data
        .detail
        .filings
        .iter()
        .any(|f| f.purpose == FilingPurpose::Edition && f.status == FilingStatus::Accepted);
    let may_publish = data.may_edit && edition.status == CatalogueStatus::Filed && accepted;
    let reviewable: Vec<FilingSummary> = data
        .detail
        .filings
        .iter()
        .filter(|f| data.role == Role::Province && f.status == FilingStatus::Submitted)
        .cloned()
        .collect();
    let rows = match edition.kind {
        CatalogueKind::Course => view! {
            <CourseTable rows=data.detail.courses.iter().map(|c| (c.id, c.record.clone())).collect() actions/>
        }.into_any(),
        CatalogueKind::Institution => view! {
            <InstitutionTable rows=data.detail.institutions.iter().map(|i| (i.id, i.record.clone())).collect() actions/>
        }.into_any(),
    };
    let add_form = |adjustment_id: Option<i64>, button: &'static str| {
        match edition.kind {
        CatalogueKind::Course => view! { <CourseForm edition_id=id row_id=None adjustment_id course=None button/> }.into_any(),
        CatalogueKind::Institution => view! { <InstitutionForm edition_id=id row_id=None adjustment_id institution=None button/> }.into_any(),
    }
    };
    view! {
        <main class="page wide" data-edition-status=edition.status.code()>
            <h1>{edition.city.label(lang)} " " {kind_label(edition.kind, t)} " · " {edition.year}</h1>
            {edition.is_demo.then(|| view! { <p class="notice">{t.demo_notice}</p> })}
            <dl class="facts">
                <dt>{t.status}</dt><dd data-status=edition.status.code()>{edition.status.label(lang)}</dd>
                <dt>{t.version}</dt><dd>{edition.version}</dd>
                <dt>{t.filing_number}</dt><dd data-filing-number="">{edition.filing_number.clone().unwrap_or_default()}</dd>
                <dt>{t.effective_on}</dt><dd>{edition.effective_on.clone().unwrap_or_default()}</dd>
                <dt>{t.rows}</dt><dd>{edition.rows}</dd>
            </dl>
            <p class="actions">
                {t.export} ": "
                {ExportFormat::ALL.iter().map(|format| view! {
                    <a class="button small" href=format!("/api/v1/catalogue-editions/{id}/export?format={}", format.code())>{format.code()}</a>
                }).collect_view()}
                {(edition.status == CatalogueStatus::Published).then(|| view! {
                    " " <a class="button small" href=format!("/catalogue-editions/{id}/history")>{t.history}</a>
                })}
            </p>
            {reviewable.into_iter().map(|filing| view! { <DecisionForms filing edition_id=id/> }).collect_view()}
            {data.open_adjustment.clone().map(|(filing, changes)| view! {
                <AdjustmentSection filing changes edition_id=id may_edit=data.may_edit/>
            })}
            <section aria-labelledby="rows-title">
                <h2 id="rows-title">{t.rows}</h2>
                {rows}
            </section>
            {(draft && data.may_edit).then(|| view! {
                <section aria-labelledby="add-title">
                    <h2 id="add-title">{t.add_row}</h2>
                    {add_form(None, t.add_row)}
                </section>
                <FileForm edition_id=id adjustment_id=None title=t.file_title button=t.file_button/>
            })}
            {editable_adjustment.map(|adjustment_id| view! {
                <section aria-labelledby="add-change-title">
                    <h2 id="add-change-title">{t.add_in_adjustment}</h2>
                    {add_form(Some(adjustment_id), t.add_in_adjustment)}
                </section>
                <FileForm edition_id=id adjustment_id=Some(adjustment_id) title=t.file_adjustment button=t.file_adjustment/>
            })}
            {may_publish.then(|| view! {
                <section aria-labelledby="publish-title">
                    <h2 id="publish-title">{t.publish_title}</h2>
                    <form class="stack-form" method="post" action=PublishCatalogue::url()>
                        <input type="hidden" name="edition_id" value=id/>
                        <label><span>{t.effective_on}</span><input type="date" name="effective_on" required/></label>
                        <button class="button" type="submit" data-publish="">{t.publish}</button>
                    </form>
                </section>
            })}
            {(adjustable && data.open_adjustment.is_none()).then(|| view! {
                <section aria-labelledby="adjust-title">
                    <h2 id="adjust-title">{t.adjust_title}</h2>
                    <p class="intro">{t.adjust_intro}</p>
                    <form class="stack-form" method="post" action=OpenCatalogueAdjustment::url()>
                        <input type="hidden" name="edition_id" value=id/>
                        <label><span>{t.reason}</span><input name="reason" required maxlength="200"/></label>
                        <label><span>{t.effective_on}</span><input type="date" name="effective_on" required/></label>
                        <button class="button" type="submit">{t.open_adjustment}</button>
                    </form>
                </section>
            })}
            <FilingList filings=data.detail.filings.clone()/>
        </main>
    }
    .into_any()
}

#[component]
fn FileForm(
    edition_id: i64,
    adjustment_id: Option<i64>,
    title: &'static str,
    button: &'static str,
) -> impl IntoView {
    let t = use_lang().catalogue_texts();
    view! {
        <section aria-labelledby="file-title">
            <h2 id="file-title">{title}</h2>
            <p class="intro">{t.file_intro}</p>
            <form class="stack-form" method="post" enctype="multipart/form-data" action=FileCatalogue::url()>
                <input type="hidden" name="edition_id" value=edition_id/>
                {adjustment_id.map(|id| view! { <input type="hidden" name="adjustment_id" value=id/> })}
                <label><span>{t.scan}</span><input type="file" name="scan" required accept=".pdf,application/pdf,image/png,image/jpeg"/></label>
                <button class="button" type="submit" data-file="">{button}</button>
            </form>
        </section>
    }
}

#[component]
fn DecisionForms(filing: FilingSummary, edition_id: i64) -> impl IntoView {
    let t = use_lang().catalogue_texts();
    let needs_number = filing.purpose == FilingPurpose::Edition;
    view! {
        <section class="card" data-review=filing.id>
            <h2>{t.waiting_filings}</h2>
            {filing.attachment.clone().map(|scan| view! {
                <p><a href=format!("/api/v1/catalogue-attachments/{}", scan.id)>{t.attachment} ": " {scan.file_name}</a>
                   " · SHA-256 " <code>{scan.sha256}</code></p>
            })}
            <form class="stack-form" method="post" action=DecideCatalogueFiling::url()>
                <input type="hidden" name="filing_id" value=filing.id/>
                <input type="hidden" name="edition_id" value=edition_id/>
                {needs_number.then(|| view! {
                    <label><span>{t.filing_number}</span><input name="filing_number" required maxlength="40"/></label>
                })}
                <button class="button" type="submit" name="decision" value="accept" data-accept="">{t.accept}</button>
            </form>
            <form class="stack-form" method="post" action=DecideCatalogueFiling::url()>
                <input type="hidden" name="filing_id" value=filing.id/>
                <input type="hidden" name="edition_id" value=edition_id/>
                <label><span>{t.reason}</span><input name="reason" required maxlength="200"/></label>
                <button class="button danger" type="submit" name="decision" value="return" data-return="">{t.return_it}</button>
            </form>
        </section>
    }
}

#[component]
fn AdjustmentSection(
    filing: FilingSummary,
    changes: Vec<ChangeView>,
    edition_id: i64,
    may_edit: bool,
) -> impl IntoView {
    let t = use_lang().catalogue_texts();
    let editable =
        may_edit && matches!(filing.status, FilingStatus::Draft | FilingStatus::Returned);
    view! {
        <section aria-labelledby="adjustment-title" data-adjustment=filing.id>
            <h2 id="adjustment-title">{t.adjustment_title} " · " {filing_status_label(filing.status, t)}</h2>
            <p>{t.reason} ": " {filing.reason.clone()} " · " {t.effective_on} ": " {filing.effective_on.clone().unwrap_or_default()}</p>
            {(!filing.decision_reason.is_empty()).then(|| view! {
                <p class="notice warn">{t.returned_because} ": " {filing.decision_reason.clone()}</p>
            })}
            {editable.then(|| view! {
                <form class="inline" method="post" action=AbandonCatalogueAdjustment::url()>
                    <input type="hidden" name="edition_id" value=edition_id/>
                    <input type="hidden" name="adjustment_id" value=filing.id/>
                    <button class="button small danger" type="submit">{t.abandon}</button>
                </form>
            })}
            {if changes.is_empty() {
                view! { <p class="notice">{t.no_changes}</p> }.into_any()
            } else {
                view! {
                    <ul class="card-list">
                        {changes.into_iter().map(|change| view! {
                            <li class="card" data-change=change.action.code()>
                                {action_label(change.action, t)} " · " {change.label.clone()}
                                {editable.then(|| view! {
                                    <form class="inline" method="post" action=WithdrawCatalogueChange::url()>
                                        <input type="hidden" name="edition_id" value=edition_id/>
                                        <input type="hidden" name="adjustment_id" value=filing.id/>
                                        <input type="hidden" name="change_id" value=change.id/>
                                        <button class="button small" type="submit">{t.withdraw}</button>
                                    </form>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn FilingList(filings: Vec<FilingSummary>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.catalogue_texts();
    (!filings.is_empty()).then(|| view! {
        <section aria-labelledby="filings-title">
            <h2 id="filings-title">{t.filings_title}</h2>
            <ul class="card-list">
                {filings.into_iter().map(|filing| {
                    let purpose = match filing.purpose {
                        FilingPurpose::Edition => t.purpose_edition,
                        FilingPurpose::Adjustment => t.purpose_adjustment,
                    };
                    view! {
                        <li class="card" data-filing-status=filing.status.code()>
                            <p class="card-title">{purpose} " · " {filing_status_label(filing.status, t)}</p>
                            <p class="card-meta">{filing.submitted_at.clone().unwrap_or_default()}</p>
                            {(!filing.decision_reason.is_empty()).then(|| view! {
                                <p>{t.returned_because} ": " {filing.decision_reason.clone()}</p>
                            })}
                            {filing.attachment.clone().map(|scan| view! {
                                <p><a href=format!("/api/v1/catalogue-attachments/{}", scan.id)>{t.attachment} ": " {scan.file_name}</a></p>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}

// ---- Editing one row ------------------------------------------------------

/// `/catalogue-editions/:id/rows/:row_id[?adjustment=]`: a row's form,
/// for a draft or as a change in an adjustment.
#[component]
pub fn CatalogueRowRoute() -> impl IntoView {
    let id = path_value("id");
    let row = path_value("row_id");
    let adjustment = query_value("adjustment");
    let title: PageTitle = |lang| lang.catalogue_texts().edit_row_title;
    personal_page(
        title,
        move |visit| async move {
            let id = parse_id(&id)?;
            let row_id = parse_id(&row)?;
            let adjustment_id = adjustment.as_deref().map(parse_id).transpose()?;
            let actor = visit.signed_in()?;
            let detail = editions::detail(&visit.state, Some(actor), id, visit.now).await?;
            Ok((detail, row_id, adjustment_id))
        },
        |found| view! { <CatalogueRowPage found/> }.into_any(),
    )
}

#[component]
pub fn CatalogueRowPage(
    found: Result<(EditionDetail, i64, Option<i64>), AppError>,
) -> impl IntoView {
    let t = use_lang().catalogue_texts();
    let (detail, row_id, adjustment_id) = match found {
        Ok(found) => found,
        Err(error) => return view! { <main class="page"><ErrorNotice error/></main> }.into_any(),
    };
    let id = detail.edition.id;
    let course = detail
        .courses
        .into_iter()
        .find(|c| c.id == row_id)
        .map(|c| c.record);
    let institution = detail
        .institutions
        .into_iter()
        .find(|i| i.id == row_id)
        .map(|i| i.record);
    let form = match (course, institution) {
        (Some(course), _) => view! { <CourseForm edition_id=id row_id=Some(row_id) adjustment_id course=Some(course) button=t.save/> }.into_any(),
        (_, Some(institution)) => view! { <InstitutionForm edition_id=id row_id=Some(row_id) adjustment_id institution=Some(institution) button=t.save/> }.into_any(),
        _ => view! { <ErrorNotice error=AppError::NotFound(crate::error::Missing::CatalogueRow)/> }.into_any(),
    };
    view! {
        <main class="page">
            <h1>{t.edit_row_title}</h1>
            {form}
            <p><a href=format!("/catalogue-editions/{id}")>"←"</a></p>
        </main>
    }
    .into_any()
}

// ---- History --------------------------------------------------------------

/// `/catalogue-editions/:id/history`: anyone may read what changed, when
/// and why, version by version.
#[component]
pub fn CatalogueHistoryRoute() -> impl IntoView {
    let id = path_value("id");
    let title: PageTitle = |lang| lang.catalogue_texts().history_title;
    personal_page(
        title,
        move |visit| async move {
            let id = parse_id(&id)?;
            let detail =
                editions::detail(&visit.state, visit.actor.as_ref(), id, visit.now).await?;
            let versions = adjustments::history(&visit.state, id).await?;
            Ok((detail.edition, versions))
        },
        |found| view! { <CatalogueHistoryPage found/> }.into_any(),
    )
}

#[component]
pub fn CatalogueHistoryPage(
    found: Result<(EditionSummary, Vec<VersionView>), AppError>,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.catalogue_texts();
    let (edition, versions) = match found {
        Ok(found) => found,
        Err(error) => return view! { <main class="page"><ErrorNotice error/></main> }.into_any(),
    };
    view! {
        <main class="page wide">
            <h1>{t.history_title} " · " {edition.city.label(lang)} " " {kind_label(edition.kind, t)} " " {edition.year}</h1>
            {versions.into_iter().map(|version| view! {
                <section class="card" data-version=version.version>
                    <h2>{(t.version_label)(version.version)} " · " {t.effective_on} " " {version.effective_on.clone().unwrap_or_default()}</h2>
                    {version.filing_number.clone().map(|number| view! { <p>{t.filing_number} ": " {number}</p> })}
                    <p>{if version.changes.is_empty() { t.first_version.to_owned() } else { version.reason.clone() }}</p>
                    <ul class="card-list">
                        {version.changes.into_iter().map(|change| view! {
                            <li data-change=change.action.code()>
                                <strong>{action_label(change.action, t)}</strong> " " {change.label.clone()}
                                {change_summary(&change, t)}
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            }).collect_view()}
        </main>
    }
    .into_any()
}

/// A changed course row's standard before and after, or an institution's
/// occupations, in one line.
fn change_summary(change: &ChangeView, t: &CatalogueTexts) -> Option<String> {
    let describe = |value: &serde_json::Value| {
        serde_json::from_value::<CourseRecord>(value.clone())
            .map(|course| standard_text(course.certificate_kind, &course.subsidy))
            .or_else(|_| {
                serde_json::from_value::<InstitutionRecord>(value.clone())
                    .map(|i| occupation_list(&i))
            })
            .ok()
    };
    let before = change.before.as_ref().and_then(describe);
    let after = change.after.as_ref().and_then(describe);
    match (before, after) {
        (Some(before), Some(after)) => {
            Some(format!(" — {}：{before}；{}：{after}", t.before, t.after))
        }
        (None, Some(after)) => Some(format!(" — {after}")),
        _ => None,
    }
}
