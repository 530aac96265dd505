// Link previews: hovering (or focusing with the keyboard) a link to another page of the site
// shows a small card with the target's title, description and first lines. The card is read
// from the target page itself, a plain static file written at build time: no server, no index.
// A claim citation (a link to a claim on its topic page) shows the claim's title, summary and
// first quote. Escape closes the card; on touch screens a tap just follows the link.

const SHOW_AFTER_MS = 300;
const LINES_CHARS = 240;
const cache = new Map();
let card = null;
let current = null;
// The link whose card Escape closed, until the pointer leaves it.
let dismissed = null;
let timer = 0;

function cardElement() {
  if (!card) {
    card = document.createElement("div");
    card.id = "weave-preview";
    card.className = "preview-card";
    card.setAttribute("role", "tooltip");
    card.hidden = true;
    document.body.append(card);
  }
  return card;
}

/** The URL a link leads to, when it is another page of this site. */
function target(link) {
  if (!(link instanceof HTMLAnchorElement)) return null;
  if (link.closest(".site-header, .preview-card, .skip-link, .heading-anchor")) return null;
  const href = link.getAttribute("href");
  if (!href || href.startsWith("#")) return null;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin) return null;
  const last = url.pathname.split("/").pop();
  if (last && last.includes(".") && !last.endsWith(".html")) return null; // a file, not a page
  const here = new URL(location.href);
  if (url.pathname === here.pathname && url.hash === "") return null;
  return url;
}

function text(el) {
  return el ? el.textContent.replace(/\s+/g, " ").trim() : "";
}

function clip(s) {
  return s.length > LINES_CHARS ? s.slice(0, LINES_CHARS).replace(/\s+\S*$/, "") + "…" : s;
}

/** Title, description and first lines of `url`'s page (or of the claim its hash names). */
async function preview(url) {
  const key = url.pathname + url.hash;
  if (!cache.has(key)) {
    cache.set(key, fetch(url.pathname).then(r => (r.ok ? r.text() : Promise.reject(r.status))).then(html => {
      const doc = new DOMParser().parseFromString(html, "text/html");
      const anchor = url.hash ? doc.getElementById(decodeURIComponent(url.hash.slice(1))) : null;
      const claim = anchor && anchor.closest(".claim");
      if (claim) {
        return {
          title: text(claim.querySelector("h2, h3, h4")),
          description: text(claim.querySelector(".claim-summary")),
          lines: clip(text(claim.querySelector("blockquote"))),
        };
      }
      const meta = doc.querySelector('meta[name="description"]');
      const first = [...doc.querySelectorAll("main .content p, main p")].find(p => text(p).length > 40 && !p.closest(".meta, .description, .breadcrumb"));
      return {
        title: text(doc.querySelector("main h1")) || text(doc.querySelector("title")),
        description: text(doc.querySelector("main .description")) || (meta ? meta.content : ""),
        lines: clip(text(first)),
      };
    }));
  }
  return cache.get(key);
}

function place(link) {
  const box = link.getBoundingClientRect();
  const el = cardElement();
  const width = Math.min(352, document.documentElement.clientWidth - 16);
  el.style.width = width + "px";
  const left = Math.max(8, Math.min(box.left, document.documentElement.clientWidth - width - 8));
  el.style.left = left + scrollX + "px";
  el.style.top = box.bottom + scrollY + 6 + "px";
}

async function show(link, url) {
  current = link;
  let data;
  try {
    data = await preview(url);
  } catch {
    return;
  }
  if (current !== link) return;
  const el = cardElement();
  el.replaceChildren();
  const title = document.createElement("p");
  title.className = "preview-title";
  title.textContent = data.title;
  el.append(title);
  for (const [cls, value] of [["preview-description", data.description], ["preview-lines", data.lines]]) {
    if (!value) continue;
    const p = document.createElement("p");
    p.className = cls;
    p.textContent = value;
    el.append(p);
  }
  place(link);
  el.hidden = false;
  link.setAttribute("aria-describedby", el.id);
}

function hide() {
  clearTimeout(timer);
  if (current) current.removeAttribute("aria-describedby");
  current = null;
  if (card) card.hidden = true;
}

function schedule(link, delay) {
  const url = target(link);
  if (!url) return;
  clearTimeout(timer);
  timer = setTimeout(() => show(link, url), delay);
}

document.addEventListener("pointerover", e => {
  const link = e.target.closest && e.target.closest("a[href]");
  // A mouse or a pen hovers; a finger taps, and a tap just follows the link.
  if (!link || e.pointerType === "touch" || link === current || link === dismissed) return;
  schedule(link, SHOW_AFTER_MS);
});
document.addEventListener("pointerout", e => {
  const link = e.target.closest && e.target.closest("a[href]");
  if (link && !link.contains(e.relatedTarget)) {
    if (link === dismissed) dismissed = null;
    hide();
  }
});
document.addEventListener("focusin", e => {
  const link = e.target.closest && e.target.closest("a[href]");
  if (link && link.matches(":focus-visible")) schedule(link, 0);
});
document.addEventListener("focusout", hide);
document.addEventListener("keydown", e => {
  if (e.key === "Escape" && card && !card.hidden) {
    // Closed stays closed while the pointer rests on the link: the browser sends another
    // pointerover whenever the page moves under a still pointer (WCAG 1.4.13, dismissible).
    dismissed = current;
    hide();
  }
});
