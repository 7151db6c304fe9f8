//! Guides for Yandex Mail, QQ Mail and NetEase (163, 126, yeah.net).
//!
//! QQ and NetEase switch SMTP on per mailbox and hand out an "authorisation code" (授权码)
//! after a phone check; the guides name the Chinese menu labels next to the English ones,
//! because the web interfaces are in Chinese. Step ids are stable; the diagnosis links to them.

use super::{Link, Phase, Step};

const YANDEX_SECURITY: Link = Link {
    label: "Yandex ID security",
    url: "https://id.yandex.com/security",
};
const YANDEX_APP_PASSWORDS: Link = Link {
    label: "Yandex app passwords",
    url: "https://id.yandex.com/security/app-passwords",
};
const QQ_MAIL: Link = Link {
    label: "QQ Mail",
    url: "https://mail.qq.com",
};
const NETEASE_MAIL: Link = Link {
    label: "NetEase 163 Mail",
    url: "https://mail.163.com",
};

pub(super) static YANDEX: [Step; 4] = [
    Step {
        id: "yandex.turn_on_2fa",
        phase: Phase::TurnOnSecondFactor,
        title: "Turn on two-factor authentication (recommended)",
        text: "Yandex offers app passwords with or without two-factor authentication; once it is on, only app passwords work in mail programs.",
        substeps: &[
            "In Yandex ID, open Security and follow the prompts to set up two-factor authentication.",
        ],
        notes: &[
            "Turning two-factor authentication on or off resets every app password you made before.",
        ],
        links: &[YANDEX_SECURITY],
    },
    Step {
        id: "yandex.create_app_password",
        phase: Phase::CreateAppPassword,
        title: "Create an app password for mail",
        text: "In Yandex ID, open the app passwords section, choose the Mail type and name the password after the application.",
        substeps: &[
            "Choose Create and copy the password from the window that opens.",
            "Make one password per application, so you can delete one without breaking the others.",
        ],
        notes: &[
            "Yandex shows the password only once; if you lose it, delete it and create a new one.",
        ],
        links: &[YANDEX_APP_PASSWORDS],
    },
    Step {
        id: "yandex.enter_settings",
        phase: Phase::EnterPassword,
        title: "Enter the app password in the application",
        text: "Use the full Yandex address as the user name and the app password as the password.",
        substeps: &["Server: smtp.yandex.com, port 465 with implicit TLS."],
        notes: &[],
        links: &[],
    },
    Step {
        id: "yandex.keep_working",
        phase: Phase::KeepWorking,
        title: "If it stops working later",
        text: "Yandex resets every app password when you change your password (without two-factor authentication), turn two-factor authentication on or off, recover the account, or sign out on all devices; create a new one and enter it again.",
        substeps: &[],
        notes: &[],
        links: &[YANDEX_APP_PASSWORDS],
    },
];

pub(super) static QQ: [Step; 5] = [
    Step {
        id: "qq.turn_on_smtp",
        phase: Phase::Prepare,
        title: "Switch on SMTP for the mailbox",
        text: "In QQ Mail on the web, open Settings (设置), then Account (账户), find the POP3/IMAP/SMTP/Exchange/CardDAV/CalDAV service section and switch on the service.",
        substeps: &[],
        notes: &[
            "Newer versions of the web interface put the section under Settings, General (常规).",
        ],
        links: &[QQ_MAIL],
    },
    Step {
        id: "qq.verify_identity",
        phase: Phase::TurnOnSecondFactor,
        title: "Confirm it is you",
        text: "QQ Mail asks for a check with the phone bound to the QQ account (a text message) or with the linked WeChat before it issues a code.",
        substeps: &[
            "Follow the prompt: send the text message it shows, or scan the QR code with WeChat.",
        ],
        notes: &[],
        links: &[],
    },
    Step {
        id: "qq.create_app_password",
        phase: Phase::CreateAppPassword,
        title: "Generate an authorisation code (授权码)",
        text: "Choose Generate authorisation code (生成授权码); QQ Mail shows a 16-character code for mail programs.",
        substeps: &["Copy the code and add a note saying which application uses it."],
        notes: &[
            "Note the code down straight away; QQ Mail does not show it again, but you can generate as many as you need.",
            "Since 1 November 2022 the QQ password is refused in mail programs; only authorisation codes work.",
        ],
        links: &[QQ_MAIL],
    },
    Step {
        id: "qq.enter_settings",
        phase: Phase::EnterPassword,
        title: "Enter the authorisation code in the application",
        text: "Use the full QQ Mail address as the user name and the authorisation code as the password.",
        substeps: &["Server: smtp.qq.com, port 465 with implicit TLS."],
        notes: &[],
        links: &[],
    },
    Step {
        id: "qq.keep_working",
        phase: Phase::KeepWorking,
        title: "After a QQ password change",
        text: "Changing the QQ password voids every authorisation code; generate a new one and enter it in the application again.",
        substeps: &[
            "Codes can also be voided one by one under the account's device management (设备管理).",
        ],
        notes: &[],
        links: &[QQ_MAIL],
    },
];

pub(super) static NETEASE: [Step; 4] = [
    Step {
        id: "netease.turn_on_smtp",
        phase: Phase::Prepare,
        title: "Switch on SMTP for the mailbox",
        text: "In the NetEase web mail, open Settings (设置), then POP3/SMTP/IMAP, and switch on the IMAP/SMTP service.",
        substeps: &[],
        notes: &[],
        links: &[NETEASE_MAIL],
    },
    Step {
        id: "netease.verify_phone",
        phase: Phase::TurnOnSecondFactor,
        title: "Confirm with your mobile phone",
        text: "NetEase asks for a check with the mobile number bound to the account before it issues an authorisation code.",
        substeps: &["Send the text message it shows, or enter the code it sends, as prompted."],
        notes: &[],
        links: &[],
    },
    Step {
        id: "netease.create_app_password",
        phase: Phase::CreateAppPassword,
        title: "Get a client authorisation code (授权码)",
        text: "Once the service is on, NetEase shows a client authorisation code; mail programs sign in with it instead of the login password.",
        substeps: &["Copy the code and note which application uses it."],
        notes: &[
            "NetEase shows the code only once; add a new one under the same settings page if you lose it.",
        ],
        links: &[NETEASE_MAIL],
    },
    Step {
        id: "netease.enter_settings",
        phase: Phase::EnterPassword,
        title: "Enter the authorisation code in the application",
        text: "Use the full address as the user name and the authorisation code as the password.",
        substeps: &[
            "Server: smtp.163.com, smtp.126.com or smtp.yeah.net to match the address, port 465 with implicit TLS.",
        ],
        notes: &[],
        links: &[],
    },
];
