//! Five years of ten communities, made up deterministically, and the measurements taken on it.
//!
//! [`seed`] fills an empty, migrated database (SQLite or PostgreSQL) with the volume of SPEC §11
//! in one transaction. It writes rows with SQL rather than through the commands: the commands
//! would audit every step and take minutes, while the point here is the shape and size of the
//! data the commands then have to read. Article bodies are the real corpus articles.

pub mod corpus;
pub mod seed;
pub mod stats;

pub use seed::{seed, SeedReport, Volume};
