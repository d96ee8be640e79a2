//! Reading the broker URL: scheme (TLS or not), host, port and credentials, with the password
//! kept out of error messages.

use super::{MqttSetupError, Password};

/// A parsed broker URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct BrokerUrl {
    pub(super) tls: bool,
    pub(super) host: String,
    pub(super) port: u16,
    pub(super) username: Option<String>,
    pub(super) password: Option<Password>,
}

impl BrokerUrl {
    pub(super) fn parse(url: &str) -> Result<Self, MqttSetupError> {
        let bad = |reason| MqttSetupError::BadUrl {
            url: redacted(url),
            reason,
        };
        let (scheme, rest) = url
            .split_once("://")
            .ok_or(bad("no scheme such as mqtt://"))?;
        let tls = match scheme.to_ascii_lowercase().as_str() {
            "mqtt" | "tcp" => false,
            "mqtts" | "ssl" => true,
            _ => return Err(bad("the scheme must be mqtt, mqtts, tcp or ssl")),
        };
        let authority = rest.strip_suffix('/').unwrap_or(rest);
        if authority.contains(['/', '?', '#']) {
            return Err(bad("a broker URL has no path, query or fragment"));
        }
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((userinfo, hostport)) => (Some(userinfo), hostport),
            None => (None, authority),
        };
        let (host, port) = if let Some(bracketed) = hostport.strip_prefix('[') {
            let (host, after) = bracketed
                .split_once(']')
                .ok_or(bad("an IPv6 address lacks its `]`"))?;
            (host, after.strip_prefix(':'))
        } else {
            match hostport.rsplit_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (hostport, None),
            }
        };
        if host.is_empty() {
            return Err(bad("no host"));
        }
        let port = match port {
            Some(port) => port.parse().map_err(|_| bad("the port is not a number"))?,
            None if tls => 8883,
            None => 1883,
        };
        let (username, password) = match userinfo {
            None => (None, None),
            Some(userinfo) => {
                let (user, password) = match userinfo.split_once(':') {
                    Some((user, password)) => (user, Some(password)),
                    None => (userinfo, None),
                };
                let decode = |text: &str| percent_decode(text).ok_or(bad("bad percent-encoding"));
                (
                    Some(decode(user)?),
                    password.map(decode).transpose()?.map(Password),
                )
            }
        };
        Ok(Self {
            tls,
            host: host.to_owned(),
            port,
            username,
            password,
        })
    }
}

/// `url` with any password replaced, for error messages.
fn redacted(url: &str) -> String {
    match (url.split_once("://"), url.rsplit_once('@')) {
        (Some((scheme, rest)), Some((_, hostport))) if rest.contains('@') => {
            let user = rest.split(['@', ':']).next().unwrap_or_default();
            format!("{scheme}://{user}:***@{hostport}")
        }
        _ => url.to_owned(),
    }
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if byte == b'%' {
            let hex = bytes.get(index + 1..index + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            out.push(byte);
            index += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(url: &str) -> BrokerUrl {
        match BrokerUrl::parse(url) {
            Ok(parsed) => parsed,
            Err(error) => panic!("{url}: {error}"),
        }
    }

    #[test]
    fn broker_urls_give_host_port_tls_and_credentials() {
        let plain = parsed("mqtt://broker.example");
        assert_eq!((plain.tls, plain.port), (false, 1883));
        let tls = parsed("mqtts://broker.example");
        assert_eq!((tls.tls, tls.port), (true, 8883));
        let full = parsed("ssl://sensors:p%40ss%3Aword@[::1]:9883/");
        assert_eq!(full.host, "::1");
        assert_eq!(full.port, 9883);
        assert!(full.tls);
        assert_eq!(full.username.as_deref(), Some("sensors"));
        assert_eq!(
            full.password.as_ref().map(Password::expose),
            Some("p@ss:word")
        );
    }

    #[test]
    fn unusable_urls_are_refused_without_echoing_the_password() {
        for url in [
            "broker:1883",
            "http://broker",
            "mqtt://",
            "mqtt://broker:port",
            "mqtt://broker/topic",
            "mqtt://u:p%zz@broker",
        ] {
            assert!(BrokerUrl::parse(url).is_err(), "{url}");
        }
        let error = BrokerUrl::parse("http://user:secret@broker").map(|_| ());
        let message = error.map_err(|e| e.to_string()).err().unwrap_or_default();
        assert!(!message.contains("secret"), "{message}");
        assert!(message.contains("user:***@broker"), "{message}");
    }
}
