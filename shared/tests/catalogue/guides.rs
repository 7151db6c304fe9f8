//! Every guide: long enough, well-formed, reachable by stable ids, and teaching what the seeds
//! teach.

use std::collections::HashSet;

use sendready_shared::providers::{self, Phase, ProviderId, Step};

fn all_text(step: &Step) -> String {
    let mut text = format!("{} {}", step.title, step.text);
    for part in step.substeps.iter().chain(step.notes) {
        text.push(' ');
        text.push_str(part);
    }
    text
}

fn guide_text(id: ProviderId) -> String {
    id.provider()
        .guide
        .iter()
        .map(all_text)
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_preset_has_a_guide_of_at_least_three_steps() {
    for provider in providers::catalogue().providers {
        assert!(
            provider.guide.len() >= 3,
            "{:?} has {} steps",
            provider.id,
            provider.guide.len()
        );
    }
}

#[test]
fn step_ids_are_unique_stable_and_prefixed() {
    let mut seen = HashSet::new();
    for provider in providers::catalogue().providers {
        for step in provider.guide {
            assert!(seen.insert(step.id), "duplicate step id {}", step.id);
            let (prefix, name) = step.id.split_once('.').expect("ids are provider.name");
            assert_eq!(prefix, provider.id.as_str());
            assert!(
                !name.is_empty()
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit()),
                "{}",
                step.id
            );
            assert_eq!(
                providers::guide_step(provider.id, step.id).map(|found| found.id),
                Some(step.id)
            );
            assert_eq!(
                providers::guide_step(provider.id, name).map(|found| found.id),
                Some(step.id)
            );
            assert_eq!(
                providers::step(step.id).map(|(id, _)| id),
                Some(provider.id)
            );
        }
    }
}

#[test]
fn steps_are_written_out_and_links_are_https() {
    for provider in providers::catalogue().providers {
        for step in provider.guide {
            assert!(
                !step.title.is_empty() && !step.text.is_empty(),
                "{}",
                step.id
            );
            for part in [step.title, step.text]
                .iter()
                .chain(step.substeps)
                .chain(step.notes)
            {
                assert_eq!(part.trim(), *part, "{}: stray whitespace", step.id);
                assert!(!part.contains("  "), "{}: double space", step.id);
            }
            for link in step.links {
                assert!(
                    link.url.starts_with("https://") && !link.label.is_empty(),
                    "{}: {}",
                    step.id,
                    link.url
                );
            }
        }
    }
}

#[test]
fn app_password_guides_cover_two_factor_creation_and_entry_in_order() {
    for provider in providers::catalogue().providers {
        let phases: Vec<Phase> = provider.guide.iter().map(|step| step.phase).collect();
        assert!(phases.contains(&Phase::EnterPassword), "{:?}", provider.id);
        assert!(
            phases.is_sorted_by_key(|phase| *phase as u8),
            "{:?} phases out of order: {phases:?}",
            provider.id
        );
        if provider.app_password.is_some() {
            for phase in [Phase::TurnOnSecondFactor, Phase::CreateAppPassword] {
                assert!(phases.contains(&phase), "{:?} lacks {phase:?}", provider.id);
            }
            let create = provider
                .guide
                .iter()
                .find(|step| step.phase == Phase::CreateAppPassword)
                .expect("checked above");
            let has_url = provider
                .app_password
                .as_ref()
                .and_then(|fact| fact.value.url)
                .is_some();
            assert!(
                !has_url || !create.links.is_empty(),
                "{}: link to where the password is made",
                create.id
            );
        }
    }
}

/// The diagnosis sends a person to "create the app password" with
/// `step_in_phase(id, Phase::CreateAppPassword, …)`; it must find a step for every preset that
/// has app passwords or service credentials.
#[test]
fn every_preset_with_credentials_has_a_create_app_password_step() {
    for provider in providers::catalogue().providers {
        let step =
            providers::step_in_phase(provider.id, Phase::CreateAppPassword, "create_app_password");
        if provider.app_password.is_some() {
            assert!(step.is_some(), "{:?}", provider.id);
        }
        if let Some(id) = step {
            assert_eq!(
                providers::step(id).map(|(owner, _)| owner),
                Some(provider.id)
            );
        }
    }
}

#[test]
fn microsoft_guide_teaches_security_info_shown_once_and_mfa_resets() {
    let create = providers::guide_step(ProviderId::Microsoft365, "create_app_password")
        .expect("step exists");
    let text = all_text(create);
    assert!(
        text.contains("Security info") && text.contains("App password"),
        "{text}"
    );
    assert!(
        text.contains("never shows") && text.contains("Write it down"),
        "{text}"
    );
    assert!(
        text.contains("Additional security verification"),
        "seed 000's older page: {text}"
    );
    let reset = providers::guide_step(ProviderId::Microsoft365, "mfa_reset").expect("step exists");
    let reset = all_text(reset);
    assert!(reset.contains("enter it in the application again"));
    assert!(
        !reset.contains("password expires") && reset.contains("changed or reset"),
        "a password reset does not revoke app passwords: {reset}"
    );
    assert!(guide_text(ProviderId::Microsoft365).contains("Security defaults"));
}

#[test]
fn smartermail_guide_teaches_the_eye_icon_and_enabled_versus_enforced() {
    let reveal = all_text(
        providers::guide_step(ProviderId::Smartermail, "show_app_password").expect("step exists"),
    );
    assert!(
        reveal.contains("eye icon") && reveal.contains("IMAP/POP/SMTP"),
        "{reveal}"
    );
    let domain = all_text(
        providers::guide_step(ProviderId::Smartermail, "enable_for_domain").expect("step exists"),
    );
    assert!(
        domain.contains("Enabled") && domain.contains("enforced"),
        "{domain}"
    );
    assert!(guide_text(ProviderId::Smartermail).contains("Recovery Email"));
}

#[test]
fn host_generated_device_passwords_and_blocked_accounts_are_covered() {
    let text = guide_text(ProviderId::Other);
    assert!(
        text.contains("device password") && text.contains("shown only once"),
        "{text}"
    );
    assert!(text.contains("blocked from sending"), "{text}");
}

#[test]
fn exchange_guide_covers_on_premises_specifics() {
    let text = guide_text(ProviderId::Exchange);
    for needle in [
        "Client Frontend",
        "587",
        "STARTTLS",
        "no app passwords",
        "self-signed",
        "DOMAIN\\name",
    ] {
        assert!(text.contains(needle), "missing {needle:?}");
    }
}

#[test]
fn shown_once_passwords_say_so_in_the_guide() {
    for provider in providers::catalogue().providers {
        let shown_once = provider
            .app_password
            .as_ref()
            .is_some_and(|fact| fact.value.shown_once);
        if shown_once && provider.id != ProviderId::Other {
            let text = guide_text(provider.id).to_lowercase();
            assert!(
                ["once", "never shows", "not show", "does not show", "again"]
                    .iter()
                    .any(|needle| text.contains(needle)),
                "{:?}",
                provider.id
            );
        }
    }
}
