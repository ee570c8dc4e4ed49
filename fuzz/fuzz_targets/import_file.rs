//! Fuzzes `import_file`: any bytes, under a clipping's or a Markdown file's name, must import or be
//! reported, never panic, and what imports must respect the article model's promises.

#![no_main]

use kiosque_core::import::import_file;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The last byte picks the file name, so that real articles used as seeds keep their opening
    // (front matter fences, the clipping's date line) intact.
    let (bytes, rel) = match data.split_last() {
        Some((&pick, rest)) => (rest, name(pick, rest)),
        None => (data, "a.md".to_owned()),
    };
    let mut diagnostics = Vec::new();
    let article = import_file(&rel, bytes, &mut diagnostics);
    for d in &diagnostics {
        assert!(d.line >= 1 && d.column >= 1, "{d}");
        assert_eq!(d.path, rel);
        let _ = d.to_string();
    }
    if let Some(a) = article {
        let m = &a.meta;
        assert!(!m.title.trim().is_empty(), "empty title");
        assert!(!m.id.is_empty(), "empty id");
        assert!(
            m.id.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "id {:?} is not a URL-safe slug",
            m.id
        );
        assert!(m.summary.chars().count() <= 281, "summary too long");
        assert!(m.reading_minutes >= 1);
        assert!(!m.lang.is_empty());
        assert!(!a.body.contains('\r'), "a carriage return survived");
        if let Some(date) = m.date {
            assert!(m.id.starts_with(&date.to_string()));
        }
    }
});

/// A file name: a clipping or Markdown file, at the top, in a dated folder, as a folder post, or
/// made of the input's first line (so that odd names are fuzzed too).
fn name(pick: u8, bytes: &[u8]) -> String {
    match pick % 8 {
        0 => "a.txt".into(),
        1 => "000_0d735122cdab0731.txt".into(),
        2 => "2021-03-10-un-titre.md".into(),
        3 => "blog/2021/03/10/post/index.md".into(),
        4 => "notes/titre.fr.md".into(),
        5 => "0f0f0f0f0f0f.md".into(),
        _ => {
            let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
            let stem: String = String::from_utf8_lossy(first).chars().take(60).collect();
            let ext = if pick % 8 == 6 { "txt" } else { "md" };
            format!("{stem}.{ext}")
        }
    }
}
