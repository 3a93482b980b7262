//! The SkillPass server: configuration, start-up, the REST API, demo data
//! and command-line subcommands around the shared `app` crate.

mod category_pages;
mod class_pages;
pub mod cli;
pub mod configuration;
pub mod demo;
pub mod rest;
pub mod startup;
mod subsidy_pages;
pub mod telemetry;
mod web;
