//! The shape of one catalog entry: one meaning of one status-code number.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Who defines a meaning: the IANA registry or a vendor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// The IANA "HTTP Status Codes" registry (RFC-defined codes).
    Iana,
    /// The NGINX web server.
    Nginx,
    /// Cloudflare's edge network.
    Cloudflare,
    /// AWS Elastic Load Balancing.
    AwsElb,
    /// Microsoft IIS and Exchange.
    Iis,
    /// Frameworks, products and conventions outside any registry.
    Unofficial,
}

impl Source {
    /// Every source, in the order pages list them.
    pub const ALL: [Source; 6] = [
        Source::Iana,
        Source::Nginx,
        Source::Cloudflare,
        Source::AwsElb,
        Source::Iis,
        Source::Unofficial,
    ];

    /// The identifier used in content files, keys and the API (`aws-elb`).
    pub fn id(self) -> &'static str {
        match self {
            Source::Iana => "iana",
            Source::Nginx => "nginx",
            Source::Cloudflare => "cloudflare",
            Source::AwsElb => "aws-elb",
            Source::Iis => "iis",
            Source::Unofficial => "unofficial",
        }
    }

    /// The slug of the source's category page (`/category/aws` for AWS ELB); `None` for IANA,
    /// whose entries are listed by class.
    pub fn category(self) -> Option<&'static str> {
        match self {
            Source::Iana => None,
            Source::Nginx => Some("nginx"),
            Source::Cloudflare => Some("cloudflare"),
            Source::AwsElb => Some("aws"),
            Source::Iis => Some("iis"),
            Source::Unofficial => Some("unofficial"),
        }
    }

    /// A human name for the source.
    pub fn label(self) -> &'static str {
        match self {
            Source::Iana => "IANA registry",
            Source::Nginx => "NGINX",
            Source::Cloudflare => "Cloudflare",
            Source::AwsElb => "AWS Elastic Load Balancing",
            Source::Iis => "Microsoft IIS",
            Source::Unofficial => "Unofficial",
        }
    }

    /// Parses an identifier as written in content files and query strings.
    pub fn from_id(id: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|s| s.id() == id)
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The class of a status code, given by its first digit (RFC 9110 Section 15).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    /// 1xx: interim responses.
    Informational,
    /// 2xx: the request succeeded.
    Successful,
    /// 3xx: further action is needed.
    Redirection,
    /// 4xx: the client's request is at fault.
    ClientError,
    /// 5xx: the server failed.
    ServerError,
}

impl Class {
    /// All five classes in order.
    pub const ALL: [Class; 5] = [
        Class::Informational,
        Class::Successful,
        Class::Redirection,
        Class::ClientError,
        Class::ServerError,
    ];

    /// The class of a three-digit code; `None` outside 100–599.
    pub fn of(code: u16) -> Option<Class> {
        match code {
            100..=199 => Some(Class::Informational),
            200..=299 => Some(Class::Successful),
            300..=399 => Some(Class::Redirection),
            400..=499 => Some(Class::ClientError),
            500..=599 => Some(Class::ServerError),
            _ => None,
        }
    }

    /// `"1xx"` … `"5xx"`.
    pub fn id(self) -> &'static str {
        match self {
            Class::Informational => "1xx",
            Class::Successful => "2xx",
            Class::Redirection => "3xx",
            Class::ClientError => "4xx",
            Class::ServerError => "5xx",
        }
    }

    /// The class's name as RFC 9110 Section 15 gives it.
    pub fn label(self) -> &'static str {
        match self {
            Class::Informational => "Informational",
            Class::Successful => "Successful",
            Class::Redirection => "Redirection",
            Class::ClientError => "Client Error",
            Class::ServerError => "Server Error",
        }
    }

    /// The first code of the class (100, 200, …).
    pub fn first(self) -> u16 {
        match self {
            Class::Informational => 100,
            Class::Successful => 200,
            Class::Redirection => 300,
            Class::ClientError => 400,
            Class::ServerError => 500,
        }
    }

    /// Parses `"4xx"` (any case).
    pub fn from_id(id: &str) -> Option<Class> {
        Class::ALL.into_iter().find(|c| c.id().eq_ignore_ascii_case(id))
    }
}

impl Serialize for Class {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// Whether a response with this code may carry content (RFC 9110 Sections 6.4.1, 15).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BodyRule {
    /// Content is allowed.
    Allowed,
    /// The response cannot contain content (1xx, 204, 304).
    Forbidden,
    /// A server must not generate content, though the framing may say otherwise (205).
    NoneGenerated,
    /// Nothing is sent to the client at all: the code exists only in a log (nginx 444, 499).
    NoResponse,
}

/// What an entry's `example` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExampleFormat {
    /// An HTTP response: status line, headers, blank line, body.
    #[default]
    Http,
    /// A server log line, for codes that never reach the client.
    Log,
}

/// An exact quotation from the RFC that defines the code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RfcQuote {
    /// The document, like `"RFC 9110"`.
    pub document: String,
    /// The section number, like `"15.5.18"`.
    pub section: String,
    /// A link to that section.
    pub url: String,
    /// Words copied exactly from that section.
    pub quote: String,
}

/// A source that is not an RFC section: a draft, vendor documentation, or a note that none exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// The document's title.
    pub title: String,
    /// Where to read it; empty when no official documentation exists.
    #[serde(default)]
    pub url: String,
    /// What it says about this code, or why nothing official exists.
    pub note: String,
}

/// Which way a header tied to a code travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// Sent by the client.
    Request,
    /// Sent by the server.
    Response,
}

/// A header field that belongs with a code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TiedHeader {
    /// The field name, like `WWW-Authenticate`.
    pub name: String,
    /// Request or response.
    pub direction: Direction,
    /// What the specification or practice says about it with this code.
    pub rule: String,
}

/// Caching, retry, content and browser facts about a code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    /// Listed as heuristically cacheable (RFC 9110 Section 15.1, RFC 7725 for 451).
    pub heuristically_cacheable: bool,
    /// Whether the response may carry content.
    pub body: BodyRule,
    /// Caching, in words.
    pub caching: String,
    /// Retry advice.
    pub retry: String,
    /// What browsers do with it.
    pub browsers: String,
}

/// One question and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faq {
    /// The question.
    pub question: String,
    /// The answer.
    pub answer: String,
}

/// One meaning of one status-code number, with everything its page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusEntry {
    /// Unique key: `"417"`, `"nginx-499"`, `"iis-403.14"`.
    pub key: String,
    /// The number.
    pub code: u16,
    /// The IIS sub-status, when there is one (14 for 403.14).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub: Option<u16>,
    /// The name (for IANA entries, the registry's).
    pub name: String,
    /// Who defines this meaning.
    pub source: Source,
    /// The hero's emoji.
    pub emoji: String,
    /// One sentence for the hero and listings.
    pub summary: String,
    /// The meaning in at most 80 characters, for the cheat sheet and tight lists.
    #[serde(default)]
    pub short: String,
    /// Other and historic names.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Words people search with.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// "What does this mean?"
    pub what_it_means: String,
    /// The technical definition.
    pub definition: String,
    /// The meaning for a non-specialist.
    pub plain_english: String,
    /// The most common wrong belief, corrected.
    pub misinterpretation: String,
    /// An example response: status line, headers, blank line, body (or a log line).
    pub example: String,
    /// The status the example shows on the wire, when it differs from `code`: 208 travels inside
    /// a 207, nginx sends 400 for its 494–497, ArcGIS wraps 498 and 499 in a 200.
    #[serde(default)]
    pub wire_status: Option<u16>,
    /// Whether `example` is an HTTP response or a log line.
    #[serde(default)]
    pub example_format: ExampleFormat,
    /// Common causes.
    pub causes: Vec<String>,
    /// What the client should do.
    pub fix_client: Vec<String>,
    /// What the server owner should do.
    pub fix_server: Vec<String>,
    /// Keys of related entries.
    pub related: Vec<String>,
    /// The defining RFC, quoted exactly.
    #[serde(default)]
    pub rfc: Option<RfcQuote>,
    /// A non-RFC source.
    #[serde(default)]
    pub reference: Option<Reference>,
    /// Headers tied to this code.
    #[serde(default)]
    pub headers: Vec<TiedHeader>,
    /// Caching, retry, content and browser facts.
    pub facts: Facts,
    /// Questions and answers.
    pub faq: Vec<Faq>,
}

impl StatusEntry {
    /// The class, from the first digit.
    pub fn class(&self) -> Option<Class> {
        Class::of(self.code)
    }

    /// The code as people write it: `"417"`, `"403.14"`.
    pub fn display_code(&self) -> String {
        match self.sub {
            Some(sub) => format!("{}.{sub}", self.code),
            None => self.code.to_string(),
        }
    }

    /// Who the meaning belongs to, as written before the code in its key: `nginx` for
    /// `nginx-499`, `esri` for `esri-498`; empty for IANA entries.
    pub fn prefix(&self) -> &str {
        let suffix_len = self.display_code().len() + 1;
        if self.source == Source::Iana || self.key.len() <= suffix_len {
            ""
        } else {
            &self.key[..self.key.len() - suffix_len]
        }
    }

    /// The page's path on the site: `/417` for IANA meanings, `/{prefix}/{code}` for others
    /// (`/nginx/499`, `/iis/403.14`, `/esri/499`).
    pub fn path(&self) -> String {
        match self.source {
            Source::Iana => format!("/{}", self.code),
            _ => format!("/{}/{}", self.prefix(), self.display_code()),
        }
    }

    /// The example split into status line, header lines and body.
    pub fn example_parts(&self) -> ExampleResponse<'_> {
        ExampleResponse::parse(&self.example)
    }
}

/// An example response taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleResponse<'a> {
    /// `HTTP/1.1 417 Expectation Failed`.
    pub status_line: &'a str,
    /// `(name, value)` pairs in order.
    pub headers: Vec<(&'a str, &'a str)>,
    /// Everything after the blank line, possibly empty.
    pub body: &'a str,
}

impl<'a> ExampleResponse<'a> {
    /// Splits an example at its first blank line.
    pub fn parse(text: &'a str) -> Self {
        let text = text.trim_matches('\n');
        let (head, body) = text.split_once("\n\n").unwrap_or((text, ""));
        let mut lines = head.lines();
        let status_line = lines.next().unwrap_or("");
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim(), v.trim()))
            .collect();
        ExampleResponse {
            status_line,
            headers,
            body,
        }
    }

    /// The value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&'a str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }
}
