// Search: queries the Pagefind index the build wrote (a query fetches only the chunks of the
// index its words fall in, and the text of the results it shows).
//
// The box in the header lists the best matches as you type; the arrow keys move through them,
// Escape closes them, Enter opens the search page. The search page (`search/?q=…`) lists every
// match, can be narrowed to a term of each taxonomy (`&topics=motives`), and keeps its query
// in the address. In both, the words that matched are marked in titles and excerpts.
// Under `weave serve`, a changed index ("weave:search-index") is picked up at once.

const indexUrl = document.querySelector("[data-index]")?.dataset.index;
let pagefind = null;

const load = async () => {
  if (!pagefind) {
    pagefind = import(indexUrl).then(async (pf) => {
      // Result URLs are stored with the site's base path already in them. Searching on the
      // page itself, without Pagefind's web worker, fetches a fifth less for a first query.
      await pf.options({ baseUrl: "/", noWorker: true });
      return pf;
    });
  }
  return pagefind;
};

const listeners = [];
window.addEventListener("weave:search-index", async () => {
  if (pagefind) {
    const pf = await pagefind;
    pagefind = null;
    await pf.destroy();
  }
  listeners.forEach((again) => again());
});

// The page's language, and its strings (the theme's table for that language).
const lang = document.documentElement.lang || "en";
const strings = JSON.parse(document.getElementById("weave-strings")?.textContent || "{}");
const say = (key, fallback, values = {}) =>
  Object.entries(values).reduce((text, [k, v]) => text.replaceAll(`{${k}}`, v), strings[key] || fallback);

// Chinese and Japanese are written without spaces; the index holds their words as the
// build's dictionary segmenter cut them, and the query is cut the same way (the browser's
// segmenter uses the same Unicode dictionary).
const segmented = (query) => {
  if (!/^(zh|ja)\b/.test(lang) || typeof Intl.Segmenter !== "function") return query;
  const segmenter = new Intl.Segmenter(lang, { granularity: "word" });
  return [...segmenter.segment(query)]
    .filter((s) => s.isWordLike)
    .map((s) => s.segment)
    .join(" ");
};

// Runs `query` with `filters`; `show` gets the results unless a newer query finished first.
const searcher = (show) => {
  let latest = 0;
  return async (query, filters = {}) => {
    const ticket = ++latest;
    if (!query) return show(query, null);
    const pf = await load();
    const found = await pf.search(segmented(query), { filters });
    if (ticket === latest) show(query, found);
  };
};

// The text's words, lowercased, without punctuation.
const plain = (text) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, "")
    .split(/\s+/)
    .filter(Boolean)
    .join(" ");

// A page titled exactly what was asked for ("DeepSeek") comes first among those shown: it is
// the page about it, even when another mentions it more often.
const titlesFirst = (query, data) => {
  const asked = plain(query);
  const exact = (d) => plain(d.meta.title || "") === asked;
  return [...data.filter(exact), ...data.filter((d) => !exact(d))];
};

// The query's words, for marking them in titles (Pagefind marks them in excerpts).
const words = (query) =>
  segmented(query)
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ""))
    .filter(Boolean);

// `text` with every word that starts with one of `terms` marked.
const marked = (text, terms) => {
  const out = document.createDocumentFragment();
  for (const part of text.split(/(\s+)/)) {
    const bare = part.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
    if (bare && terms.some((t) => bare.startsWith(t))) {
      const mark = document.createElement("mark");
      mark.textContent = part;
      out.append(mark);
    } else {
      out.append(part);
    }
  }
  return out;
};

// One result as a link: title (marked), then Pagefind's excerpt (escaped text with <mark>).
const resultLink = (data, terms) => {
  const a = document.createElement("a");
  a.href = data.url;
  const title = document.createElement("strong");
  title.append(marked(data.meta.title || data.url, terms));
  const snippet = document.createElement("span");
  snippet.className = "snippet";
  snippet.innerHTML = data.excerpt;
  a.append(title, snippet);
  return a;
};

// Up and Down move between the input and the results' links.
const arrowKeys = (container, input) => (e) => {
  const links = [...container.querySelectorAll("a")];
  if (!links.length || (e.key !== "ArrowDown" && e.key !== "ArrowUp")) return false;
  e.preventDefault();
  const at = links.indexOf(document.activeElement);
  if (e.key === "ArrowDown") links[Math.min(at + 1, links.length - 1)].focus();
  else if (at <= 0) input.focus();
  else links[at - 1].focus();
  return true;
};

// The box in the header.
const header = document.querySelector("form.search");
if (header && !document.querySelector("form.search-page")) {
  const input = header.querySelector("input[type=search]");
  const list = header.querySelector(".search-results");
  const show = async (query, found) => {
    if (!found) return list.replaceChildren();
    const data = titlesFirst(query, await Promise.all(found.results.slice(0, 6).map((r) => r.data())));
    list.replaceChildren();
    if (data.length === 0) {
      const p = document.createElement("p");
      p.textContent = say("no_match", "No pages match “{query}”.", { query });
      return list.append(p);
    }
    const terms = words(query);
    const ol = document.createElement("ol");
    for (const d of data) {
      const li = document.createElement("li");
      li.append(resultLink(d, terms));
      ol.append(li);
    }
    list.append(ol);
  };
  const search = searcher(show);
  const run = () => search(input.value.trim());
  listeners.push(run);
  input.addEventListener("input", run);
  input.addEventListener("focus", () => load());
  header.addEventListener("keydown", (e) => {
    if (arrowKeys(list, input)(e)) return;
    if (e.key === "Escape") {
      list.replaceChildren();
      input.focus();
    }
  });
}

// The search page.
const page = document.querySelector("form.search-page");
if (page) {
  const input = page.querySelector("input[type=search]");
  const selects = [...page.querySelectorAll("select[data-filter]")];
  const count = page.querySelector(".search-count");
  const list = page.querySelector(".search-page-results");
  const shown = 10;
  let rest = [];
  let terms = [];

  const more = async (query) => {
    const next = rest.splice(0, shown);
    let data = await Promise.all(next.map((r) => r.data()));
    if (typeof query === "string") data = titlesFirst(query, data);
    for (const d of data) {
      const li = document.createElement("li");
      li.append(resultLink(d, terms));
      list.append(li);
    }
    page.querySelector(".search-more")?.remove();
    if (rest.length) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "search-more";
      button.textContent = say("show_more", "Show {n} more", { n: Math.min(rest.length, shown) });
      button.addEventListener("click", () => more());
      list.after(button);
    }
  };

  const show = async (query, found) => {
    list.replaceChildren();
    page.querySelector(".search-more")?.remove();
    if (!found) return (count.textContent = "");
    const n = found.results.length;
    count.textContent = n
      ? say(n === 1 ? "matches_one" : "matches_other", "{n} pages match “{query}”.", { n, query })
      : say("no_match", "No pages match “{query}”.", { query });
    terms = words(query);
    rest = [...found.results];
    await more(query);
  };
  const search = searcher(show);

  const filters = () => {
    const chosen = {};
    for (const s of selects) if (s.value) chosen[s.dataset.filter] = s.value;
    return chosen;
  };
  // The address says what is shown, so it can be shared and reloaded.
  const remember = () => {
    const params = new URLSearchParams();
    if (input.value.trim()) params.set("q", input.value.trim());
    for (const [name, value] of Object.entries(filters())) params.set(name, value);
    const query = params.toString();
    history.replaceState(null, "", query ? `?${query}` : location.pathname);
  };
  const run = () => {
    remember();
    search(input.value.trim(), filters());
  };

  const given = new URLSearchParams(location.search);
  input.value = given.get("q") || "";
  for (const s of selects) s.value = given.get(s.dataset.filter) || "";
  listeners.push(run);
  input.addEventListener("input", run);
  selects.forEach((s) => s.addEventListener("change", run));
  page.addEventListener("submit", (e) => {
    e.preventDefault();
    run();
  });
  page.addEventListener("keydown", arrowKeys(list, input));
  if (input.value) run();
}
