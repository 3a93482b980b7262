//! The live roster: who checked in and out of a session, refreshed every
//! few seconds without reloading. For the institution and the bureau each
//! cell carries a correction form (add or void, with a reason) that is a
//! plain POST, so it works without JavaScript too.

use std::time::Duration;

use leptos::{prelude::*, server_fn::ServerFn, task::spawn_local};

use super::{mark_hydrated, page_lang};
use crate::{
    api::roster::{
        live_roster, CorrectAttendance, ExcuseRollCall, MarkShown, RollCallCell, RosterShown,
    },
    domain::Direction,
    error::AppError,
};

/// How often the roster asks again.
const REFRESH_EVERY: Duration = Duration::from_secs(4);

/// The counts and the rows of session `session_id`, starting from what the
/// server rendered (`first`).
#[island]
pub fn LiveRoster(session_id: i64, may_correct: bool, first: RosterShown) -> impl IntoView {
    let lang = page_lang();
    let t = lang.roster_texts();
    mark_hydrated();
    let roster = RwSignal::new(first);
    let problem = RwSignal::new(None::<AppError>);
    Effect::new(move |_| {
        let refresh = move || {
            spawn_local(async move {
                match live_roster(session_id).await {
                    Ok(found) => {
                        problem.set(None);
                        if roster.with_untracked(|shown| *shown != found) {
                            roster.set(found);
                        }
                    }
                    // The last roster stays, with the reason beside it.
                    Err(error) => problem.set(Some(error)),
                }
            })
        };
        set_interval(refresh, REFRESH_EVERY);
    });
    let count = move |of: fn(&RosterShown) -> String| move || roster.with(of);
    view! {
        <p class="roster-counts" aria-live="polite">
            {t.enrolled} <strong data-enrolled="">{count(|r| r.enrolled.to_string())}</strong>
            {t.checked_in} <strong data-checked-in="">{count(|r| r.checked_in.to_string())}</strong>
            {t.checked_out} <strong data-checked-out="">{count(|r| r.checked_out.to_string())}</strong>
            {t.headcount} <strong data-headcount="">{count(|r| r.headcount.map_or("–".to_owned(), |n| n.to_string()))}</strong>
        </p>
        <ul class="roster-roll-calls" data-roll-calls="">
            <For each=move || roster.get().roll_calls key=|line| line.clone() let:line>
                <li>{line}</li>
            </For>
        </ul>
        <table class="roster">
            <thead><tr>
                <th>{t.worker}</th>
                <th>{t.check_in}</th>
                <th>{t.check_out}</th>
                <th>{t.roll_call}</th>
            </tr></thead>
            <tbody data-roster-rows="">
                <For
                    each=move || roster.get().rows
                    key=|row| (row.enrolment_id, row.check_in.clone(), row.check_out.clone(), row.roll_calls.clone())
                    let:row
                >
                    <tr>
                        <td>{row.worker.clone()}</td>
                        <MarkCell session_id enrolment_id=row.enrolment_id direction=Direction::In mark=row.check_in.clone() may_correct/>
                        <MarkCell session_id enrolment_id=row.enrolment_id direction=Direction::Out mark=row.check_out.clone() may_correct/>
                        <RollCallsCell session_id enrolment_id=row.enrolment_id cells=row.roll_calls.clone() may_correct/>
                    </tr>
                </For>
            </tbody>
        </table>
        <p class="hint">{t.legend}</p>
        <p class="form-status" role="alert" data-status="">
            {move || problem.get().map(|error| error.message(lang))}
        </p>
    }
}

/// One check-in or check-out, with its correction form for staff who may
/// correct: "void" for a mark, "add" where there is none.
#[component]
fn MarkCell(
    session_id: i64,
    enrolment_id: i64,
    direction: Direction,
    mark: Option<MarkShown>,
    may_correct: bool,
) -> impl IntoView {
    let t = page_lang().roster_texts();
    let (action, label) = if mark.is_some() {
        ("void", t.void)
    } else {
        ("add", t.add)
    };
    let (text, reason) = match mark {
        Some(mark) => (mark.text, mark.reason),
        None => ("—".to_owned(), None),
    };
    view! {
        <td title=reason>
            {text}
            {may_correct.then(|| view! {
                <details class="correction">
                    <summary class="button small secondary">{label}</summary>
                    <form class="inline-form" method="post" action=CorrectAttendance::url()>
                        <input type="hidden" name="session_id" value=session_id/>
                        <input type="hidden" name="enrolment_id" value=enrolment_id/>
                        <input type="hidden" name="direction" value=direction.code()/>
                        <input type="hidden" name="action" value=action/>
                        <input name="reason" required maxlength="200" aria-label=t.correction_reason placeholder=t.correction_reason/>
                        <button class="button small" type="submit" data-correct=action>{t.correct}</button>
                    </form>
                </details>
            })}
        </td>
    }
}

/// A worker's roll-call answers, each missed one with the form that adds
/// the answer with a reason, for staff who may correct.
#[component]
fn RollCallsCell(
    session_id: i64,
    enrolment_id: i64,
    cells: Vec<RollCallCell>,
    may_correct: bool,
) -> impl IntoView {
    let t = page_lang().roster_texts();
    view! {
        <td data-roll-call-cell="">
            {cells.into_iter().map(|cell| view! {
                <span class=if cell.missed { "roll-call missed" } else { "roll-call" }>{cell.text}</span>
                {(may_correct && cell.missed).then(|| view! {
                    <details class="correction">
                        <summary class="button small secondary">{t.excuse}</summary>
                        <form class="inline-form" method="post" action=ExcuseRollCall::url()>
                            <input type="hidden" name="session_id" value=session_id/>
                            <input type="hidden" name="enrolment_id" value=enrolment_id/>
                            <input type="hidden" name="seq" value=cell.seq/>
                            <input name="reason" required maxlength="200" aria-label=t.correction_reason placeholder=t.correction_reason/>
                            <button class="button small" type="submit" data-excuse=cell.seq>{t.correct}</button>
                        </form>
                    </details>
                })}
            }).collect_view()}
        </td>
    }
}
