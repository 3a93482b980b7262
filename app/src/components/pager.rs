use leptos::prelude::*;

use crate::i18n::use_lang;

/// Previous / next links for a long list, with "page x of y".
#[component]
pub fn Pager(
    page: u32,
    pages: u32,
    previous: Option<String>,
    next: Option<String>,
) -> impl IntoView {
    let t = use_lang().texts();
    (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label=(t.page_of)(page, pages)>
                {match previous {
                    Some(href) => view! { <a class="button secondary" href=href rel="prev">{t.previous_page}</a> }.into_any(),
                    None => view! { <span class="button secondary disabled" aria-disabled="true">{t.previous_page}</span> }.into_any(),
                }}
                <span class="pager-position">{(t.page_of)(page, pages)}</span>
                {match next {
                    Some(href) => view! { <a class="button secondary" href=href rel="next">{t.next_page}</a> }.into_any(),
                    None => view! { <span class="button secondary disabled" aria-disabled="true">{t.next_page}</span> }.into_any(),
                }}
            </nav>
        }
    })
}
