//! Reusable view pieces. None of them calls the server.

#[cfg(feature = "ssr")]
mod area_map;
#[cfg(feature = "ssr")]
mod area_map_shapes;
mod cards;
#[cfg(feature = "ssr")]
mod charts;
mod handoff;
mod layout;
mod notices;
mod pager;

#[cfg(feature = "ssr")]
pub use area_map::{shade_of, AreaMap, MapArea};
pub use cards::{rating_text, CourseCard, InstitutionCard};
#[cfg(feature = "ssr")]
pub use charts::{Bar, BarChart, YearChart, YearLine};
pub use handoff::HandOff;
pub use layout::{AppHeader, CityPicker};
pub use notices::{CatalogueBanner, ErrorNotice, IslandScripts, Loading};
pub use pager::Pager;
