//! The quick path of `weave serve`: saving an article whose new text links, cites and mentions
//! exactly what the old text did, and whose front matter is untouched or changes only its
//! title and description. Such an edit cannot move the site's shape (URLs, sections,
//! taxonomies, backlinks, related pages, claims, warnings), so the last site graph is kept and
//! only this reaches further: the page itself, the listing pages that show its summary and
//! the feed; for a new title also the pages that list it among their backlinks or related
//! pages, and the home page's map (and `llms.txt` and the listings' twins, which it leaves
//! for later: `pipeline::later`). A new title that moves the page among others of its date
//! puts it back in order in each listing (`site::place_again`) and renders the listing pages
//! it moved across. Anything else, or any doubt (a page that defines or cites claims),
//! returns `None` and the session builds everything that changed the ordinary way. Either
//! way the bytes are those of a full build; the serve tests compare them. In `weave serve`
//! the pages that list an edited page are rendered just after it is served
//! (`pipeline::deferred`).

use std::sync::Arc;
use std::time::Instant;

use crate::content::{self, DocKind, Document, FrontMatter};
use crate::error::Diagnostic;
use crate::markdown::Rendered;
use crate::pipeline::deferred::Deferred;
use crate::pipeline::session::Session;
use crate::pipeline::{Changes, Outcome};
use crate::publish;
use crate::render::views::{PageView, Views};
use crate::render::{self, Job, Output, reach};
use crate::site::{self, Site, page_markdown};

/// One page's new text, rendered.
struct Edit {
    page: usize,
    doc: Arc<Document>,
    warnings: Vec<Diagnostic>,
    markdown: page_markdown::PageMarkdown,
    /// The title or the description changed.
    retitled: bool,
    /// The date the page shows as updated changed (its file's, when it has no `date:`).
    redated: bool,
}

/// What the quick path made: the new views, how many jobs it rendered, and their output.
struct Rendering {
    views: Arc<Views>,
    jobs: usize,
    /// The jobs left to `Session::finish_deferred`.
    deferred: Vec<Job>,
    pages: Vec<Output>,
    /// The feed and the sitemap, when the edits change what they show.
    crawler: Vec<Output>,
    /// Some page has a new title or description.
    retitled: bool,
    /// What is left to make once the pages are served.
    later: Option<publish::llms::Later>,
}

impl Session {
    /// Rebuilds after `changes` by the quick path, or returns `None` when it does not apply.
    pub(super) fn text_edit(&mut self, changes: &Changes) -> Option<Outcome> {
        let start = Instant::now();
        if changes.config || changes.theme || changes.rescan || changes.content.is_empty() {
            return None;
        }
        let views = self.views.clone()?;
        if self.theme.as_ref()?.reads_any_page {
            return None;
        }
        let mut edits = Vec::with_capacity(changes.content.len());
        for source in &changes.content {
            edits.push(self.quick_edit(self.site.as_deref()?, &views, source)?);
        }

        // The graph changes in place: only the edited pages' text and front matter. While
        // another thread (the search index) still holds it, the graph is copied, but its pages
        // are a persistent vector, so the copy shares them and the edit copies only the
        // stretch of the vector its page is in: copying 100,000 pages' handles (7 MB, new
        // memory each time) took 7 to 110 ms of a 10 ms text edit.
        let mut site = self.site.take()?;
        let graph = Arc::make_mut(&mut site);
        let before: Vec<_> = edits
            .iter()
            .map(|e| {
                let page = &mut graph.pages[e.page];
                let doc = std::mem::replace(&mut page.doc, Arc::clone(&e.doc));
                let rendered =
                    std::mem::replace(&mut page.rendered, Arc::clone(&e.markdown.rendered));
                (e.page, doc, rendered)
            })
            .collect();
        // A new title can move its page among the pages of its date.
        let listed = (
            Arc::clone(&graph.sections),
            Arc::clone(&graph.taxonomies),
            Arc::clone(&graph.newest),
        );
        let retitled: Vec<usize> = edits
            .iter()
            .filter(|e| e.retitled)
            .map(|e| e.page)
            .collect();
        let moved = site::place_again(graph, &retitled);
        let Some(rendering) =
            self.render_edits(&site, &views, &edits, &retitled, &moved, &listed.2)
        else {
            let graph = Arc::get_mut(&mut site).expect("made unique above");
            (graph.sections, graph.taxonomies, graph.newest) = listed;
            for (i, doc, rendered) in before.into_iter().rev() {
                graph.pages[i].doc = doc;
                graph.pages[i].rendered = rendered;
            }
            self.site = Some(site);
            return None;
        };
        self.site = Some(site);

        // Past this point nothing can fail: the session moves to the new state.
        let mut changed = Vec::new();
        for output in rendering.pages.into_iter().chain(rendering.crawler) {
            if let Some(fingerprints) = &mut self.fingerprints {
                // Its bytes no longer match its old fingerprint: the next full pass renders it.
                fingerprints.remove(&output.path);
            }
            changed.extend(self.put_file(output));
        }
        // A new title shows in the page's link preview, and in those of pages that list it.
        // (With previews off the file set holds none: the build that turned them off took
        // them out. Looking for them walks every file: a tenth of a title edit at 100,000.)
        let site = self.site.clone().expect("kept above");
        if rendering.retitled && site.config.social_images {
            changed.extend(self.refresh_images(&site, &rendering.views));
        }
        changed.sort();
        if let Some(later) = rendering.later {
            self.leave_for_later(later);
        }
        if !rendering.deferred.is_empty() {
            self.deferred = Some(Deferred {
                jobs: rendering.deferred,
            });
        }
        for edit in edits {
            let source = edit.doc.source.clone();
            self.markdown
                .insert(source.clone(), edit.markdown.key, edit.markdown.rendered);
            self.files_loaded
                .insert(source, Ok((edit.doc, edit.warnings)));
        }
        // The old views hold 20,000 handles; they are let go beside the publishing.
        let old_views = self.views.replace(rendering.views);
        drop(views);
        std::thread::spawn(move || drop(old_views));
        Some(Outcome {
            diagnostics: self.reported.clone(),
            changed,
            rendered: rendering.jobs,
            elapsed: start.elapsed(),
        })
    }

    /// The views after `edits` (already in `site`, with what the new titles of `retitled`
    /// `moved` in its listings and the newest pages that were `newest_before`), the jobs they
    /// reach, and those jobs and the feed rendered; `None` when the quick path does not apply
    /// after all.
    fn render_edits(
        &mut self,
        site: &Site,
        views: &Arc<Views>,
        edits: &[Edit],
        retitled: &[usize],
        moved: &[site::Moved],
        newest_before: &[usize],
    ) -> Option<Rendering> {
        let mut next_views: Views = (**views).clone();
        let mut jobs = Vec::new();
        for edit in edits {
            let i = edit.page;
            let old = views.page(i);
            let view = page_view(&old, &edit.doc, &edit.markdown.rendered);
            let listed_again = edit.retitled
                || view.summary != old.summary
                || view.reading_time != old.reading_time;
            next_views.set_page(i, Arc::new(view));
            jobs.push(Job::Page(i));
            if listed_again {
                jobs.extend(reach::listings_of(site, &next_views, i));
            }
        }
        if !retitled.is_empty() {
            for m in moved {
                jobs.extend(reach::pagers_moved(site, m));
            }
            let latest = Views::latest_of(site);
            if latest != next_views.latest {
                next_views.latest = latest;
                jobs.extend(reach::home_pagers(site));
            }
            for &i in retitled {
                next_views.relink(site, i);
            }
            // Pages that show a retitled page among their backlinks or related pages.
            for (j, p) in site.pages.iter().enumerate() {
                if retitled
                    .iter()
                    .any(|i| p.backlinks.contains(i) || p.related.contains(i))
                {
                    let view = PageView {
                        backlinks: next_views.links_to(site, &p.backlinks),
                        related: next_views.links_to(site, &p.related),
                        ..(*next_views.page(j)).clone()
                    };
                    next_views.set_page(j, Arc::new(view));
                    jobs.extend(reach::jobs_showing(site, j));
                }
            }
            if !render::site_map::svg(site).is_empty() {
                jobs.extend(reach::home_pagers(site));
            }
        }
        jobs.sort_unstable();
        jobs.dedup();
        // In `weave serve` the edited pages are served first; the rest follows at once.
        let deferred: Vec<Job> = if self.defer_listings {
            let edited = |j: &Job| matches!(j, Job::Page(i) if edits.iter().any(|e| e.page == *i));
            let (now, rest) = jobs.into_iter().partition(edited);
            jobs = now;
            rest
        } else {
            Vec::new()
        };

        let next_views = Arc::new(next_views);
        let theme = self.theme.as_mut()?;
        let pages = render::render_jobs(
            site,
            &next_views,
            &mut theme.templates,
            &theme.assets,
            &jobs,
        )
        .ok()?;
        // Sitemap and robots.txt name pages and dates, which these edits change only when a
        // page's file date shows; the feed shows the title, text and dates of its pages.
        let feed = publish::feed::entries(site);
        let feed_before = &newest_before[..newest_before.len().min(site.config.feed_limit)];
        let redated = edits.iter().any(|e| e.redated);
        let mut crawler = Vec::new();
        if redated
            || edits
                .iter()
                .any(|e| feed.contains(&e.page) || feed_before.contains(&e.page))
        {
            crawler.extend(publish::feed_file(site, |name| theme.ships(name)));
        }
        if redated {
            crawler.extend(publish::sitemap_file(site, &self.translations, |name| {
                theme.ships(name)
            }));
        }
        // The edited pages' twins. A new title or description also shows in `llms.txt` and
        // the twins of the listings that name the page: those are made once the pages are
        // served (`pipeline::later`). (`llms-full.txt` is put together from the twins when it
        // is served.)
        let edited: Vec<usize> = edits.iter().map(|e| e.page).collect();
        crawler.extend(publish::llms::after_edit(
            site,
            &next_views,
            &edited,
            |name| theme.ships(name),
        ));
        let later = (!retitled.is_empty() && site.config.llms)
            .then(|| publish::llms::Later::retitled(site, retitled));
        Some(Rendering {
            views: next_views,
            jobs: jobs.len(),
            deferred,
            pages,
            crawler,
            retitled: !retitled.is_empty(),
            later,
        })
    }

    /// Loads `source` again and renders its text, when the file is a listed page whose front
    /// matter is unchanged but for its title and description, whose warnings are unchanged,
    /// and whose text reaches the same pages and anchors.
    fn quick_edit(&self, site: &Site, views: &Views, source: &str) -> Option<Edit> {
        let (config, _) = self.config.as_ref()?;
        let Ok((old, old_warnings)) = self.files_loaded.get(source)? else {
            return None;
        };
        let Ok((doc, warnings)) = content::load_file(
            &self.opts.root,
            config,
            &self.layout,
            source,
            self.scope.as_deref(),
        )?
        else {
            return None;
        };
        let retitled =
            doc.front.title != old.front.title || doc.front.description != old.front.description;
        let redated = doc.front.updated_or_changed() != old.front.updated_or_changed();
        // When the file changed shows on the page, in the feed and in the sitemap, which this
        // path makes again (`Rendering`); everything else must be as it was.
        let front_kept = FrontMatter {
            title: old.front.title.clone(),
            description: old.front.description.clone(),
            changed: old.front.changed.clone(),
            ..doc.front.clone()
        } == old.front;
        if !front_kept
            || doc.kind != old.kind
            || doc.body_line != old.body_line
            || warnings != *old_warnings
            || !matches!(doc.kind, DocKind::Page { .. })
        {
            return None;
        }
        let page = *views.by_source.get(source)?;
        let before = &site.pages[page];
        // A folder note is its folder's page in the graph, whatever its file says.
        if before.doc.kind != doc.kind {
            return None;
        }
        let url_of = |p: usize| site.url(&site.pages[p].path);
        let markdown = page_markdown::render(
            &site.shape,
            page,
            &doc,
            &before.path,
            url_of,
            &self.markdown,
        );
        // Claim views show the titles of the pages that define and cite each claim, and they
        // reach every page through the claim matrix.
        let in_claims = !doc.front.claims.is_empty()
            || !markdown.rendered.cited.is_empty()
            || site
                .claims
                .iter()
                .any(|c| c.page == page || c.citations.iter().any(|x| x.page == page));
        // A note embedded in another shows its text there too.
        let embedded = site
            .pages
            .iter()
            .any(|p| p.rendered.embeds.iter().any(|e| e == source));
        let reach_kept = same_reach(&before.rendered, &markdown.rendered) && !embedded;
        (reach_kept && !(retitled && in_claims)).then_some(Edit {
            page,
            doc,
            warnings,
            markdown,
            retitled,
            redated,
        })
    }
}

/// True when two renders of a page's text affect no other page alike: the same links (by
/// target and anchor), citation anchors, entity mentions, heading ids, inline tags and
/// embedded notes, and no problems.
fn same_reach(old: &Rendered, new: &Rendered) -> bool {
    let targets = |r: &Rendered| {
        r.links
            .iter()
            .map(|l| (l.target.clone(), l.anchor.clone()))
            .collect::<Vec<_>>()
    };
    old.errors.is_empty()
        && new.errors.is_empty()
        && old.cited == new.cited
        && old.mentioned == new.mentioned
        && old.heading_ids == new.heading_ids
        && old.tags == new.tags
        && old.embeds == new.embeds
        && targets(old) == targets(new)
}

/// A page's view with its new text, title and description; everything else about the page
/// is unchanged.
fn page_view(old: &PageView, doc: &Document, rendered: &Rendered) -> PageView {
    PageView {
        title: doc.front.title.clone(),
        description: doc.front.description.clone(),
        updated: doc.front.updated_or_changed().map(|d| d.text.clone()),
        content: rendered.content(),
        summary: Arc::clone(&rendered.summary),
        toc: rendered.toc.clone(),
        word_count: rendered.word_count,
        reading_time: rendered.reading_time,
        ..old.clone()
    }
}
