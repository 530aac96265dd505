// weave serve: live editing. When the open page's HTML changes it is patched in place (see
// patch.js), keeping the reader's place, focus, selection and what scripts set; when the patch
// cannot be sure of the result, the page reloads keeping its scroll position. Saving a content
// file while this tab shows another page takes the tab that was focused last to the saved page,
// at the passage that changed. Stylesheets swap without a reload; a failed build shows over the
// page until it is fixed; the theme's search box hears of a new index ("weave:search-index").
// Scripts that attach to elements hear of a patch ("weave:patched" on document).
(() => {
  const CLIENT = "/__weave/client.js";
  const script = document.currentScript;
  const build = script ? script.dataset.build : undefined;
  const here = () => location.pathname + location.search;

  const scrollKey = "weave-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    const restore = () => window.scrollTo(0, Number(saved));
    if (document.readyState === "complete") restore();
    else window.addEventListener("load", restore);
  }

  // Why the page last reloaded instead of being patched: kept for the console (and tests).
  const REASON_KEY = "weave-reloaded";
  const reason = sessionStorage.getItem(REASON_KEY);
  if (reason) console.info("weave: the page was reloaded, not patched:", reason);

  const reload = (why) => {
    sessionStorage.setItem(scrollKey, String(window.scrollY));
    if (why) sessionStorage.setItem(REASON_KEY, why);
    location.reload();
  };

  const get = (path) => fetch(path, { cache: "no-store" }).then((r) => r.text());
  const buildOf = (html) => /<script src="\/__weave\/client\.js" data-build="(\d+)"/.exec(html)?.[1];
  // The page as parsed from `html`, without this script's tag (whose build number changes).
  const parse = (html) => {
    const doc = patching.parse(html);
    for (const s of doc.querySelectorAll(`script[src="${CLIENT}"]`)) s.remove();
    return doc;
  };

  // The HTML this page was made from, which patches start from. Had a build finished between
  // loading the page and this fetch, the page would be out of date: it reloads then.
  let before = get(here()).then((html) => {
    if (buildOf(html) === build) return parse(html);
    reload("a build finished while it loaded");
    return null;
  });

  // One patch at a time, in the order the builds finished.
  let queue = Promise.resolve();
  const update = () => {
    queue = queue.then(async () => {
      const old = await before;
      if (!old) return;
      const next = parse(await get(here()));
      try {
        const changed = patching.apply(old, next);
        before = Promise.resolve(next);
        document.dispatchEvent(new CustomEvent("weave:patched", { detail: { changed } }));
      } catch (e) {
        before = Promise.resolve(null);
        reload(e instanceof patching.Unsure ? e.message : `the patch failed: ${e}`);
      }
    });
  };

  // Following the writer: the tab focused last (remembered across its own navigations) goes
  // to the page of a saved content file, and shows where it changed.
  const FOLLOW_KEY = "weave-follow";
  const TAB_KEY = "weave-tab";
  const FOCUS_KEY = "weave-focused-tab";
  const storage = (store, key, value) => {
    try {
      if (value === undefined) return store.getItem(key);
      store.setItem(key, value);
    } catch (e) {
      // Storage can be refused (private windows): then every visible tab follows.
    }
    return null;
  };
  const tab = storage(sessionStorage, TAB_KEY) || Math.random().toString(36).slice(2);
  storage(sessionStorage, TAB_KEY, tab);
  const focused = () => storage(localStorage, FOCUS_KEY, tab);
  if (document.hasFocus()) focused();
  window.addEventListener("focus", focused);
  const followsWriter = () => {
    const last = storage(localStorage, FOCUS_KEY);
    return last ? last === tab : document.visibilityState === "visible";
  };
  const follow = (path) => {
    storage(sessionStorage, FOLLOW_KEY, path);
    location.assign(path);
  };
  if (storage(sessionStorage, FOLLOW_KEY) === location.pathname) {
    sessionStorage.removeItem(FOLLOW_KEY);
    // The passage that changed: where the page before the save first differs from this one.
    // A page new with the save had no previous version, so nothing to show.
    const previous = fetch("/__weave/previous" + location.pathname, { cache: "no-store" }).then(
      (r) => (r.ok ? r.text().then(parse) : null),
    );
    Promise.all([before, previous])
      .then(([now, previous]) => {
        const node = now && previous && patching.changedPassage(previous, now);
        const el = node && (node.nodeType === 1 ? node : node.parentElement);
        if (!el) return;
        el.scrollIntoView({ block: "center" });
        patching.flash(new Set([el]));
      })
      .catch(() => {});
  }

  // "style.0123456789.css" and "style.css" name the same stylesheet.
  const plain = (url) => new URL(url, location.href).pathname.replace(/\.[0-9a-f]{10}(\.css)$/, "$1");

  let overlay = null;
  const showFailure = (message) => {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "weave-error-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText =
        "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:2rem;" +
        "background:rgba(20,20,24,.94);color:#fff;font:14px/1.5 ui-monospace,monospace;";
      const title = document.createElement("p");
      title.style.cssText = "font-weight:bold;color:#ff8a80;margin:0 0 1rem";
      title.textContent = "weave: the last change did not build. The page shows the last good version.";
      const pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0";
      overlay.append(title, pre);
      document.body.append(overlay);
    }
    overlay.querySelector("pre").textContent = message;
  };
  const hideFailure = () => {
    if (overlay) overlay.remove();
    overlay = null;
  };

  const events = new EventSource("/__weave/events");
  events.addEventListener("reload", (e) => {
    const { pages, all, follow: saved } = JSON.parse(e.data);
    if (saved && saved !== location.pathname && followsWriter()) follow(saved);
    else if (all || pages.includes(location.pathname)) update();
  });
  // Swaps the stylesheets of `doc` for their new versions.
  const swap = (doc, stylesheets) => {
    for (const link of doc.querySelectorAll('link[rel="stylesheet"]')) {
      const next = stylesheets.find((s) => plain(s) === plain(link.getAttribute("href")));
      if (next) link.setAttribute("href", next);
    }
  };
  events.addEventListener("css", (e) => {
    const { stylesheets } = JSON.parse(e.data);
    swap(document, stylesheets);
    // The page the next patch starts from names them too.
    before = before.then((doc) => doc && (swap(doc, stylesheets), doc));
  });
  events.addEventListener("failed", (e) => showFailure(JSON.parse(e.data).message));
  events.addEventListener("fixed", hideFailure);
  events.addEventListener("search", () => window.dispatchEvent(new Event("weave:search-index")));
})();
