//! Problems found while importing, each tied to a place in a file and a next step.

use std::fmt;

use serde::Serialize;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The article was imported, possibly with a guess (a detected language, a re-encoded file).
    Warning,
    /// Something in the file is wrong: the file was skipped, a field was dropped, or the article
    /// had to take another id than the one it claims.
    Error,
}

/// What the importer did about a problem, so the publisher knows what the site will show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The article was imported as is.
    Imported,
    /// The article was imported without the named field.
    FieldDropped(&'static str),
    /// The file was not imported.
    Skipped,
    /// The article was imported under another id than the one it claims.
    Renamed,
    /// An entry of the folder that was not read at all: a link leading outside the folder, a
    /// broken link or a loop, a named pipe, socket or device, an unreadable folder.
    Refused,
}

/// One problem in one file, reported as `path:line:col: severity: message (outcome); hint`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The file, relative to the imported folder.
    pub path: String,
    /// 1-based line of the problem (1 when it concerns the whole file).
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Warning or error.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// What the importer did about it.
    pub outcome: Outcome,
    /// What the publisher can do.
    pub hint: String,
}

impl Diagnostic {
    /// An error at `line:column` of `path`.
    pub fn error(path: &str, line: usize, column: usize, message: impl Into<String>) -> Self {
        Self {
            path: path.to_owned(),
            line,
            column,
            severity: Severity::Error,
            message: message.into(),
            outcome: Outcome::Skipped,
            hint: String::new(),
        }
    }

    /// A warning at `line:column` of `path`.
    pub fn warning(path: &str, line: usize, column: usize, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            outcome: Outcome::Imported,
            ..Self::error(path, line, column, message)
        }
    }

    /// Sets what the importer did.
    pub fn outcome(mut self, outcome: Outcome) -> Self {
        self.outcome = outcome;
        self
    }

    /// Sets what the publisher should do.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = hint.into();
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(
            f,
            "{}:{}:{}: {severity}: {}",
            self.path, self.line, self.column, self.message
        )?;
        match self.outcome {
            Outcome::Imported => {}
            Outcome::FieldDropped(field) => write!(f, " (imported without its {field})")?,
            Outcome::Skipped => write!(f, " (file skipped)")?,
            Outcome::Renamed => write!(f, " (imported under another id)")?,
            Outcome::Refused => write!(f, " (not read)")?,
        }
        if !self.hint.is_empty() {
            write!(f, "; {}", self.hint)?;
        }
        Ok(())
    }
}
