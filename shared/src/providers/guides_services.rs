//! Guides for sending services: Amazon SES, Twilio SendGrid and Mailgun.
//!
//! With these the "app password" is a credential the service issues for SMTP: SES SMTP
//! credentials, a SendGrid API key, a Mailgun SMTP login. The guides make that credential in
//! the `CreateAppPassword` phase, like every other provider's. Step ids are stable; the
//! diagnosis links to them.

use super::{Link, Phase, Step};

const SES_SMTP_SETTINGS: Link = Link {
    label: "Amazon SES console: SMTP settings",
    url: "https://console.aws.amazon.com/ses/home#/smtp",
};
const SES_IDENTITIES: Link = Link {
    label: "Amazon SES console: verified identities",
    url: "https://console.aws.amazon.com/ses/home#/identities",
};
const AWS_SECURITY_CREDENTIALS: Link = Link {
    label: "AWS security credentials (MFA)",
    url: "https://console.aws.amazon.com/iam/home#/security_credentials",
};
const SENDGRID_API_KEYS: Link = Link {
    label: "SendGrid API keys",
    url: "https://app.sendgrid.com/settings/api_keys",
};
const SENDGRID_AUTH: Link = Link {
    label: "SendGrid two-factor authentication",
    url: "https://app.sendgrid.com/settings/auth",
};
const SENDGRID_SMTP_HELP: Link = Link {
    label: "SendGrid: integrating with the SMTP API",
    url: "https://www.twilio.com/docs/sendgrid/for-developers/sending-email/integrating-with-the-smtp-api",
};
const MAILGUN_APP: Link = Link {
    label: "Mailgun control panel",
    url: "https://app.mailgun.com",
};
const MAILGUN_SMTP_HELP: Link = Link {
    label: "Mailgun: SMTP relay",
    url: "https://documentation.mailgun.com/docs/mailgun/user-manual/smtp-protocol/smtp-relay",
};

pub(super) static AMAZON_SES: [Step; 4] = [
    Step {
        id: "amazon_ses.verify_identity",
        phase: Phase::Prepare,
        title: "Verify the sender and pick the region",
        text: "SES only sends from domains or addresses verified in the region you use; verify them under Verified identities in that region first.",
        substeps: &[
            "Note the region shown at the top of the console, for example us-east-1.",
            "New accounts start in the sandbox, where mail only goes to verified addresses until you request production access.",
        ],
        notes: &[],
        links: &[SES_IDENTITIES],
    },
    Step {
        id: "amazon_ses.turn_on_mfa",
        phase: Phase::TurnOnSecondFactor,
        title: "Protect the AWS account with MFA (recommended)",
        text: "SMTP credentials never ask for a second factor, so protect the console that creates them: add an MFA device under Security credentials.",
        substeps: &[],
        notes: &[],
        links: &[AWS_SECURITY_CREDENTIALS],
    },
    Step {
        id: "amazon_ses.create_smtp_credentials",
        phase: Phase::CreateAppPassword,
        title: "Create SMTP credentials",
        text: "In the SES console of your region, open SMTP settings and choose Create SMTP credentials; SES makes an IAM user allowed to send and shows its SMTP user name and password.",
        substeps: &[
            "Copy both values, or download them as a file.",
            "The SMTP password is not your AWS secret access key and not your console password.",
        ],
        notes: &[
            "SES shows the password only once; if you lose it, create new credentials.",
            "Credentials work only in the region they were created in.",
        ],
        links: &[SES_SMTP_SETTINGS],
    },
    Step {
        id: "amazon_ses.enter_settings",
        phase: Phase::EnterPassword,
        title: "Enter the SMTP credentials in the application",
        text: "Use the SMTP user name and password from the previous step, and the endpoint of the same region.",
        substeps: &[
            "Server: email-smtp.<region>.amazonaws.com, for example email-smtp.us-east-1.amazonaws.com.",
            "Port 587 with STARTTLS, or 465 with implicit TLS.",
            "E-mail: an address on a verified identity.",
        ],
        notes: &[],
        links: &[],
    },
];

pub(super) static SENDGRID: [Step; 4] = [
    Step {
        id: "sendgrid.verify_sender",
        phase: Phase::Prepare,
        title: "Verify the sender",
        text: "SendGrid sends only from a verified single sender or an authenticated domain; set one up under Sender Authentication first.",
        substeps: &[],
        notes: &[],
        links: &[],
    },
    Step {
        id: "sendgrid.turn_on_2fa",
        phase: Phase::TurnOnSecondFactor,
        title: "Set up two-factor authentication",
        text: "SendGrid has required two-factor authentication for every account since the end of 2020; set it up under Settings, Two-Factor Authentication if it asks.",
        substeps: &[],
        notes: &[],
        links: &[SENDGRID_AUTH],
    },
    Step {
        id: "sendgrid.create_api_key",
        phase: Phase::CreateAppPassword,
        title: "Create an API key",
        text: "Under Settings, API Keys, choose Create API Key, name it after the application and give it at least Mail Send permission.",
        substeps: &["Copy the key; it starts with SG. and is 69 characters long."],
        notes: &["SendGrid shows the key only once; if you lose it, delete it and create another."],
        links: &[SENDGRID_API_KEYS, SENDGRID_SMTP_HELP],
    },
    Step {
        id: "sendgrid.enter_settings",
        phase: Phase::EnterPassword,
        title: "Enter the API key in the application",
        text: "The user name is the word apikey, exactly as written, and the password is the API key.",
        substeps: &[
            "Server: smtp.sendgrid.net, port 587 with STARTTLS (2525 also works, or 465 with implicit TLS).",
            "E-mail: the verified sender or an address on the authenticated domain.",
        ],
        notes: &["Paste the key on one line; a line break inside it makes the sign-in fail."],
        links: &[],
    },
];

pub(super) static MAILGUN: [Step; 4] = [
    Step {
        id: "mailgun.choose_server",
        phase: Phase::Prepare,
        title: "Pick the server for your region",
        text: "Mailgun runs separate US and EU regions; a domain in one is unknown to the other.",
        substeps: &[
            "US region: smtp.mailgun.org.",
            "EU region: smtp.eu.mailgun.org.",
        ],
        notes: &["Your region is shown next to the sending domain in the control panel."],
        links: &[MAILGUN_APP],
    },
    Step {
        id: "mailgun.turn_on_2fa",
        phase: Phase::TurnOnSecondFactor,
        title: "Turn on two-factor authentication (recommended)",
        text: "SMTP logins never ask for a second factor, so protect the control panel that creates them with two-factor authentication in your account's security settings.",
        substeps: &[],
        notes: &[],
        links: &[MAILGUN_APP],
    },
    Step {
        id: "mailgun.create_smtp_credentials",
        phase: Phase::CreateAppPassword,
        title: "Create SMTP credentials for the sending domain",
        text: "Open the sending domain's settings, then SMTP credentials, and add a login (or reset the password of postmaster@ your domain).",
        substeps: &["Copy the login and the password Mailgun shows."],
        notes: &[
            "Mailgun shows the password once; reset it to get a new one.",
            "Each domain has its own logins; the control panel password never works for SMTP.",
        ],
        links: &[MAILGUN_APP, MAILGUN_SMTP_HELP],
    },
    Step {
        id: "mailgun.enter_settings",
        phase: Phase::EnterPassword,
        title: "Enter the SMTP login in the application",
        text: "Use the full SMTP login (for example postmaster@mg.example.com) as the user name and its password.",
        substeps: &["Port 587 with STARTTLS (2525 also works, or 465 with implicit TLS)."],
        notes: &["Send from an address on the same sending domain."],
        links: &[],
    },
];
