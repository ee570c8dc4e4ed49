//! The site's own settings (`_config.yml` for Jekyll, `hugo.toml` or `config.toml` for Hugo and
//! Zola), read from `--site-root` so that `{{ site.title }}` and `{{< param "x" >}}` in an article
//! show what the published site shows.

use std::path::Path;

use serde_json::Value;

use super::front_matter;

/// The files a site's settings are read from, first found wins.
const FILES: &[&str] = &[
    "_config.yml",
    "_config.yaml",
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "config.toml",
    "config.yaml",
    "config.yml",
];

/// Settings are small; a larger file is not one.
const MAX_BYTES: u64 = 1 << 20;

/// A site's settings.
#[derive(Debug, Clone, Default)]
pub(crate) struct SiteConfig {
    values: Value,
}

/// Why the settings could not be read.
#[derive(Debug)]
pub(crate) struct ConfigError {
    /// The file, relative to the site root.
    pub file: &'static str,
    /// What is wrong.
    pub message: String,
}

impl SiteConfig {
    /// Reads the settings in `root`; an empty configuration when there is no settings file.
    pub fn read(root: &Path) -> Result<Self, ConfigError> {
        let Some(file) = FILES.iter().copied().find(|f| root.join(f).is_file()) else {
            return Ok(Self::default());
        };
        let error = |message: String| ConfigError { file, message };
        let path = root.join(file);
        let size = std::fs::metadata(&path)
            .map_err(|e| error(e.to_string()))?
            .len();
        if size > MAX_BYTES {
            return Err(error(format!(
                "{size} bytes is too large for a settings file"
            )));
        }
        let text = std::fs::read_to_string(&path).map_err(|e| error(e.to_string()))?;
        let values = if file.ends_with(".toml") {
            let table: toml::Table = text
                .parse()
                .map_err(|e: toml::de::Error| error(e.message().to_owned()))?;
            front_matter::toml_to_json(toml::Value::Table(table))
        } else {
            let value: serde_yaml_ng::Value =
                serde_yaml_ng::from_str(&text).map_err(|e| error(e.to_string()))?;
            front_matter::yaml_to_json(value)
        };
        Ok(Self { values })
    }

    /// Settings given as JSON, for tests.
    #[cfg(test)]
    pub fn from_json(values: Value) -> Self {
        Self { values }
    }

    /// The value at a dotted path (`author.name`), as text, when it is a string, a number or a
    /// boolean.
    pub fn get(&self, path: &str) -> Option<String> {
        let mut value = &self.values;
        for key in path.split('.').filter(|k| !k.is_empty()) {
            value = value.get(key).or_else(|| {
                // Hugo lowercases its settings' keys.
                value
                    .as_object()?
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(key))
                    .map(|(_, v)| v)
            })?;
        }
        match value {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_dotted_paths() {
        let config = SiteConfig::from_json(serde_json::json!({
            "title": "Le blog",
            "author": {"name": "Ada"},
            "params": {"mainSections": ["posts"], "Version": 3},
        }));
        assert_eq!(config.get("title").as_deref(), Some("Le blog"));
        assert_eq!(config.get("author.name").as_deref(), Some("Ada"));
        assert_eq!(config.get("params.version").as_deref(), Some("3"));
        assert_eq!(config.get("params.mainSections"), None);
        assert_eq!(config.get("missing"), None);
    }
}
