//! The SkillPass server: configuration, start-up, the REST API, demo data
//! and command-line subcommands around the shared `app` crate.

pub mod catalogue_cli;
pub mod cli;
pub mod configuration;
pub mod demo;
pub mod rest;
pub mod startup;
pub mod telemetry;
mod web;
