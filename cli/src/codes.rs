//! Exit statuses by class, and every error `code` with its meaning and what to do. This table is
//! the one the README prints (a test keeps the two in step).
//!
//! Outcomes keep their own statuses: 0 confirmed (or: the command did its job), 3 rejected,
//! 4 needs review (or: something is still open after `review`), 5 reconciliation not clean.
//! Every failure of the command itself exits with its code's class.

/// The command did its job: a payment confirmed, a clean reconciliation, nothing left open.
pub const OK: u8 = 0;
/// A payment or reversal the biller refused (and the check proved absent).
pub const REJECTED: u8 = 3;
/// A payment that needs review, or `review` left something open.
pub const NEEDS_REVIEW: u8 = 4;
/// A reconciliation that is not clean.
pub const NOT_CLEAN: u8 = 5;

/// One error code: its exit status, what it means, what to do.
pub struct Code {
    pub code: &'static str,
    pub exit: u8,
    pub meaning: &'static str,
    pub todo: &'static str,
}

/// The exit classes, in the README's order: (status, class).
pub const CLASSES: &[(u8, &str)] = &[
    (0, "done: confirmed, clean, nothing open"),
    (1, "internal"),
    (2, "usage or configuration"),
    (3, "rejected"),
    (4, "needs review / still open"),
    (5, "reconciliation not clean"),
    (6, "input refused"),
    (7, "authentication"),
    (8, "biller refusal or unexpected reply"),
    (9, "network"),
    (10, "journal"),
];

/// Every error code the CLI prints on stderr.
pub const CODES: &[Code] = &[
    Code {
        code: "internal",
        exit: 1,
        meaning: "a fault in recaudo itself",
        todo: "report it with the message; whether a request reached the biller is unknown, so run `recaudo review` for payments",
    },
    Code {
        code: "usage",
        exit: 2,
        meaning: "the command line is wrong: unknown flag, missing argument, a value out of range (`--timeout 0`), no journal where one is needed",
        todo: "see `recaudo <command> --help`",
    },
    Code {
        code: "config",
        exit: 2,
        meaning: "missing credentials or base URL (all listed at once, by variable), or a bad setting in the environment",
        todo: "set every variable the message lists, give `--base-url`",
    },
    Code {
        code: "insecure_url",
        exit: 2,
        meaning: "plain `http://` to a host that is not this machine",
        todo: "use the `https://` URL; only where the biller offers nothing else, add `--allow-insecure-http`",
    },
    Code {
        code: "unsupported",
        exit: 2,
        meaning: "the biller does not offer this step",
        todo: "see `recaudo capabilities`",
    },
    Code {
        code: "sim",
        exit: 2,
        meaning: "the simulator could not start (port in use)",
        todo: "pick another `--port`",
    },
    Code {
        code: "invalid_input",
        exit: 6,
        meaning: "a value was refused before anything was sent (id, receipt, date, a row of an export)",
        todo: "fix the value the message names (an export's row is named by its line); nothing was sent",
    },
    Code {
        code: "invalid_amount",
        exit: 6,
        meaning: "an amount was refused before anything was sent (not above 0, too many decimals, above the balance, `25,00`)",
        todo: "give plain decimal text such as `25.00`; nothing was sent",
    },
    Code {
        code: "not_payable",
        exit: 6,
        meaning: "Zoom has no payable document by that id (unknown, cancelled or fully paid)",
        todo: "look the document up again; nothing was sent",
    },
    Code {
        code: "not_approved",
        exit: 6,
        meaning: "the pay-button transaction is not approved at Zoom",
        todo: "check `recaudo zoom button-result --control N`; nothing was sent",
    },
    Code {
        code: "auth",
        exit: 7,
        meaning: "the biller refused the credentials",
        todo: "check the `RECAUDO_<BILLER>_*` variables with the biller; nothing was paid",
    },
    Code {
        code: "biller",
        exit: 8,
        meaning: "the biller answered with its own error (code and message verbatim)",
        todo: "read the biller's message; ask the biller when it is not about your input",
    },
    Code {
        code: "http_status",
        exit: 8,
        meaning: "an HTTP status the endpoint does not document: 404 is a wrong path, 5xx trouble at the biller",
        todo: "404: check `--base-url` (the biller's root; the message names the URL); 5xx: try again later",
    },
    Code {
        code: "decode",
        exit: 8,
        meaning: "the reply is not the biller's envelope: `--base-url` points at another service, or the biller changed its API",
        todo: "check `--base-url` (the message names the URL); if it is right, report the message",
    },
    Code {
        code: "connect",
        exit: 9,
        meaning: "nothing answered at the URL (the request never left)",
        todo: "check `--base-url`, the network, that the biller (or `recaudo sim`) runs",
    },
    Code {
        code: "timeout",
        exit: 9,
        meaning: "no answer within `--timeout`",
        todo: "try again, or raise `--timeout`; a payment is never left here: it ends as an outcome",
    },
    Code {
        code: "network",
        exit: 9,
        meaning: "the connection broke during the exchange",
        todo: "try again; a payment is never left here: it ends as an outcome",
    },
    Code {
        code: "storage",
        exit: 10,
        meaning: "the journal could not be read or written, or a line of it is damaged",
        todo: "check the file the message names (disk space, permissions); restore a damaged line from a backup",
    },
];

/// The exit status for an error code (unknown codes are internal).
pub fn exit_for(code: &str) -> u8 {
    CODES.iter().find(|c| c.code == code).map_or(1, |c| c.exit)
}

/// What to do about an error code.
pub fn todo_for(code: &str) -> Option<&'static str> {
    CODES.iter().find(|c| c.code == code).map(|c| c.todo)
}

/// `recaudo codes`: the classes and the codes, as the README shows them.
pub fn report() -> crate::output::Report {
    use serde_json::json;
    let json = json!({
        "classes": CLASSES.iter().map(|(exit, class)| json!({"exit": exit, "class": class})).collect::<Vec<_>>(),
        "codes": CODES.iter().map(|c| json!({"code": c.code, "exit": c.exit, "meaning": c.meaning, "what_to_do": c.todo})).collect::<Vec<_>>(),
    });
    let mut classes = crate::output::table(&["exit", "class"]);
    for (exit, class) in CLASSES {
        classes.add_row(vec![exit.to_string(), (*class).to_owned()]);
    }
    let mut codes = crate::output::table(&["code", "exit", "meaning", "what to do"]);
    for c in CODES {
        codes.add_row(vec![c.code, &c.exit.to_string(), c.meaning, c.todo]);
    }
    codes.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
    codes.set_width(120);
    let text = format!(
        "exit statuses\n{}\nerror codes (stderr: {{\"code\", \"message\", \"hint\"}} with --json)\n{}",
        crate::output::indented(&classes),
        crate::output::indented(&codes)
    );
    crate::output::Report::new(json, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The README's table lists every code with its exit status, and every class.
    #[test]
    fn the_readme_table_lists_every_code_and_class() {
        let readme = include_str!("../../README.md");
        for c in CODES {
            let row = format!("| `{}` | {} | {} | {} |", c.code, c.exit, c.meaning, c.todo);
            assert!(readme.contains(&row), "README lacks the row `{row}`");
        }
        for (exit, class) in CLASSES {
            let row = format!("| {exit} | {class} |");
            assert!(readme.contains(&row), "README lacks the class row `{row}`");
        }
    }

    /// Every code of the core's one list has its row here (exit status, what to do): a code
    /// added to `recaudo_core::ErrorCode` without one would exit as internal, with no advice.
    #[test]
    fn every_core_error_code_has_a_row() {
        for code in recaudo_core::ErrorCode::ALL {
            assert!(
                CODES.iter().any(|c| c.code == code.as_str()),
                "no row in CODES for the core error code `{code}`"
            );
        }
    }

    #[test]
    fn every_class_of_an_error_is_listed() {
        for c in CODES {
            assert!(CLASSES.iter().any(|(e, _)| *e == c.exit), "{}", c.code);
        }
        assert_eq!(exit_for("no such code"), 1);
    }
}
