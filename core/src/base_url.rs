//! A biller's root URL, checked once: absolute, `https` (or plain `http` only to this machine
//! unless the caller opts in), always ending in `/` so endpoint paths join under it.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::error::Error;

/// A checked base URL, kept as its serialized text (scheme and host in lowercase, a default
/// port dropped, the path percent-encoded and ending in `/`). Parsed here rather than by the
/// `url` crate: the handful of rules a biller's root URL needs are a few dozen lines, where the
/// full WHATWG parser weighed about 10 KB gzip of every browser bundle. A test compares both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(String);

/// Bytes percent-encoded in a path (the WHATWG path set, beside controls and non-ASCII).
const PATH: &[u8] = b" \"#<>?`{}";
/// In a query (the WHATWG special-query set).
const QUERY: &[u8] = b" \"#<>'";
/// In a fragment.
const FRAGMENT: &[u8] = b" \"<>`";
// Only Unicobros builds query strings and pushes segments.
/// In one path segment pushed as data (a reference): the path set, `/` and `%` too.
#[cfg_attr(not(feature = "unicobros"), allow(dead_code))]
const SEGMENT: &[u8] = b" \"#<>?`{}/%";

impl BaseUrl {
    /// Parses and checks a base URL. `allow_insecure_http` permits `http://` to a remote host:
    /// a deliberate, visible choice for billers that publish only a plain-HTTP endpoint.
    pub fn parse(text: &str, allow_insecure_http: bool) -> Result<Self, Error> {
        let invalid = |why: &str| Error::Config(format!("invalid base URL `{text}`: {why}"));
        // As WHATWG parsers do: tabs and newlines inside are dropped.
        let clean: String = text
            .trim_matches(|c: char| c <= ' ')
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect();
        let (scheme, rest) = clean
            .split_once(':')
            .filter(|(s, _)| is_scheme(s))
            .ok_or_else(|| invalid("relative URL without a base"))?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "https" && scheme != "http" {
            return Err(Error::Config(format!("unsupported URL scheme `{scheme}`")));
        }
        let rest = rest.trim_start_matches(['/', '\\']);
        let end = rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(end);
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((user, host)) => (Some(user), host),
            None => (None, authority),
        };
        let (host, port) = split_port(hostport).ok_or_else(|| invalid("invalid port number"))?;
        let host = parse_host(host).ok_or_else(|| invalid("invalid host"))?;
        if scheme == "http" && !allow_insecure_http && !host.is_loopback() {
            return Err(Error::InsecureUrl {
                host: host.text.clone(),
            });
        }
        if tail.contains(['?', '#']) {
            return Err(Error::Config(
                "base URL must not have a query or fragment".into(),
            ));
        }
        let tail = tail.strip_prefix(['/', '\\']).unwrap_or(tail);
        let mut path = resolve_path(&[], tail);
        if !path.ends_with('/') {
            path.push('/');
        }
        let default_port = if scheme == "https" { 443 } else { 80 };
        let mut url = format!("{scheme}://");
        if let Some(user) = userinfo {
            url.push_str(user);
            url.push('@');
        }
        url.push_str(&host.text);
        if let Some(port) = port.filter(|p| *p != default_port) {
            url.push_str(&format!(":{port}"));
        }
        url.push_str(&path);
        Ok(BaseUrl(url))
    }

    /// `path` resolved under the base (`api/recaudadores/estadocuenta`); spaces and other
    /// characters are percent-encoded, `.` and `..` segments resolved, a `?query` kept.
    pub fn join(&self, path: &str) -> Result<String, Error> {
        let relative = path.trim_start_matches('/');
        let before_colon = relative.split(['/', '?', '#']).next().unwrap_or("");
        if before_colon.contains(':') && is_scheme(before_colon.split(':').next().unwrap_or("")) {
            // An absolute URL where a path belongs: never sent anywhere but under the base.
            return Err(Error::Config(format!(
                "invalid endpoint path `{path}`: not a path under the base URL"
            )));
        }
        let (relative, fragment) = match relative.split_once('#') {
            Some((r, f)) => (r, Some(f)),
            None => (relative, None),
        };
        let (relative, query) = match relative.split_once('?') {
            Some((r, q)) => (r, Some(q)),
            None => (relative, None),
        };
        let origin_end = self.0.find("://").map_or(0, |i| i + 3);
        let path_start = self.0[origin_end..]
            .find('/')
            .map_or(self.0.len(), |i| origin_end + i);
        let base_path = &self.0[path_start..];
        let base_segments: Vec<&str> = base_path[1..].split('/').collect();
        // The base's path ends with `/`: its last segment is empty and is replaced.
        let mut url = self.0[..path_start].to_owned();
        url.push_str(&resolve_path(
            &base_segments[..base_segments.len() - 1],
            relative,
        ));
        if let Some(query) = query {
            url.push('?');
            url.push_str(&encode(query, QUERY));
        }
        if let Some(fragment) = fragment {
            url.push('#');
            url.push_str(&encode(fragment, FRAGMENT));
        }
        Ok(url)
    }

    /// The URL as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg_attr(not(feature = "unicobros"), allow(dead_code))]
/// `url` with `pairs` appended to its query, form-encoded (`?a=1&b=x+y`).
pub(crate) fn with_query(url: &str, pairs: &[(&str, String)]) -> String {
    let (url, fragment) = match url.split_once('#') {
        Some((u, f)) => (u, Some(f)),
        None => (url, None),
    };
    let mut out = url.to_owned();
    for (name, value) in pairs {
        match out.find('?') {
            None => out.push('?'),
            Some(i) if i + 1 < out.len() => out.push('&'),
            Some(_) => {}
        }
        out.push_str(&form_encode(name));
        out.push('=');
        out.push_str(&form_encode(value));
    }
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

#[cfg_attr(not(feature = "unicobros"), allow(dead_code))]
/// `url` (no query) with `segment` as one more path segment, percent-encoded as data: a
/// trailing empty segment (`.../coupons/`) is replaced.
pub(crate) fn push_segment(url: &str, segment: &str) -> String {
    let mut out = url.strip_suffix('/').unwrap_or(url).to_owned();
    out.push('/');
    out.push_str(&encode(segment, SEGMENT));
    out
}

/// `application/x-www-form-urlencoded` text of a name or value (a space is `+`).
pub(crate) fn form_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => push_escape(&mut out, b),
        }
    }
    out
}

fn push_escape(out: &mut String, b: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push('%');
    out.push(HEX[usize::from(b >> 4)] as char);
    out.push(HEX[usize::from(b & 15)] as char);
}

/// `text` with controls, non-ASCII and the bytes of `set` percent-encoded.
fn encode(text: &str, set: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if !(0x20..0x7f).contains(&b) || set.contains(&b) {
            push_escape(&mut out, b);
        } else {
            out.push(b as char);
        }
    }
    out
}

fn is_scheme(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `host[:port]` split; `None` for a port that is not a number below 65536.
fn split_port(hostport: &str) -> Option<(&str, Option<u16>)> {
    let colon = if hostport.starts_with('[') {
        hostport
            .find(']')
            .and_then(|i| hostport[i..].find(':').map(|j| i + j))
    } else {
        hostport.rfind(':')
    };
    match colon {
        None => Some((hostport, None)),
        Some(i) => {
            let port = &hostport[i + 1..];
            if port.is_empty() {
                return Some((&hostport[..i], None));
            }
            if !port.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            port.parse::<u16>().ok().map(|p| (&hostport[..i], Some(p)))
        }
    }
}

/// A host as serialized, and whether it is this machine.
struct Host {
    text: String,
    ip: Option<IpAddr>,
}

impl Host {
    fn is_loopback(&self) -> bool {
        match self.ip {
            Some(ip) => ip.is_loopback(),
            None => self.text == "localhost",
        }
    }
}

/// An IPv6 literal, an IPv4 address in any of the WHATWG forms (`127.1`, `0x7f.0.0.1`), or an
/// ASCII domain (lowercased); `None` for anything else (no non-ASCII host: every biller's
/// host, and any merchant backend's, is ASCII).
fn parse_host(host: &str) -> Option<Host> {
    if let Some(inner) = host.strip_prefix('[') {
        let ip: Ipv6Addr = inner.strip_suffix(']')?.parse().ok()?;
        return Some(Host {
            text: format!("[{ip}]"),
            ip: Some(IpAddr::V6(ip)),
        });
    }
    if host.is_empty() || !host.is_ascii() {
        return None;
    }
    let host = percent_decode(host)?.to_ascii_lowercase();
    let forbidden = |c: char| c <= ' ' || "#%/:<>?@[\\]^|".contains(c) || c == '\x7f';
    if host.is_empty() || host.contains(forbidden) || !host.is_ascii() {
        return None;
    }
    let last = host.strip_suffix('.').unwrap_or(&host);
    let last = last.rsplit('.').next().unwrap_or("");
    let numeric = !last.is_empty()
        && (last.bytes().all(|b| b.is_ascii_digit())
            || ((last.starts_with("0x") || last.starts_with("0X"))
                && last[2..].bytes().all(|b| b.is_ascii_hexdigit())));
    if numeric {
        let ip = parse_ipv4(&host)?;
        return Some(Host {
            text: ip.to_string(),
            ip: Some(IpAddr::V4(ip)),
        });
    }
    Some(Host {
        text: host,
        ip: None,
    })
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(b) = hex {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// The WHATWG IPv4 parser: up to four parts, each decimal, octal (`0` prefix) or hex (`0x`),
/// the last filling the remaining bytes.
fn parse_ipv4(host: &str) -> Option<Ipv4Addr> {
    let host = host.strip_suffix('.').unwrap_or(host);
    let parts: Vec<&str> = host.split('.').collect();
    if parts.len() > 4 {
        return None;
    }
    let mut numbers = Vec::with_capacity(4);
    for part in &parts {
        let (digits, radix) = if let Some(hex) = part.strip_prefix("0x").or(part.strip_prefix("0X"))
        {
            (hex, 16)
        } else if part.len() > 1 && part.starts_with('0') {
            (&part[1..], 8)
        } else {
            (*part, 10)
        };
        let n = if digits.is_empty() {
            if radix == 10 {
                return None;
            }
            0
        } else {
            u64::from_str_radix(digits, radix).ok()?
        };
        numbers.push(n);
    }
    let (last, first) = numbers.split_last()?;
    if first.iter().any(|n| *n > 255) || *last >= 256u64.pow(5 - numbers.len() as u32) {
        return None;
    }
    let mut value = *last;
    for (i, n) in first.iter().enumerate() {
        value += n << (8 * (3 - i));
    }
    u32::try_from(value).ok().map(Ipv4Addr::from)
}

/// `relative` resolved against the directory `base` (its segments), `.` and `..` removed and
/// each segment percent-encoded: the path of the joined URL, starting with `/`.
fn resolve_path(base: &[&str], relative: &str) -> String {
    let relative = relative.replace('\\', "/");
    let mut segments: Vec<String> = base.iter().map(|s| (*s).to_owned()).collect();
    let parts: Vec<&str> = relative.split('/').collect();
    let last = parts.len() - 1;
    for (i, part) in parts.iter().enumerate() {
        let lower = part.to_ascii_lowercase();
        let single = lower == "." || lower == "%2e";
        let double = matches!(lower.as_str(), ".." | ".%2e" | "%2e." | "%2e%2e");
        if double {
            segments.pop();
            if i == last {
                segments.push(String::new());
            }
        } else if single {
            if i == last {
                segments.push(String::new());
            }
        } else {
            segments.push(encode(part, PATH));
        }
    }
    let mut path = String::new();
    for segment in &segments {
        path.push('/');
        path.push_str(segment);
    }
    if path.is_empty() {
        path.push('/');
    }
    path
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

    /// The same text as the WHATWG parser (the `url` crate) for every base and path a
    /// configuration could hold, and the same verdicts.
    #[test]
    fn agrees_with_the_whatwg_parser() {
        let bases = [
            "https://biller.example",
            "https://Biller.EXAMPLE:443/api",
            "https://biller.example:8443/a b/c/",
            "http://127.0.0.1:8080/unicomer",
            "http://localhost:80/x/./y/../z",
            "http://[::1]:9/",
            "http://127.1/",
            "http://0x7f.0.0.1:3/p",
            "  https://biller.example/api/v1  ",
            "https://user:pw@biller.example/api/",
            "https://biller.example/%7Euser/",
            "https://bill\ter.example/",
            "HTTPS://biller.example/ñ/",
        ];
        let paths = [
            "api/recaudadores/registrar pago",
            "/token",
            "debts?cliente=1 2&x=\"y\"",
            "a/../b/./c",
            "../../up",
            "payments/WEB%2F1",
            "x#frag ment",
            "",
            "ñandú/ü",
            "a\\b",
        ];
        for base in bases {
            let ours = BaseUrl::parse(base, false).unwrap_or_else(|e| panic!("{base}: {e}"));
            let mut theirs = url::Url::parse(base.trim()).unwrap();
            if !theirs.path().ends_with('/') {
                let path = format!("{}/", theirs.path());
                theirs.set_path(&path);
            }
            assert_eq!(ours.as_str(), theirs.as_str(), "{base}");
            for path in paths {
                let expected = theirs.join(path.trim_start_matches('/')).unwrap();
                assert_eq!(
                    ours.join(path).unwrap(),
                    expected.as_str(),
                    "{base} + {path}"
                );
                let pairs = [("page", "2".to_owned()), ("q", "a b&c=d/é".to_owned())];
                let mut with = url::Url::parse(expected.as_str()).unwrap();
                with.query_pairs_mut()
                    .extend_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
                assert_eq!(
                    with_query(expected.as_str(), &pairs),
                    with.as_str(),
                    "{base} + {path} + query"
                );
            }
            let mut pushed = url::Url::parse(&ours.join("coupons/").unwrap()).unwrap();
            pushed
                .path_segments_mut()
                .unwrap()
                .pop_if_empty()
                .push("A/B %ü?");
            assert_eq!(
                push_segment(&ours.join("coupons/").unwrap(), "A/B %ü?"),
                pushed.as_str()
            );
        }
        for bad in [
            "not a url",
            "ftp://x/",
            "https://",
            "https://a b/",
            "https://x:99999/",
            "https://x/?q",
            "https://x/#f",
            "https://ñ.example/",
            "http://256.0.0.1/",
            "https://[::1/",
        ] {
            assert!(BaseUrl::parse(bad, true).is_err(), "{bad}");
        }
        assert_eq!(
            form_encode("a b*-._~ñ&="),
            url::form_urlencoded::byte_serialize("a b*-._~ñ&=".as_bytes()).collect::<String>()
        );
    }
}
