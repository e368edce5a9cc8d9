//! End-to-end tests of the sandbox over real HTTP, one binary to keep link times down.

mod auth;
mod body;
mod cli;
mod clock;
mod common;
mod concurrency;
mod cors_static;
mod demo_token;
mod faults;
mod load;
mod registrations;
