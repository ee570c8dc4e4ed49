//! `kiosque`: turn a folder of articles into a bundle for the Kiosque reader.

mod commands;
mod report;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Turn a folder of dated articles into a searchable site bundle.
#[derive(Parser)]
#[command(name = "kiosque", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import a folder of articles and write a bundle (replacing any bundle already there).
    Bundle {
        /// The folder of articles (.txt press clippings, .md Markdown), read recursively.
        articles: PathBuf,
        /// Where to write the bundle, e.g. `dist/bundle` of a built site.
        #[arg(short, long)]
        out: PathBuf,
        /// Exit with an error status if any article has an error.
        #[arg(long)]
        strict: bool,
        /// Print only errors and the summary.
        #[arg(short, long)]
        quiet: bool,
    },
    /// Report what an import would find, without writing anything.
    Check {
        /// The folder of articles.
        articles: PathBuf,
        /// Exit with an error status if any article has an error.
        #[arg(long)]
        strict: bool,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Bundle {
            articles,
            out,
            strict,
            quiet,
        } => commands::bundle::run(&articles, &out, strict, quiet),
        Command::Check {
            articles,
            strict,
            json,
        } => commands::check::run(&articles, strict, json),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("kiosque: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
