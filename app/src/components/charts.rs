//! Charts drawn on the server as SVG: readable without JavaScript, each
//! with a description for screen readers (the pages put the same figures
//! in a table beside it). Sized for a 360 px phone and no wider than a
//! reading column on a desktop.

use leptos::prelude::*;

/// The chart's width in its own units; it scales to the screen.
const WIDTH: f64 = 360.0;
const LABEL_WIDTH: f64 = 118.0;
const BAR_WIDTH: f64 = 170.0;
const ROW: f64 = 26.0;
/// Longest label drawn in full (the table beside has the rest).
const LABEL_CHARS: usize = 8;

/// One bar: its label, its length as a share of the full bar (0 to 1,
/// longer is cut), the figure written after it and, optionally, a mark
/// across it (where the schedule puts it).
#[derive(Clone, Debug)]
pub struct Bar {
    pub label: String,
    pub share: f64,
    pub caption: String,
    pub mark: Option<f64>,
}

/// Horizontal bars, one per line, with their figures.
#[component]
pub fn BarChart(title: String, bars: Vec<Bar>) -> impl IntoView {
    let height = ROW * bars.len().max(1) as f64 + 4.0;
    let description = bars
        .iter()
        .map(|bar| format!("{} {}", bar.label, bar.caption))
        .collect::<Vec<_>>()
        .join("; ");
    view! {
        <svg class="chart" role="img" viewBox=format!("0 0 {WIDTH} {height}") aria-label=title>
            <desc>{description}</desc>
            {bars.into_iter().enumerate().map(|(row, bar)| {
                let y = row as f64 * ROW;
                let length = (BAR_WIDTH * bar.share.clamp(0.0, 1.0) * 10.0).round() / 10.0;
                let mark = bar.mark.map(|mark| {
                    let x = ((LABEL_WIDTH + BAR_WIDTH * mark.clamp(0.0, 1.0)) * 10.0).round() / 10.0;
                    view! { <line class="chart-mark" x1=x x2=x y1=y + 3.0 y2=y + ROW - 3.0></line> }
                });
                view! {
                    <text x="0" y=y + 18.0 font-size="12">{short(&bar.label)}</text>
                    <rect class="chart-track" x=LABEL_WIDTH y=y + 6.0 width=BAR_WIDTH height="14" rx="2"></rect>
                    <rect class="chart-bar" x=LABEL_WIDTH y=y + 6.0 width=length height="14" rx="2"></rect>
                    {mark}
                    <text x=LABEL_WIDTH + BAR_WIDTH + 6.0 y=y + 18.0 font-size="12">{bar.caption}</text>
                }
            }).collect_view()}
        </svg>
    }
}

/// A label cut to [`LABEL_CHARS`] characters.
fn short(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        return label.to_owned();
    }
    let mut cut: String = label.chars().take(LABEL_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// The year as a line: person-times so far at each point of the year
/// (fractions of the year, 0 to 1), the schedule's straight line to the
/// target, and the forecast from today to the year's end.
#[derive(Clone, Debug)]
pub struct YearLine {
    /// (fraction of the year, person-times so far), in order.
    pub done: Vec<(f64, i64)>,
    pub target: Option<i64>,
    /// (today's fraction of the year, the year-end forecast).
    pub forecast: Option<(f64, i64)>,
    /// The twelve month names, for the axis.
    pub months: Vec<String>,
    pub legend: [String; 3],
}

/// [`YearLine`] drawn: solid for what is done, a thin line for the
/// schedule, dashed for the forecast.
#[component]
pub fn YearChart(title: String, line: YearLine) -> impl IntoView {
    const LEFT: f64 = 44.0;
    const TOP: f64 = 26.0;
    const PLOT_WIDTH: f64 = WIDTH - LEFT - 12.0;
    const PLOT_HEIGHT: f64 = 170.0;
    let highest = line
        .done
        .iter()
        .map(|point| point.1)
        .chain(line.target)
        .chain(line.forecast.map(|forecast| forecast.1))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let tenth = |value: f64| (value * 10.0).round() / 10.0;
    let x = move |fraction: f64| tenth(LEFT + PLOT_WIDTH * fraction.clamp(0.0, 1.0));
    let y = move |count: i64| tenth(TOP + PLOT_HEIGHT * (1.0 - count as f64 / highest));
    let done_points = std::iter::once((0.0, 0))
        .chain(line.done.iter().copied())
        .map(|(fraction, count)| format!("{:.1},{:.1}", x(fraction), y(count)))
        .collect::<Vec<_>>()
        .join(" ");
    let schedule = line.target.map(|target| {
        view! { <line class="chart-pace" x1=x(0.0) y1=y(0) x2=x(1.0) y2=y(target)></line> }
    });
    let last_done = line.done.last().copied().unwrap_or((0.0, 0));
    let forecast = line.forecast.map(|(today, count)| {
        view! { <line class="chart-forecast" x1=x(today) y1=y(last_done.1) x2=x(1.0) y2=y(count)></line> }
    });
    let description = format!(
        "{}: {}; {}: {}; {}: {}",
        line.legend[0],
        last_done.1,
        line.legend[1],
        line.target
            .map_or_else(|| "-".to_owned(), |t| t.to_string()),
        line.legend[2],
        line.forecast
            .map_or_else(|| "-".to_owned(), |(_, count)| count.to_string()),
    );
    let height = TOP + PLOT_HEIGHT + 22.0;
    let [done_name, pace_name, forecast_name] = line.legend;
    view! {
        <svg class="chart" role="img" viewBox=format!("0 0 {WIDTH} {height}") aria-label=title>
            <desc>{description}</desc>
            <line class="chart-axis" x1=LEFT y1=TOP x2=LEFT y2=TOP + PLOT_HEIGHT></line>
            <line class="chart-axis" x1=LEFT y1=TOP + PLOT_HEIGHT x2=LEFT + PLOT_WIDTH y2=TOP + PLOT_HEIGHT></line>
            <text x=LEFT - 4.0 y=TOP + 4.0 font-size="11" text-anchor="end">{highest as i64}</text>
            <text x=LEFT - 4.0 y=TOP + PLOT_HEIGHT font-size="11" text-anchor="end">"0"</text>
            {line.months.iter().enumerate().step_by(3).map(|(index, name)| view! {
                <text x=x(index as f64 / 12.0) y=TOP + PLOT_HEIGHT + 16.0 font-size="11">{name.clone()}</text>
            }).collect_view()}
            {schedule}
            {forecast}
            <polyline class="chart-done" points=done_points></polyline>
            <g font-size="11">
                <line class="chart-done" x1="4" y1="10" x2="22" y2="10"></line>
                <text x="26" y="14">{done_name}</text>
                <line class="chart-pace" x1="120" y1="10" x2="138" y2="10"></line>
                <text x="142" y="14">{pace_name}</text>
                <line class="chart-forecast" x1="236" y1="10" x2="254" y2="10"></line>
                <text x="258" y="14">{forecast_name}</text>
            </g>
        </svg>
    }
}
