//! The browser entry point: hydrates the islands of a server-rendered
//! page (pages without an island never load this).

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    app::islands::hydrate();
}
