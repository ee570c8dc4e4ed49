//! `kiosque`: turn a folder of articles into a bundle for the Kiosque reader.

mod commands;
mod duplicates;
mod escape;
mod report;
mod site;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use kiosque_core::import::ImportOptions;
use kiosque_core::search::{FacetKind, Sort};

/// Turn a folder of dated articles into a searchable static site.
#[derive(Parser)]
#[command(name = "kiosque", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write a complete static site (the reader app and the bundle of the articles) into a
    /// folder to upload to any static host.
    Build {
        /// The folder of articles (.txt press clippings, .md Markdown), read recursively.
        articles: PathBuf,
        /// The folder to write the site into: new, empty, or written by an earlier build (with
        /// --single-file, the HTML file to write).
        #[arg(short, long)]
        out: PathBuf,
        /// The path the site will be served under, such as /archive/; the default, ./, works at
        /// the domain root and under most paths.
        #[arg(
            long,
            value_name = "URL",
            default_value = "./",
            conflicts_with = "single_file"
        )]
        public_url: String,
        /// Write one HTML file holding the app and the articles, readable from disk with no
        /// server (at most 100 MB).
        #[arg(long)]
        single_file: bool,
        /// Write even though the folder holds files kiosque did not write (those are kept;
        /// files with the site's names are replaced).
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        report: ReportArgs,
        #[command(flatten)]
        import: ImportArgs,
    },
    /// Preview the site at http://127.0.0.1:PORT/, rebuilt and reloaded when an article changes.
    Serve {
        /// The folder of articles.
        articles: PathBuf,
        /// The port to listen on (on 127.0.0.1 only).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Open the preview in the desktop's browser.
        #[arg(long)]
        open: bool,
        // Only --verbose of `ReportArgs`: a preview has no exit status for --strict to set, and
        // its reports are printed again on every rebuild, where hiding warnings would hide news.
        /// Print every problem, not only the first 20.
        #[arg(short, long)]
        verbose: bool,
        #[command(flatten)]
        import: ImportArgs,
    },
    /// Write a starter folder: two example articles and a README on the formats.
    Init {
        /// The folder to create (new or empty).
        dir: PathBuf,
    },
    /// Import a folder of articles and write a bundle (replacing any bundle already there).
    Bundle {
        /// The folder of articles (.txt press clippings, .md Markdown), read recursively.
        articles: PathBuf,
        /// Where to write the bundle, e.g. `dist/bundle` of a built site.
        #[arg(short, long)]
        out: PathBuf,
        #[command(flatten)]
        report: ReportArgs,
        /// Bundle format: 2, fetched whole before the first search and kept offline at once, or
        /// 3, fetched by the piece (a first search needs ~1 MB whatever the size), then kept for
        /// offline use in the background. Default: 3 when the article files weigh 5 MB or more
        /// (format 2 would be a ~6 MB download before the first search), else 2.
        #[arg(long, value_parser = clap::value_parser!(u16).range(2..=3))]
        format: Option<u16>,
        /// With --format 3: print each step's time and the memory used so far (what
        /// `cargo xtask bench --bundle-sizes` reports).
        #[arg(long)]
        steps: bool,
        #[command(flatten)]
        import: ImportArgs,
    },
    /// Report what an import would find, without writing anything.
    Check {
        /// The folder of articles.
        articles: PathBuf,
        /// Print the report as JSON (every problem, whatever --quiet and --verbose say).
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        report: ReportArgs,
        #[command(flatten)]
        import: ImportArgs,
    },
    /// Search a bundle (format 2 or 3) the way the reader does, and print the results.
    Search {
        /// The bundle folder (e.g. `dist/bundle`).
        bundle: PathBuf,
        /// The query: words, "a phrase", -excluded, a OR b, title:/author:/tag:/source: fields.
        /// It may start with `-` (`kiosque search BUNDLE -oracle`).
        #[arg(allow_hyphen_values = true)]
        query: String,
        /// Earliest date: YYYY, YYYY-MM or YYYY-MM-DD.
        #[arg(long)]
        from: Option<String>,
        /// Latest date: YYYY, YYYY-MM or YYYY-MM-DD.
        #[arg(long)]
        to: Option<String>,
        /// Keep undated articles when a date range is given.
        #[arg(long)]
        undated: bool,
        /// Order of results.
        #[arg(long, default_value_t, value_parser = sort_parser())]
        sort: Sort,
        #[command(flatten)]
        facets: FacetArgs,
        /// How many results to print.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Print the results as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write one HTML file holding a built app and a bundle, readable from disk with no server
    /// (at most 100 MB).
    SingleFile {
        /// A site built by `cargo xtask build`.
        #[arg(long, default_value = "dist")]
        app: PathBuf,
        /// The bundle to put inside [default: <APP>/bundle].
        #[arg(long)]
        bundle: Option<PathBuf>,
        /// The file to write.
        #[arg(short, long, default_value = "kiosque.html")]
        out: PathBuf,
    },
}

/// How much of the import report `kiosque build`, `bundle` and `check` print, and whether its
/// errors fail the command.
#[derive(clap::Args, Clone, Copy)]
struct ReportArgs {
    /// Exit with an error status if any article has an error.
    #[arg(long)]
    strict: bool,
    /// Print only errors and the summary.
    #[arg(short, long)]
    quiet: bool,
    /// Print every problem, not only the first 20.
    #[arg(short, long)]
    verbose: bool,
}

/// How `kiosque bundle` and `kiosque check` read the pictures articles show.
#[derive(clap::Args)]
struct ImportArgs {
    /// The folder that picture paths starting with `/` start from, such as `/assets/photo.jpg`
    /// in a Jekyll or Hugo post: the site's top folder [default: the articles folder].
    #[arg(long, value_name = "DIR")]
    site_root: Option<PathBuf>,
    /// Leave out pictures larger than this, in MiB.
    #[arg(long, value_name = "MB", default_value_t = 10.0)]
    max_image_size: f64,
    /// Import drafts too (`draft: true`, `published: false`, Jekyll's `_drafts` folder).
    #[arg(long)]
    drafts: bool,
}

impl ImportArgs {
    fn options(self) -> anyhow::Result<ImportOptions> {
        if let Some(dir) = &self.site_root {
            if !dir.is_dir() {
                anyhow::bail!("--site-root {} is not a folder", dir.display());
            }
        }
        if !(self.max_image_size.is_finite() && self.max_image_size > 0.0) {
            anyhow::bail!(
                "--max-image-size must be a positive number of MiB, not {}",
                self.max_image_size
            );
        }
        Ok(ImportOptions {
            max_image_bytes: (self.max_image_size * f64::from(1 << 20)) as u64,
            site_root: self.site_root,
            include_drafts: self.drafts,
            ..ImportOptions::default()
        })
    }
}

/// `--sort`: the core's names of the orders, listed in `--help` and in errors.
fn sort_parser() -> impl clap::builder::TypedValueParser<Value = Sort> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(Sort::ALL.map(Sort::as_str))
        .map(|name| name.parse::<Sort>().expect("a listed name"))
}

/// The facet options of `kiosque search`.
#[derive(clap::Args)]
struct FacetArgs {
    /// Keep articles with this tag (repeatable).
    #[arg(long = "tag")]
    tags: Vec<String>,
    /// Keep articles by this author (repeatable).
    #[arg(long = "author")]
    authors: Vec<String>,
    /// Keep articles from this source (repeatable).
    #[arg(long = "source")]
    sources: Vec<String>,
    /// Keep articles in this language (repeatable).
    #[arg(long = "lang")]
    langs: Vec<String>,
}

impl FacetArgs {
    fn selected(self) -> Vec<(FacetKind, String)> {
        let kinds = [
            (FacetKind::Tag, self.tags),
            (FacetKind::Author, self.authors),
            (FacetKind::Source, self.sources),
            (FacetKind::Lang, self.langs),
        ];
        kinds
            .into_iter()
            .flat_map(|(kind, values)| values.into_iter().map(move |v| (kind, v)))
            .collect()
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build {
            articles,
            out,
            public_url,
            single_file,
            force,
            report,
            import,
        } => import.options().and_then(|options| {
            commands::build::run(&commands::build::BuildOptions {
                articles: &articles,
                out: &out,
                public_url: &public_url,
                single_file,
                force,
                strict: report.strict,
                quiet: report.quiet,
                verbose: report.verbose,
                import: &options,
            })
        }),
        Command::Serve {
            articles,
            port,
            open,
            verbose,
            import,
        } => import
            .options()
            .and_then(|options| commands::serve::run(&articles, port, open, verbose, &options))
            .map(|()| ExitCode::SUCCESS),
        Command::Init { dir } => commands::init::run(&dir).map(|()| ExitCode::SUCCESS),
        Command::Bundle {
            articles,
            out,
            report,
            format,
            steps,
            import,
        } => import.options().and_then(|options| {
            commands::bundle::run(
                &articles,
                &out,
                &options,
                commands::bundle::Format::choose(&articles, format, steps, report.quiet),
                report.strict,
                report.quiet,
                report.verbose,
            )
        }),
        Command::Check {
            articles,
            json,
            report,
            import,
        } => import.options().and_then(|options| {
            commands::check::run(
                &articles,
                &options,
                json,
                report.strict,
                report.quiet,
                report.verbose,
            )
        }),
        Command::Search {
            bundle,
            query,
            from,
            to,
            undated,
            sort,
            facets,
            limit,
            json,
        } => commands::search::run(
            &bundle,
            &commands::search::SearchOptions {
                query: &query,
                from: from.as_deref(),
                to: to.as_deref(),
                undated,
                sort,
                facets: facets.selected(),
                limit,
                json,
            },
        ),
        Command::SingleFile { app, bundle, out } => {
            commands::single_file::run(&commands::single_file::SingleFileOptions {
                app: &app,
                bundle: bundle.as_deref(),
                out: &out,
            })
            .map(|()| ExitCode::SUCCESS)
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!(
                "kiosque: error: {}",
                escape::for_terminal(&format!("{e:#}"))
            );
            ExitCode::FAILURE
        }
    }
}
