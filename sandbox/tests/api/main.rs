//! End-to-end tests of the sandbox over real HTTP, one binary to keep link times down.

mod auth;
mod body;
mod cli;
mod clock;
mod common;
mod concurrency;
mod cors_static;
mod demo_token;
mod email_codes;
mod faults;
mod load;
mod phone_codes;
mod registrations;
mod verify_auth;
mod verify_common;
mod verify_sandbox;
