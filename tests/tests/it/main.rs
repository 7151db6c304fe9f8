//! Integration tests against the running Worker and the real test MTA; one module per area.

mod api_test;
