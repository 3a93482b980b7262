//! What the live roster island asks for: who checked in and out of a
//! session, said in the page's language; and the staff correction form it
//! shows in each cell, which works without JavaScript.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// A session's roster, ready to show.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterShown {
    pub enrolled: usize,
    pub checked_in: usize,
    pub checked_out: usize,
    pub headcount: Option<i64>,
    /// One line per roll-call that has opened.
    pub roll_calls: Vec<String>,
    pub rows: Vec<RosterRow>,
}

/// One worker of the roster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterRow {
    pub enrolment_id: i64,
    /// The name and the masked ID number.
    pub worker: String,
    pub check_in: Option<MarkShown>,
    pub check_out: Option<MarkShown>,
    pub roll_calls: Vec<RollCallCell>,
}

/// A worker's answer to one roll-call ("1 key"), or a miss staff may
/// excuse.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RollCallCell {
    pub seq: i64,
    pub text: String,
    pub missed: bool,
}

/// A check-in or check-out: "09:01 key ⚠", and why staff added it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MarkShown {
    pub text: String,
    pub reason: Option<String>,
}

/// The roster of a session the caller oversees.
#[server(prefix = "/sfn", endpoint = "roster")]
pub async fn live_roster(session_id: i64) -> Result<RosterShown, AppError> {
    use super::context::{respond_privately, signed_in};
    use crate::server::{attendance, request::lang};

    respond_privately(
        async {
            let (state, headers, actor) = signed_in().await?;
            let roster = attendance::roster(&state, &actor, session_id, state.clock.now()).await?;
            Ok(shown(&roster, lang(&headers)))
        }
        .await,
    )
}

/// The institution or the bureau adds (`add`) a check-in or check-out a
/// worker could not make, or voids (`void`) one, with a reason; the
/// audit trail and a risk warning record it.
#[server(prefix = "/sfn", endpoint = "correct-attendance")]
pub async fn correct_attendance(
    session_id: i64,
    enrolment_id: i64,
    direction: String,
    action: String,
    reason: String,
) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::{
        domain::{Direction, Reason},
        server::{
            attendance::{self, Correction},
            flash::Done,
        },
    };

    let corrected = async {
        let direction = Direction::parse(&direction)?;
        let correction = Correction::parse(&action)?;
        let reason = Reason::parse(&reason)?;
        let (state, _, actor) = signed_in().await?;
        let now = state.clock.now();
        attendance::correct(
            &state,
            &actor,
            session_id,
            enrolment_id,
            direction,
            correction,
            &reason,
            now,
        )
        .await?;
        Ok(())
    }
    .await;
    end_form(corrected, Done::AttendanceCorrected, After::SamePage)
}

/// The institution or the bureau adds the answer to roll-call `seq` that a
/// worker missed, with a reason: the session's hours count again.
#[server(prefix = "/sfn", endpoint = "excuse-roll-call")]
pub async fn excuse_roll_call(
    session_id: i64,
    enrolment_id: i64,
    seq: i64,
    reason: String,
) -> Result<(), AppError> {
    use super::context::{end_form, signed_in, After};
    use crate::{
        domain::Reason,
        server::{attendance, flash::Done},
    };

    let excused = async {
        let reason = Reason::parse(&reason)?;
        let (state, _, actor) = signed_in().await?;
        let now = state.clock.now();
        attendance::excuse_missed_roll_call(
            &state,
            &actor,
            session_id,
            seq,
            enrolment_id,
            &reason,
            now,
        )
        .await?;
        Ok(())
    }
    .await;
    end_form(excused, Done::AttendanceCorrected, After::SamePage)
}

/// The roster in words of `lang`.
#[cfg(feature = "ssr")]
pub fn shown(roster: &crate::server::attendance::Roster, lang: crate::i18n::Lang) -> RosterShown {
    RosterShown {
        enrolled: roster.enrolled,
        checked_in: roster.checked_in,
        checked_out: roster.checked_out,
        headcount: roster.headcount,
        roll_calls: roster
            .roll_calls
            .iter()
            .map(|roll_call| roll_call_line(roll_call, lang))
            .collect(),
        rows: roster
            .entries
            .iter()
            .map(|entry| RosterRow {
                enrolment_id: entry.enrolment_id,
                worker: format!(
                    "{} {}",
                    entry.worker_name,
                    entry.id_number_masked.as_deref().unwrap_or_default()
                ),
                check_in: entry.check_in.as_ref().map(|mark| mark_shown(mark, lang)),
                check_out: entry.check_out.as_ref().map(|mark| mark_shown(mark, lang)),
                roll_calls: entry
                    .roll_calls
                    .iter()
                    .map(|standing| roll_call_cell(standing, lang))
                    .collect(),
            })
            .collect(),
    }
}

#[cfg(feature = "ssr")]
fn roll_call_line(
    roll_call: &crate::server::attendance::RollCallSummary,
    lang: crate::i18n::Lang,
) -> String {
    use crate::domain::china_time;

    let clock = |at: chrono::DateTime<chrono::Utc>| {
        at.with_timezone(&china_time()).format("%H:%M").to_string()
    };
    (lang.roster_texts().roll_call_line)(
        roll_call.seq,
        &clock(roll_call.opens_at),
        &clock(roll_call.closes_at),
        roll_call.answered,
        roll_call.missed,
        roll_call.open_now,
    )
}

#[cfg(feature = "ssr")]
fn roll_call_cell(standing: &crate::views::Standing, lang: crate::i18n::Lang) -> RollCallCell {
    let t = lang.roster_texts();
    let how = standing
        .answer
        .map_or(t.missed, |level| assurance_mark(level, lang));
    RollCallCell {
        seq: standing.seq,
        text: format!("{} {how}", standing.seq),
        missed: standing.answer.is_none(),
    }
}

/// The short mark of how something was confirmed: "key", "pw".
#[cfg(feature = "ssr")]
fn assurance_mark(level: crate::domain::MarkAssurance, lang: crate::i18n::Lang) -> &'static str {
    use crate::domain::MarkAssurance;

    let t = lang.roster_texts();
    match level {
        MarkAssurance::Passkey => t.by_passkey,
        MarkAssurance::DeviceKey => t.by_device_key,
        MarkAssurance::Password => t.by_password,
        MarkAssurance::Staff => t.by_staff,
    }
}

#[cfg(feature = "ssr")]
fn mark_shown(mark: &crate::server::attendance::Mark, lang: crate::i18n::Lang) -> MarkShown {
    use crate::domain::china_time;

    let t = lang.roster_texts();
    let how = assurance_mark(mark.assurance, lang);
    let flag = if mark.far_from_venue {
        t.far_from_venue
    } else if mark.without_position {
        t.without_position
    } else {
        ""
    };
    let time = mark.at.with_timezone(&china_time()).format("%H:%M");
    MarkShown {
        text: format!("{time} {how}{flag}"),
        reason: Some(mark.reason.clone()).filter(|reason| !reason.is_empty()),
    }
}
