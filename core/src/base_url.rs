//! A biller's root URL, checked once: absolute, `https` (or plain `http` only to this machine
//! unless the caller opts in), always ending in `/` so endpoint paths join under it.

use std::net::IpAddr;

use url::{Host, Url};

use crate::error::Error;

/// A biller's base URL, checked once: absolute, `https` unless the host is this machine or
/// plain `http` was allowed explicitly, and ending in `/` so that endpoint paths join under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(Url);

impl BaseUrl {
    /// Parses and checks a base URL. `allow_insecure_http` permits `http://` to a remote host:
    /// a deliberate, visible choice for billers that publish only a plain-HTTP endpoint.
    pub fn parse(text: &str, allow_insecure_http: bool) -> Result<Self, Error> {
        let mut url = Url::parse(text.trim())
            .map_err(|e| Error::Config(format!("invalid base URL `{text}`: {e}")))?;
        match url.scheme() {
            "https" => {}
            "http" => {
                let host = url
                    .host()
                    .ok_or_else(|| Error::Config("base URL has no host".into()))?;
                if !allow_insecure_http && !is_loopback(&host) {
                    return Err(Error::InsecureUrl {
                        host: host.to_string(),
                    });
                }
            }
            other => return Err(Error::Config(format!("unsupported URL scheme `{other}`"))),
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(Error::Config(
                "base URL must not have a query or fragment".into(),
            ));
        }
        if !url.path().ends_with('/') {
            let path = format!("{}/", url.path());
            url.set_path(&path);
        }
        Ok(BaseUrl(url))
    }

    /// `path` resolved under the base (`api/recaudadores/estadocuenta`); spaces and other
    /// characters are percent-encoded.
    pub fn join(&self, path: &str) -> Result<String, Error> {
        self.0
            .join(path.trim_start_matches('/'))
            .map(String::from)
            .map_err(|e| Error::Config(format!("invalid endpoint path `{path}`: {e}")))
    }

    /// The URL as text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(d) => d.eq_ignore_ascii_case("localhost"),
        Host::Ipv4(ip) => IpAddr::V4(*ip).is_loopback(),
        Host::Ipv6(ip) => IpAddr::V6(*ip).is_loopback(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_scheme_and_host() {
        assert!(BaseUrl::parse("https://biller.example/", false).is_ok());
        assert!(BaseUrl::parse("http://127.0.0.1:8080/", false).is_ok());
        assert!(BaseUrl::parse("http://127.8.0.1:8080/", false).is_ok());
        assert!(BaseUrl::parse("http://localhost/", false).is_ok());
        assert!(BaseUrl::parse("http://[::1]:9/", false).is_ok());
        assert!(matches!(
            BaseUrl::parse("http://biller.example/", false),
            Err(Error::InsecureUrl { .. })
        ));
        assert!(BaseUrl::parse("http://biller.example/", true).is_ok());
        assert!(matches!(
            BaseUrl::parse("ftp://x/", true),
            Err(Error::Config(_))
        ));
        assert!(matches!(
            BaseUrl::parse("not a url", true),
            Err(Error::Config(_))
        ));
    }

    #[test]
    fn joins_under_the_base() {
        let b = BaseUrl::parse("http://127.0.0.1:1/unicomer", false).unwrap();
        assert_eq!(
            b.join("api/recaudadores/registrar pago").unwrap(),
            "http://127.0.0.1:1/unicomer/api/recaudadores/registrar%20pago"
        );
        assert_eq!(
            b.join("/token").unwrap(),
            "http://127.0.0.1:1/unicomer/token"
        );
    }
}
