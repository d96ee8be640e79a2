//! A private OpenLDAP (`slapd` from Debian) for the directory sync tests: its own
//! configuration and database in a temporary directory, on free ports, with TLS (a CA made
//! for the test, as [`crate::mqtt::SecuredBroker`] makes one) on an `ldaps://` port and
//! StartTLS on the `ldap://` port, the memberof overlay (so people carry `memberOf`), and a
//! service account the sync binds as. Entries are added, changed and removed with
//! `ldapadd`, `ldapmodify` and `ldapdelete` (Debian's `ldap-utils`). Stopped when dropped.
//!
//! Ready means slapd said `slapd starting` (after its listeners are open): no polling, no
//! sleeps.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use crate::server::free_port;

/// The slapd binary.
pub const SLAPD_BIN: &str = "/usr/sbin/slapd";

/// The directory's suffix.
pub const BASE: &str = "dc=stadt,dc=example";
/// Where the people are.
pub const PEOPLE: &str = "ou=people,dc=stadt,dc=example";
/// The service account the sync binds as.
pub const SERVICE_DN: &str = "cn=platzwahl,ou=services,dc=stadt,dc=example";
/// Its password.
pub const SERVICE_PASSWORD: &str = "service-secret-4711";
/// The directory administrator (slapd's rootdn), for changing entries.
const ADMIN_DN: &str = "cn=admin,dc=stadt,dc=example";
const ADMIN_PASSWORD: &str = "admin-secret";

/// A running slapd.
pub struct Slapd {
    child: Child,
    /// The `ldap://` port on 127.0.0.1 (StartTLS offered).
    pub port: u16,
    /// The `ldaps://` port on 127.0.0.1.
    pub tls_port: u16,
    /// The PEM file of the CA that signed its certificate (for `localhost` and 127.0.0.1).
    pub ca_file: PathBuf,
    /// What it wrote to standard error.
    pub log: Arc<Mutex<String>>,
    dir: tempfile::TempDir,
}

fn run(program: &str, args: &[&str], input: Option<&str>) -> String {
    match try_run(program, args, input) {
        Ok(out) => out,
        Err(why) => panic!("{why}"),
    }
}

/// Runs `program` with `args`, `input` on its standard input; its output, or why it failed.
fn try_run(program: &str, args: &[&str], input: Option<&str>) -> Result<String, String> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(input.unwrap_or_default().as_bytes())
            .expect("write stdin");
    }
    let output = child.wait_with_output().expect("wait");
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(format!(
            "{program} {args:?} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// Whether slapd and the LDAP tools are installed; in CI (`CI=true`) their absence fails the
/// test ([`crate::services::missing`]).
pub fn available() -> bool {
    let tools = ["ldapadd", "ldapmodify", "ldapdelete", "ldapsearch"]
        .iter()
        .all(|tool| {
            Command::new(tool)
                .arg("-VV")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok()
        });
    if std::path::Path::new(SLAPD_BIN).exists() && tools {
        return true;
    }
    crate::services::missing(
        "OpenLDAP (slapd, ldap-utils)",
        "install the Debian packages slapd and ldap-utils (scripts/bootstrap test)",
    );
    false
}

impl Slapd {
    /// Starts slapd with an empty directory (suffix, `ou=people`, `ou=groups`, the service
    /// account) and waits until it serves. Call [`available`] first.
    pub fn start() -> Slapd {
        // Its ports were free a moment ago; a parallel test may have taken one since: then
        // slapd (or the first connection) fails, and it starts again on other ports.
        let mut why = String::new();
        for _ in 0..3 {
            match Self::try_start() {
                Ok(slapd) => return slapd,
                Err(failed) => why = failed,
            }
        }
        panic!("slapd did not start in three attempts: {why}");
    }

    fn try_start() -> Result<Slapd, String> {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = |name: &str| dir.path().join(name).display().to_string();
        make_certificates(&path);
        std::fs::create_dir(dir.path().join("db")).expect("db dir");
        let port = free_port();
        let mut tls_port = free_port();
        while tls_port == port {
            tls_port = free_port();
        }
        std::fs::write(
            dir.path().join("slapd.conf"),
            format!(
                "include /etc/ldap/schema/core.schema\n\
                 include /etc/ldap/schema/cosine.schema\n\
                 include /etc/ldap/schema/inetorgperson.schema\n\
                 modulepath /usr/lib/ldap\n\
                 moduleload back_mdb\n\
                 moduleload memberof\n\
                 pidfile {pid}\n\
                 TLSCACertificateFile {ca}\n\
                 TLSCertificateFile {cert}\n\
                 TLSCertificateKeyFile {key}\n\
                 access to attrs=userPassword by anonymous auth by * none\n\
                 access to * by * read\n\
                 database mdb\n\
                 suffix \"{BASE}\"\n\
                 rootdn \"{ADMIN_DN}\"\n\
                 rootpw {ADMIN_PASSWORD}\n\
                 directory {db}\n\
                 maxsize 104857600\n\
                 overlay memberof\n",
                pid = path("slapd.pid"),
                ca = path("ca.pem"),
                cert = path("server.pem"),
                key = path("server.key"),
                db = path("db"),
            ),
        )
        .expect("write slapd.conf");
        let mut child = Command::new(SLAPD_BIN)
            .args([
                "-f",
                &path("slapd.conf"),
                "-h",
                &format!("ldap://127.0.0.1:{port}/ ldaps://127.0.0.1:{tls_port}/"),
                // Only what is logged at any level: `slapd starting`, and errors.
                "-d",
                "32768",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start slapd");
        let log = Arc::new(Mutex::new(String::new()));
        let (ready_tx, ready_rx) = mpsc::channel();
        let stderr = child.stderr.take().expect("stderr");
        {
            let log = Arc::clone(&log);
            std::thread::spawn(move || {
                let mut ready = Some(ready_tx);
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    if line.contains("slapd starting")
                        && let Some(tx) = ready.take()
                    {
                        let _ = tx.send(());
                    }
                    let mut log = log.lock().expect("log");
                    log.push_str(&line);
                    log.push('\n');
                }
                // The sender is dropped here if slapd ended before it was ready.
            });
        }
        if ready_rx.recv_timeout(Duration::from_secs(30)).is_err() {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "slapd did not start: {}",
                log.lock().map(|l| l.clone()).unwrap_or_default()
            ));
        }
        let slapd = Slapd {
            child,
            port,
            tls_port,
            ca_file: dir.path().join("ca.pem"),
            log,
            dir,
        };
        let url = slapd.url();
        try_run(
            "ldapadd",
            &["-x", "-H", &url, "-D", ADMIN_DN, "-w", ADMIN_PASSWORD],
            Some(&format!(
                "dn: {BASE}\nobjectClass: dcObject\nobjectClass: organization\ndc: stadt\no: Stadt\n\n\
             dn: {PEOPLE}\nobjectClass: organizationalUnit\nou: people\n\n\
             dn: ou=groups,{BASE}\nobjectClass: organizationalUnit\nou: groups\n\n\
             dn: ou=services,{BASE}\nobjectClass: organizationalUnit\nou: services\n\n\
             dn: {SERVICE_DN}\nobjectClass: applicationProcess\nobjectClass: simpleSecurityObject\n\
             cn: platzwahl\nuserPassword: {SERVICE_PASSWORD}\n"
            )),
        )?;
        Ok(slapd)
    }

    /// `ldap://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("ldap://127.0.0.1:{}", self.port)
    }

    /// `ldaps://127.0.0.1:PORT` (the certificate names the address too).
    pub fn ldaps_url(&self) -> String {
        format!("ldaps://127.0.0.1:{}", self.tls_port)
    }

    /// A file in the directory's temporary folder, written with `text`.
    pub fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).expect("write file");
        path
    }

    fn tool(&self, program: &str, extra: &[&str], input: &str) -> String {
        let url = self.url();
        let mut args = vec!["-x", "-H", &url, "-D", ADMIN_DN, "-w", ADMIN_PASSWORD];
        args.extend_from_slice(extra);
        match try_run(program, &args, Some(input)) {
            Ok(out) => out,
            Err(why) => panic!(
                "{why}\nslapd's log:\n{}",
                self.log.lock().map(|l| l.clone()).unwrap_or_default()
            ),
        }
    }

    /// Adds the entries of `ldif` (as the administrator).
    pub fn add(&self, ldif: &str) {
        self.tool("ldapadd", &[], ldif);
    }

    /// Applies the changes of `ldif` (`changetype: modify`, …).
    pub fn modify(&self, ldif: &str) {
        self.tool("ldapmodify", &[], ldif);
    }

    /// Removes the entry `dn`.
    pub fn delete(&self, dn: &str) {
        self.tool("ldapdelete", &[dn], "");
    }

    /// The `entryUUID` of `dn`.
    pub fn entry_uuid(&self, dn: &str) -> String {
        let out = self.tool(
            "ldapsearch",
            &[
                "-LLL",
                "-b",
                dn,
                "-s",
                "base",
                "(objectClass=*)",
                "entryUUID",
            ],
            "",
        );
        out.lines()
            .find_map(|line| line.strip_prefix("entryUUID: "))
            .unwrap_or_else(|| panic!("no entryUUID for {dn}: {out}"))
            .to_owned()
    }

    /// Stops slapd (the port refuses connections afterwards).
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Slapd {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A CA and a certificate for `localhost` and 127.0.0.1 signed by it, with openssl.
fn make_certificates(path: &dyn Fn(&str) -> String) {
    run(
        "openssl",
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=Platzwahl Test Directory CA",
            "-keyout",
            &path("ca.key"),
            "-out",
            &path("ca.pem"),
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
        None,
    );
    run(
        "openssl",
        &[
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-subj",
            "/CN=localhost",
            "-keyout",
            &path("server.key"),
            "-out",
            &path("server.csr"),
        ],
        None,
    );
    std::fs::write(
        path("server.ext"),
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n\
         basicConstraints=CA:FALSE\n",
    )
    .expect("write extensions");
    run(
        "openssl",
        &[
            "x509",
            "-req",
            "-in",
            &path("server.csr"),
            "-CA",
            &path("ca.pem"),
            "-CAkey",
            &path("ca.key"),
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            &path("server.ext"),
            "-out",
            &path("server.pem"),
        ],
        None,
    );
}

/// One person of a generated directory.
#[derive(Debug, Clone)]
pub struct Person {
    /// `uid`, such as `p0042`.
    pub uid: String,
    /// Given name.
    pub given: String,
    /// Surname.
    pub surname: String,
    /// E-mail address.
    pub mail: String,
    /// `departmentNumber`.
    pub unit: String,
    /// `employeeNumber`, the badge id.
    pub badge: String,
}

impl Person {
    /// The entry's distinguished name.
    pub fn dn(&self) -> String {
        format!("uid={},{PEOPLE}", self.uid)
    }

    /// The display name.
    pub fn name(&self) -> String {
        format!("{} {}", self.given, self.surname)
    }

    /// The entry as LDIF.
    pub fn ldif(&self) -> String {
        format!(
            "dn: {dn}\nobjectClass: inetOrgPerson\nuid: {uid}\ncn: {name}\ngivenName: {given}\n\
             sn: {surname}\ndisplayName: {name}\nmail: {mail}\ndepartmentNumber: {unit}\n\
             employeeNumber: {badge}\n",
            dn = self.dn(),
            uid = self.uid,
            name = self.name(),
            given = self.given,
            surname = self.surname,
            mail = self.mail,
            unit = self.unit,
            badge = self.badge,
        )
    }
}

/// `count` people: `p0000`, `p0001`, …, in the units `33`, `51` and `amt-70` in turn (by
/// number), with badges `B-0000`, ….
pub fn people(count: usize) -> Vec<Person> {
    const GIVEN: [&str; 8] = ["Ada", "Ben", "Cem", "Dora", "Emil", "Frida", "Gül", "Hans"];
    const SURNAMES: [&str; 6] = ["Alt", "Berg", "Çelik", "Dahl", "Eser", "Fuchs"];
    (0..count)
        .map(|i| Person {
            uid: format!("p{i:04}"),
            given: GIVEN[i % GIVEN.len()].to_owned(),
            surname: format!("{}-{i}", SURNAMES[i % SURNAMES.len()]),
            mail: format!("p{i:04}@stadt.example"),
            unit: ["33", "51", "amt-70"][i % 3].to_owned(),
            badge: format!("B-{i:04}"),
        })
        .collect()
}

/// The groups: `cn=beratung` with every tenth person (counsellors), `cn=platzwahl-admins`
/// with `p0001`, as LDIF (add them after the people: the memberof overlay fills in
/// `memberOf`).
pub fn groups_ldif(people: &[Person]) -> String {
    let counsellors: String = people
        .iter()
        .step_by(10)
        .map(|p| format!("member: {}\n", p.dn()))
        .collect();
    format!(
        "dn: cn=beratung,ou=groups,{BASE}\nobjectClass: groupOfNames\ncn: beratung\n{counsellors}\n\
         dn: cn=platzwahl-admins,ou=groups,{BASE}\nobjectClass: groupOfNames\n\
         cn: platzwahl-admins\nmember: uid=p0001,{PEOPLE}\n"
    )
}
