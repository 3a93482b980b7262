//! Reusable view pieces. None of them calls the server.

mod cards;
mod handoff;
mod layout;
mod notices;
mod pager;

pub use cards::{rating_text, CourseCard, InstitutionCard};
pub use handoff::HandOff;
pub use layout::{AppHeader, CityPicker};
pub use notices::{CatalogueBanner, ErrorNotice, IslandScripts, Loading};
pub use pager::Pager;
