//! The Kiosque reader's entry point; everything else lives in the library.

fn main() {
    kiosque_app::start();
}
