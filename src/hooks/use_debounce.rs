//! Acting on a value once it has stopped changing.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use yew::prelude::*;

/// Calls `act` with `value` once `value` has stayed the same for `delay`. A new value, `None`,
/// or the component going away cancels the call waiting: what is acted on is always what the
/// component shows at that moment, never a value from a view the reader has left.
#[hook]
pub fn use_debounced<T>(value: Option<T>, delay: Duration, act: Callback<T>)
where
    T: PartialEq + Clone + 'static,
{
    use_effect_with(value, move |value| {
        let cancelled = Rc::new(Cell::new(false));
        if let Some(value) = value.clone() {
            let cancelled = cancelled.clone();
            wasm_bindgen_futures::spawn_local(async move {
                yew::platform::time::sleep(delay).await;
                if !cancelled.get() {
                    act.emit(value);
                }
            });
        }
        move || cancelled.set(true)
    });
}
