//! View models: the shapes that pages render and the JSON API answers,
//! built by the services (`server/`) and read by the pages (`pages/`) and
//! the REST handlers. They hold data only; the rules that fill them live
//! in the services.

mod attendance;
mod campaigns;
mod categories;
mod classes;
mod inspections;
mod oversight;
mod recommendations;
mod scorecards;
mod subsidies;

pub use attendance::*;
pub use campaigns::*;
pub use categories::*;
pub use classes::*;
pub use inspections::*;
pub use oversight::*;
pub use recommendations::*;
pub use scorecards::*;
pub use subsidies::*;
