//! A fresh install without demo data, exactly as the README tells it, on SQLite and
//! PostgreSQL: the commands of the README's shell blocks under "Signing in" (the first
//! administrator), "Importing a building" and "Importing an organisation" are read from the
//! README and run as they stand, on the example files they name (`docs/examples/`). Then a
//! server starts on that database, an imported employee accepts an invitation with a passkey
//! (a real Chromium with a virtual authenticator) and books a desk in their unit's home zones
//! through `POST /api/v1/bookings`. So the README's example cannot rot.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use fantoccini::Locator;
use serde_json::json;
use tests::browser::Browser;
use tests::db::{Backend, TestDatabase};
use tests::server::{Options, Server, binary, in_days, workspace_root};

/// The README's sections whose commands a fresh install runs, in order.
const SECTIONS: [&str; 3] = [
    "## Signing in",
    "### Importing a building",
    "### Importing an organisation",
];

/// The employee of `docs/examples/people.csv` who books (unit `bauamt`).
const EMPLOYEE: &str = "lena.hoffmann@stadt.example";

/// Splits a command line as a shell would for plain words, double- and single-quoted ones.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    let mut started = false;
    for c in line.chars() {
        match (quote, c) {
            (None, '#') if !started => break,
            (None, '"' | '\'') => {
                quote = Some(c);
                started = true;
            }
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            (_, c) => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        words.push(word);
    }
    words
}

/// The `platzwahl …` commands in the `sh` blocks of the README section `heading`, as
/// argument lists (continued lines joined, comments dropped).
fn readme_commands(readme: &str, heading: &str) -> Vec<Vec<String>> {
    let mut in_section = false;
    let mut in_block = false;
    let mut in_sh = false;
    let mut commands = Vec::new();
    let mut pending = String::new();
    for line in readme.lines() {
        if line.starts_with("```") {
            in_block = !in_block;
            in_sh = in_block && line.trim() == "```sh";
            continue;
        }
        if !in_block && line.starts_with('#') {
            in_section = line.trim() == heading;
            continue;
        }
        if !(in_section && in_sh) {
            continue;
        }
        pending.push_str(line.trim_end().trim_end_matches('\\'));
        pending.push(' ');
        if line.trim_end().ends_with('\\') {
            continue;
        }
        let command = words(&std::mem::take(&mut pending));
        if command.first().map(String::as_str) == Some("platzwahl") {
            commands.push(command.into_iter().skip(1).collect());
        }
    }
    commands
}

/// Runs `platzwahl args` in the workspace root (where the README's paths start) on
/// `database_url`; panics with its output unless it succeeds. Its standard output.
fn platzwahl(args: &[String], database_url: &str, data: &Path) -> String {
    let output = Command::new(binary())
        .args(args)
        .current_dir(workspace_root())
        .env("PLATZWAHL_DATA_DIR", data)
        .env("PLATZWAHL_DATABASE_URL", database_url)
        .env_remove("PLATZWAHL_DEMO")
        .output()
        .expect("run platzwahl");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "platzwahl {args:?} failed:\n{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// Finds a free desk in the person's home zones on floor 1 on `arguments[0]` and books it for
/// the whole day, as the signed-in page would; resolves to what happened.
const BOOK_A_HOME_DESK: &str = r#"
    const day = arguments[0];
    const done = arguments[arguments.length - 1];
    (async () => {
        const floor = await (await fetch(`/api/v1/availability?floor=1&day=${day}&slot=full_day`)).json();
        const desk = (floor.desks || []).find((d) => d.home_zone && d.state === "free");
        if (!desk) return done({ floor });
        const response = await fetch("/api/v1/bookings", {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ desk_id: desk.id, slot: "full_day", days: { kind: "days", days: [day] } }),
        });
        done({ status: response.status, desk, body: await response.json() });
    })();
"#;

async fn a_fresh_install_as_the_readme_tells_it(backend: Backend) {
    let Some(database) = TestDatabase::create(backend).await else {
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).unwrap();
    let mut ran = Vec::new();
    for heading in SECTIONS {
        let commands = readme_commands(&readme, heading);
        assert!(!commands.is_empty(), "no commands under {heading}");
        for command in commands {
            // Exports write files into the working tree; `invite` needs no test of its own.
            if matches!(command[0].as_str(), "export")
                || command.get(1).is_some_and(|c| c == "invite")
            {
                continue;
            }
            platzwahl(&command, database.url(), data.path());
            ran.push(command.join(" "));
        }
    }
    for example in [
        "people add --name Erika Muster",
        "import docs/examples/building.json",
        "import docs/examples/organisation.json",
        "import docs/examples/units.csv --organisation stadt",
        "import docs/examples/people.csv --organisation stadt",
    ] {
        assert!(
            ran.iter().any(|c| c.starts_with(example)),
            "the README no longer runs `platzwahl {example}`: {ran:#?}"
        );
    }

    // The imported employee is invited, before the server starts, so that no command-line
    // write meets the starting server's on SQLite.
    let link = platzwahl(
        &[
            "people".to_owned(),
            "invite".to_owned(),
            EMPLOYEE.to_owned(),
        ],
        database.url(),
        data.path(),
    );
    let token = link
        .trim()
        .rsplit("/invite/")
        .next()
        .expect("an invitation link")
        .to_owned();
    // A server without demo data on that database.
    let server = Server::start(Options {
        database_url: Some(database.url().to_owned()),
        demo_off: true,
        ..Options::default()
    });

    if let Some(browser) = Browser::start().await {
        let client = &browser.client;
        browser.add_virtual_authenticator().await;
        client
            .goto(&server.localhost(&format!("/invite/{token}")))
            .await
            .unwrap();
        let name = client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Id("passkey-name"))
            .await
            .unwrap();
        name.clear().await.unwrap();
        name.send_keys("Testrechner").await.unwrap();
        browser.wait_for_hydration().await;
        client
            .find(Locator::Css("button[data-passkey='register']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        // Registered, the invitation page goes on to the start page.
        client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_url(&url::Url::parse(&server.localhost("/")).expect("the start page's address"))
            .await
            .expect("the browser reaches the start page");

        let day = in_days(2).to_string();
        let booked = client
            .execute_async(BOOK_A_HOME_DESK, vec![json!(day)])
            .await
            .unwrap();
        assert!(
            booked["status"]
                .as_u64()
                .is_some_and(|s| (200..300).contains(&s)),
            "the booking: {booked}"
        );
        let label = booked["desk"]["label"].as_str().unwrap_or_default();
        assert!(
            label.starts_with("A1."),
            "a desk of the annex's first floor: {booked}"
        );
        assert!(
            booked["body"][0]["result"]["booking_id"].as_i64().is_some(),
            "booked: {booked}"
        );
    }
    assert!(server.terminate());
    database.remove().await;
}

#[tokio::test]
async fn a_fresh_sqlite_install_as_the_readme_tells_it_books_a_desk() {
    a_fresh_install_as_the_readme_tells_it(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_fresh_postgres_install_as_the_readme_tells_it_books_a_desk() {
    a_fresh_install_as_the_readme_tells_it(Backend::Postgres).await;
}
