//! The rules of danhgia, pure: no I/O, no async, no database, no HTTP.
//!
//! Each module holds one concept of the SPEC (see `shared/SPEC.md`), and each rule carries the
//! article it comes from in its doc comment and in the test that encodes it.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod access;
pub mod account_name;
pub mod alerts;
pub mod annual;
pub mod assign;
pub mod calendar;
pub mod catalogue;
pub mod commendation;
pub mod criteria;
pub mod emulation;
pub mod evaluation;
pub mod evaluators;
pub mod grade;
pub mod hr;
pub mod import;
pub mod kpi;
pub mod localgov;
pub mod lockout;
pub mod org;
pub mod password;
pub mod peer;
pub mod people;
pub mod points;
pub mod preset;
pub mod quota;
pub mod scoring;
pub mod staffing;
pub mod stats;
pub mod text;
pub mod training;
pub mod validate;
pub mod work;
pub mod workflow;
