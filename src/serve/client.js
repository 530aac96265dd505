// weave serve: live reload. Reloads this page when it changed (keeping the scroll position),
// swaps stylesheets without a reload, shows a failed build over the page until it is fixed, and
// tells the theme's search box when the search index changed ("weave:search-index").
(() => {
  const scrollKey = "weave-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    const restore = () => window.scrollTo(0, Number(saved));
    if (document.readyState === "complete") restore();
    else window.addEventListener("load", restore);
  }

  const reload = () => {
    sessionStorage.setItem(scrollKey, String(window.scrollY));
    location.reload();
  };

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
    const { pages, all } = JSON.parse(e.data);
    if (all || pages.includes(location.pathname)) reload();
  });
  events.addEventListener("css", (e) => {
    const { stylesheets } = JSON.parse(e.data);
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const next = stylesheets.find((s) => plain(s) === plain(link.href));
      if (next) link.href = next;
    }
  });
  events.addEventListener("failed", (e) => showFailure(JSON.parse(e.data).message));
  events.addEventListener("fixed", hideFailure);
  events.addEventListener("search", () => window.dispatchEvent(new Event("weave:search-index")));
})();
