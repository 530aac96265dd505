// Search box: queries the Pagefind index the build wrote (only the chunks a query needs are
// fetched), shows titles and snippets as you type, and moves through results with the arrow
// keys. The `search/` page runs the query given as `?q=`.
const form = document.querySelector("form.search");
if (form) {
  const input = form.querySelector("input[type=search]");
  const list = form.querySelector(".search-results");
  let pagefind = null;
  let latest = 0;

  const load = async () => {
    if (!pagefind) {
      pagefind = await import(form.dataset.index);
      // Result URLs are stored with the site's base path already in them.
      await pagefind.options({ baseUrl: "/" });
    }
    return pagefind;
  };

  const render = (query, results) => {
    list.replaceChildren();
    if (!query) return;
    if (results.length === 0) {
      const p = document.createElement("p");
      p.textContent = `No pages match “${query}”.`;
      list.append(p);
      return;
    }
    const ol = document.createElement("ol");
    for (const r of results) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = r.url;
      const title = document.createElement("strong");
      title.textContent = r.meta.title || r.url;
      const snippet = document.createElement("span");
      snippet.className = "snippet";
      // Pagefind's excerpt is escaped text with <mark> around the matched words.
      snippet.innerHTML = r.excerpt;
      a.append(title, snippet);
      li.append(a);
      ol.append(li);
    }
    list.append(ol);
  };

  const search = async (query) => {
    const ticket = ++latest;
    const pf = await load();
    const found = query ? await pf.search(query) : { results: [] };
    const data = await Promise.all(found.results.slice(0, 10).map((r) => r.data()));
    if (ticket === latest) render(query, data); // a newer query may have finished first
  };

  input.addEventListener("input", () => search(input.value.trim()));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    search(input.value.trim());
  });
  form.addEventListener("keydown", (e) => {
    const links = [...list.querySelectorAll("a")];
    if (!links.length) return;
    const at = links.indexOf(document.activeElement);
    if (e.key === "ArrowDown") {
      e.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      if (at <= 0) input.focus();
      else links[at - 1].focus();
    } else if (e.key === "Escape") {
      input.value = "";
      list.replaceChildren();
      input.focus();
    }
  });

  const q = new URLSearchParams(location.search).get("q");
  if (q) {
    input.value = q;
    search(q.trim());
  }
}
