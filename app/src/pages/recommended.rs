//! "为你推荐" on the worker's home page and inbox: each recommendation
//! with why it is shown, opened in one tap, hidden with one button (a
//! form, so it works without JavaScript).

use leptos::{prelude::*, server_fn::ServerFn};

use crate::{
    api::recommended::DismissRecommendation,
    error::AppError,
    i18n::use_lang,
    server::{recommended, visit::never_cache, visit::PageRequest},
    views::Recommended,
};

/// What the signed-in worker is recommended; nothing for anyone else.
/// A personal answer is never cached.
pub(crate) async fn for_visitor(visit: &PageRequest) -> Result<Vec<Recommended>, AppError> {
    let Some(actor) = visit.actor.as_ref() else {
        return Ok(Vec::new());
    };
    if actor.role != crate::domain::Role::Worker {
        return Ok(Vec::new());
    }
    never_cache();
    recommended::for_worker(&visit.state, actor, visit.lang, visit.now).await
}

/// The recommendations as cards; nothing when there are none.
#[component]
pub fn ForYou(items: Vec<Recommended>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.recommended_texts();
    (!items.is_empty()).then(|| {
        view! {
            <section class="for-you" aria-labelledby="for-you-title">
                <h2 id="for-you-title">{t.title}</h2>
                <ul class="card-list">
                    {items.into_iter().map(|item| view! {
                        <li class="card recommended" data-recommended=item.item.clone() data-kind=item.kind.clone()>
                            <a class="card-link" href=item.open.clone()>
                                <span class="card-title">{item.title.clone()}</span>
                                <span>{item.detail.clone()}</span>
                                <span class="reason">{item.reason.clone()}</span>
                            </a>
                            <form method="post" action=DismissRecommendation::url()>
                                <input type="hidden" name="item" value=item.item.clone()/>
                                <button class="button secondary" type="submit" aria-label=format!("{}：{}", t.dismiss, item.title)>{t.dismiss}</button>
                            </form>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}
