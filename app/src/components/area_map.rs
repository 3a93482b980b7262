//! The province map: Fujian's nine cities and 平潭 drawn from the shapes
//! shipped with the project (`area_map_shapes.rs`), each shaded by a
//! figure, with the figures on hover (its title) or tap (a card below the
//! map, shown by the link's `#fragment` without JavaScript) and a link to
//! the area's own page.

use leptos::prelude::*;

use super::area_map_shapes::{AREA_SHAPES, MAP_SIZE};
use crate::domain::City;

/// Light to dark: the five shades of the map's scale.
pub const SHADES: [&str; 5] = ["#deebf7", "#b3d1ee", "#7fb0dd", "#3f84c4", "#1c5a9c"];
/// An area without a figure to shade by (no target set).
const UNSHADED: &str = "#e5e5e5";

/// One area on the map: its shade (0 to 4, `None` for none), the line
/// shown on hover and in its card, and where its page is.
#[derive(Clone, Debug)]
pub struct MapArea {
    pub city: City,
    pub name: String,
    pub shade: Option<usize>,
    pub figures: String,
    pub href: String,
    pub open_label: String,
}

/// The shade (0 to 4) of `value` on a scale whose darkest step starts at
/// `top`: five equal steps.
pub fn shade_of(value: f64, top: f64) -> usize {
    if top <= 0.0 {
        return 0;
    }
    ((value / top * 5.0).floor().max(0.0) as usize).min(SHADES.len() - 1)
}

#[component]
pub fn AreaMap(title: String, areas: Vec<MapArea>, legend: [String; 2]) -> impl IntoView {
    let (width, height) = MAP_SIZE;
    let find = |city: City| areas.iter().find(|area| area.city == city);
    let drawn = AREA_SHAPES
        .iter()
        .filter_map(|(city, path, (label_x, label_y))| {
            let area = find(*city)?.clone();
            let fill = area
                .shade
                .and_then(|shade| SHADES.get(shade).copied())
                .unwrap_or(UNSHADED);
            // White text only on the darkest shade, where it keeps a 4.5:1 contrast.
            let dark = area.shade == Some(SHADES.len() - 1);
            Some(view! {
                <a href=format!("#area-{}", city.code()) class="map-area" data-area=city.code()>
                    <path d=*path fill=fill>
                        <title>{format!("{} {}", area.name, area.figures)}</title>
                    </path>
                    <text class=if dark { "map-label dark" } else { "map-label" } x=*label_x y=*label_y text-anchor="middle">
                        {area.name.clone()}
                    </text>
                </a>
            })
        })
        .collect_view();
    let cards = areas
        .iter()
        .map(|area| {
            view! {
                <div class="area-card" id=format!("area-{}", area.city.code())>
                    <strong>{area.name.clone()}</strong>
                    " "
                    <span>{area.figures.clone()}</span>
                    " "
                    <a href=area.href.clone()>{area.open_label.clone()}</a>
                </div>
            }
        })
        .collect_view();
    let [low, high] = legend;
    view! {
        <div class="area-map">
            <svg class="map" role="group" viewBox=format!("0 0 {width} {height}") aria-label=title>
                {drawn}
            </svg>
            <div class="map-legend" aria-hidden="true">
                <span>{low}</span>
                {(0..SHADES.len()).map(|shade| view! {
                    <span class=format!("map-swatch shade-{shade}")></span>
                }).collect_view()}
                <span>{high}</span>
            </div>
            {cards}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shades_split_the_scale_into_five_equal_steps() {
        assert_eq!(shade_of(0.0, 100.0), 0);
        assert_eq!(shade_of(19.9, 100.0), 0);
        assert_eq!(shade_of(20.0, 100.0), 1);
        assert_eq!(shade_of(99.0, 100.0), 4);
        assert_eq!(shade_of(180.0, 100.0), 4, "over the top stays darkest");
        assert_eq!(shade_of(5.0, 0.0), 0, "nothing to compare with");
    }

    #[test]
    fn every_area_of_the_province_has_a_shape() {
        for city in City::ALL {
            assert!(
                AREA_SHAPES
                    .iter()
                    .any(|(shaped, path, _)| shaped == city && path.starts_with('M')),
                "{city:?}"
            );
        }
    }
}
