//! HTTP concerns, one per module: negotiation, conditional requests, responding, security
//! headers, methods, query strings, request bodies and the client's address.

pub mod body;
pub mod client;
pub mod conditional;
pub mod fields;
pub mod methods;
pub mod negotiate;
pub mod query;
pub mod respond;
pub mod security;
