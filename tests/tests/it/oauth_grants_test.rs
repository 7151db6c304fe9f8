//! OAuth grants over their life, with the real worker, provider and D1 database: a test the
//! abuse limits refuse never reaches the provider (the refresh token stays as it was), a grant
//! no saved account uses is deleted a day after it was last written, and a saved account's
//! grant stays until the account (every account that uses it) is replaced.

use sendready_tests::accounts::test_and_save;
use sendready_tests::mfa::now_s;
use sendready_tests::oidc::{Provider, d1, oauth_test_request, signed_in, stored_grant};
use sendready_tests::{Environment, closed_port, test_request};

use super::rate_limit::TESTS_PER_CLIENT_PER_MINUTE;
use serde_json::{Value, json};

/// `UNUSED_GRANT_TTL_S` in `worker/src/oauth_grants.rs`.
const UNUSED_GRANT_TTL_S: u64 = 24 * 60 * 60;

/// A client address of this run's own, in the shared address space no other test uses.
fn client_ip() -> String {
    let pid = std::process::id();
    format!("100.64.{}.{}", pid / 250 % 250, pid % 250 + 1)
}

/// A test of the MTA's first user with a password: an account without any grant.
fn password_request(environment: &Environment) -> Value {
    let (user, password) = &environment.users[0];
    test_request(environment.starttls_port, "starttls", user, password, false)
}

/// How many saved accounts use the grant `handle`.
fn uses(environment: &Environment, handle: &str) -> String {
    let query = format!("SELECT count(*) FROM account_grants WHERE handle = '{handle}'");
    d1(environment, &query, false)
}

#[test]
fn a_test_the_limits_refuse_is_refused_before_any_refresh_at_the_provider() {
    let environment = Environment::from_env();
    let provider = Provider::from_env();
    let user = &provider.users[0];
    let (session, grant) = signed_in(&environment, &provider, user);
    // Access tokens live 2 minutes, inside the 5-minute margin: any use would refresh now,
    // and the provider rotates the refresh token on every refresh.
    let before = stored_grant(&environment, &grant).expect("the grant is stored");

    let client = client_ip();
    let (password_user, password) = &environment.users[0];
    let closed = test_request(closed_port(), "starttls", password_user, password, false);
    for _ in 0..TESTS_PER_CLIENT_PER_MINUTE {
        let admitted = environment.post_test_as(&client, &closed);
        assert_eq!(admitted.status, 200, "{}", admitted.text());
    }
    let request = oauth_test_request(&environment, user, &grant, &session);
    let refused = environment.post_test_as(&client, &request);
    assert_eq!(
        (refused.status, refused.error_code()),
        (429, "rate_limited".to_owned()),
        "{}",
        refused.text()
    );
    // The address check needs no provider either, and comes first.
    let mut other_address = request.clone();
    other_address["form"]["email"] = json!(provider.users[1]);
    let refused = environment.post_test_as(&client, &other_address);
    assert_eq!(refused.status, 422, "{}", refused.text());
    assert!(refused.text().contains("not_signed_in_address"));

    assert_eq!(
        stored_grant(&environment, &grant),
        Some(before.clone()),
        "no refresh: the refresh token and the expiry are as the sign-in stored them"
    );
    // From an address with budget left, the same test refreshes (and passes).
    let run = environment.run_test(&request);
    assert_eq!(run.report.diagnosis, None, "{}", run.pretty());
    let after = stored_grant(&environment, &grant).expect("still stored");
    assert_ne!(after.0, before.0, "the refresh rotated the refresh token");
}

#[test]
fn an_abandoned_grant_is_deleted_and_a_saved_accounts_grant_goes_with_the_account() {
    let environment = Environment::from_env();
    let provider = Provider::from_env();
    let user = &provider.users[0];
    let tenant = format!("grants-{}", std::process::id());
    let (_, abandoned) = signed_in(&environment, &provider, user);
    let (session, saved) = signed_in(&environment, &provider, user);
    let request = oauth_test_request(&environment, user, &saved, &session);
    let account = test_and_save(&environment, &tenant, &request);
    assert_eq!(account.status, 201, "{}", account.text());
    assert_eq!(uses(&environment, &saved), "1");

    // Both last written more than a day ago; the next sign-in stored deletes the abandoned one.
    let backdated = now_s() - UNUSED_GRANT_TTL_S - 60;
    d1(
        &environment,
        &format!(
            "UPDATE oauth_grants SET updated_at = {backdated} WHERE handle IN ('{abandoned}', '{saved}')"
        ),
        true,
    );
    let (session, next) = signed_in(&environment, &provider, user);
    assert_eq!(stored_grant(&environment, &abandoned), None);
    assert!(
        stored_grant(&environment, &saved).is_some(),
        "a saved account uses it"
    );
    assert!(stored_grant(&environment, &next).is_some());

    // The tenant's account replaced by one with another grant: the old grant goes.
    let request = oauth_test_request(&environment, user, &next, &session);
    let replaced = test_and_save(&environment, &tenant, &request);
    assert_eq!(replaced.status, 201, "{}", replaced.text());
    assert_eq!(stored_grant(&environment, &saved), None);
    assert_eq!(uses(&environment, &saved), "0");
    assert_eq!(uses(&environment, &next), "1");

    // Saved again with the same grant: it stays.
    let again = test_and_save(&environment, &tenant, &request);
    assert_eq!(again.status, 201, "{}", again.text());
    assert!(stored_grant(&environment, &next).is_some());
    assert_eq!(uses(&environment, &next), "1");

    // Replaced by a password account: the grant goes too.
    let with_password = password_request(&environment);
    let replaced = test_and_save(&environment, &tenant, &with_password);
    assert_eq!(replaced.status, 201, "{}", replaced.text());
    assert_eq!(stored_grant(&environment, &next), None);
    assert_eq!(uses(&environment, &next), "0");
}

#[test]
fn a_grant_two_accounts_use_stays_until_both_are_replaced() {
    let environment = Environment::from_env();
    let provider = Provider::from_env();
    let user = &provider.users[0];
    let tenants = ["a", "b"].map(|name| format!("shared-{name}-{}", std::process::id()));
    let (session, grant) = signed_in(&environment, &provider, user);
    let request = oauth_test_request(&environment, user, &grant, &session);
    for tenant in &tenants {
        let saved = test_and_save(&environment, tenant, &request);
        assert_eq!(saved.status, 201, "{}", saved.text());
    }
    assert_eq!(uses(&environment, &grant), "2");

    let with_password = password_request(&environment);
    let replaced = test_and_save(&environment, &tenants[0], &with_password);
    assert_eq!(replaced.status, 201, "{}", replaced.text());
    assert!(
        stored_grant(&environment, &grant).is_some(),
        "the other account still uses it"
    );
    assert_eq!(uses(&environment, &grant), "1");
    let replaced = test_and_save(&environment, &tenants[1], &with_password);
    assert_eq!(replaced.status, 201, "{}", replaced.text());
    assert_eq!(stored_grant(&environment, &grant), None);
}
