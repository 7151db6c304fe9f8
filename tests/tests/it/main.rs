//! Integration tests against the running Worker and the real test MTA; one module per area.

mod accounts_test;
mod api_test;
mod cli_test;
mod detect_test;
mod hostile_test;
mod http_test;
mod logs_test;
mod mfa_email_test;
mod mfa_test;
mod mta_test;
mod oauth_grants_test;
mod oauth_test;
mod rate_limit;
mod relay_test;
mod replay_test;
