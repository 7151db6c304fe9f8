//! The chosen provider's guide in place: dated notices first, then numbered steps with their
//! sub-steps, notes and links, and the "shown only once" warning where the provider has one.
//!
//! Every step carries an element id built from its stable catalogue id, so a diagnosis can
//! link straight to the step that fixes it (`step_anchor`).

use leptos::prelude::*;
use sendready_shared::ground::ProviderId;
use sendready_shared::providers::{Login, Notice, Phase, Provider, Step};

use crate::ids::Ids;

/// The guide of one preset.
#[component]
pub fn Guide(
    /// The element ids of this widget.
    ids: Ids,
    /// The preset whose guide to show.
    provider: ProviderId,
) -> impl IntoView {
    let preset = provider.provider();
    let banners = preset
        .notices
        .iter()
        .map(|notice| notice_banner(preset, notice))
        .collect_view();
    let shown_once = preset
        .app_password
        .filter(|fact| fact.value.shown_once)
        .map(|fact| {
            format!(
                "{} shows the {} a single time. Copy it now and paste it below; if you lose it, make a new one.",
                short_name(preset),
                fact.value.name
            )
        });
    // The warning goes with the step that creates the password.
    let warned_step = preset
        .guide
        .iter()
        .find(|step| step.phase == Phase::CreateAppPassword)
        .map(|step| step.id);
    let steps = preset
        .guide
        .iter()
        .map(|step| {
            let warning = shown_once.clone().filter(|_| Some(step.id) == warned_step);
            step_item(ids, step, warning)
        })
        .collect_view();
    view! {
        <div class="sr-guide" data-provider=provider.as_str()>
            {banners}
            <ol class="sr-steps">{steps}</ol>
        </div>
    }
}

/// Why sign-in comes first for a preset whose password sign-in is being switched off, and the
/// guide step that still applies to it (an administrator allowing SMTP AUTH at all).
#[component]
pub fn SignInLead(
    /// The element ids of this widget.
    ids: Ids,
    /// The preset whose password sign-in ends.
    provider: ProviderId,
) -> impl IntoView {
    let preset = provider.provider();
    let ending = match preset.login.value {
        Login::Ending { from } => format!(" ({})", format_date(from)),
        _ => String::new(),
    };
    let prepare = preset
        .guide
        .iter()
        .find(|step| step.phase == Phase::Prepare)
        .map(|step| {
            view! {
                " It still needs the first step below: "
                <a href=format!("#{}", step_anchor(ids, step.id))>{step.title}</a>
                "."
            }
        });
    view! {
        <p class="sr-lead" data-lead="sign_in">
            {format!(
                "No app password to create or copy, and it keeps working when password sign-in is switched off by default{ending}."
            )}
            {prepare}
        </p>
    }
}

/// The element id of a guide step inside this widget, for links from a diagnosis.
pub fn step_anchor(ids: Ids, step_id: &str) -> String {
    ids.of(&format!("step-{}", step_id.replace('.', "-")))
}

/// A step of any provider's guide, inline: for a diagnosis that points outside the shown guide.
#[component]
pub fn StepCard(
    /// The step, by its stable id.
    step: &'static Step,
) -> impl IntoView {
    view! {
        <div class="sr-step-card">
            <p><strong>{step.title}</strong>" — "{step.text}</p>
            <ul class="sr-links">{links(step)}</ul>
        </div>
    }
}

fn step_item(ids: Ids, step: &'static Step, shown_once: Option<String>) -> impl IntoView + use<> {
    let substeps = (!step.substeps.is_empty()).then(|| {
        view! {
            <ol class="sr-substeps" type="a">
                {step.substeps.iter().map(|text| view! { <li>{*text}</li> }).collect_view()}
            </ol>
        }
    });
    let notes = step
        .notes
        .iter()
        .map(|note| view! { <p class="sr-note">{*note}</p> })
        .collect_view();
    view! {
        <li class="sr-step" id=step_anchor(ids, step.id) data-step=step.id data-phase=phase_name(step.phase) tabindex="-1">
            <h4>{step.title}</h4>
            <p>{step.text}</p>
            {substeps}
            {shown_once.map(|text| view! {
                <p class="sr-note sr-once"><strong>"Shown only once: "</strong>{text}</p>
            })}
            {notes}
            <ul class="sr-links">{links(step)}</ul>
        </li>
    }
}

fn links(step: &'static Step) -> impl IntoView + use<> {
    step.links
        .iter()
        .map(|link| {
            view! {
                <li>
                    <a href=link.url target="_blank" rel="noopener noreferrer">
                        {link.label}<span class="sr-visually-hidden">" (opens in a new tab)"</span>
                    </a>
                </li>
            }
        })
        .collect_view()
}

/// A dated notice; a change that ends password sign-in reads as a warning.
fn notice_banner(preset: &'static Provider, notice: &'static Notice) -> impl IntoView + use<> {
    let ending = matches!(
        preset.login.value,
        Login::Ending { .. } | Login::OauthOnly { .. }
    );
    view! {
        <div class="sr-banner" data-notice=notice.id data-severity=if ending { "warning" } else { "info" } role="note">
            <p><strong>{format_date(notice.date)}": "</strong>{notice.text}</p>
        </div>
    }
}

/// `2026-12` → "December 2026", `2024-09-16` → "16 September 2024".
fn format_date(date: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let mut parts = date.split('-');
    let (year, month, day) = (parts.next(), parts.next(), parts.next());
    let month = month
        .and_then(|m| m.parse::<usize>().ok())
        .and_then(|m| MONTHS.get(m.wrapping_sub(1)));
    match (year, month, day) {
        (Some(year), Some(month), Some(day)) => {
            format!("{} {month} {year}", day.trim_start_matches('0'))
        }
        (Some(year), Some(month), None) => format!("{month} {year}"),
        _ => date.to_owned(),
    }
}

/// "Microsoft 365 (Exchange Online)" → "Microsoft 365", for running text.
pub fn short_name(preset: &Provider) -> &'static str {
    preset.name.split(" (").next().unwrap_or(preset.name)
}

fn phase_name(phase: Phase) -> &'static str {
    match phase {
        Phase::Prepare => "prepare",
        Phase::TurnOnSecondFactor => "turn_on_second_factor",
        Phase::CreateAppPassword => "create_app_password",
        Phase::EnterPassword => "enter_password",
        Phase::KeepWorking => "keep_working",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_people_write_them() {
        assert_eq!(format_date("2024-09-16"), "16 September 2024");
        assert_eq!(format_date("2026-12"), "December 2026");
        assert_eq!(format_date("soon"), "soon");
    }
}
