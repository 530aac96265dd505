// Patching the open page to match its new HTML, touching only what changed.
//
// Three versions of the page take part: the HTML the server sent before (`before`), the HTML it
// sends now (`after`), and the live document: `before` plus what the page's scripts and the
// reader did to it (copy buttons shown, search results listed, a preview card, a `<details>`
// opened, focus, a selection). Only nodes where `before` and `after` differ are touched, and
// of an element only the attributes the server changed, so state set elsewhere stays; nodes a
// script added are recognised as the ones `before` does not account for, and kept. A change
// to a script, to `<head>` beyond the title, meta tags and structured data, or to `<html>`'s
// own attributes throws `Unsure`, and the page reloads instead.
const patching = (() => {
  class Unsure extends Error {}

  // Elements a change is marked on: the nearest of these around the changed text.
  const BLOCKS = new Set(
    ("p li dt dd h1 h2 h3 h4 h5 h6 blockquote pre table tr figure figcaption div section " +
      "article aside details summary header footer nav main ul ol dl math svg").split(" "),
  );

  const ELEMENT = 1;
  // What only describes the page (to search engines, feeds, other tools), and can change in
  // place: structured data in a script, and links to other versions of the page.
  const DESCRIBING = new Set(["alternate", "canonical", "prev", "next", "author", "license"]);
  const isData = (el) =>
    (el.localName === "script" && el.type === "application/ld+json") ||
    (el.localName === "link" && el.rel.split(/\s+/).every((r) => DESCRIBING.has(r.toLowerCase())));
  const alike = (a, b) =>
    a.nodeType === b.nodeType &&
    (a.nodeType !== ELEMENT ||
      (a.localName === b.localName && a.namespaceURI === b.namespaceURI && a.id === b.id));

  // The live children standing for `before`'s children, in order. Live children that match
  // none were added by a script; they are passed over and kept.
  const pair = (live, before) => {
    const nodes = live.childNodes;
    const lives = [];
    let i = 0;
    for (const b of before.childNodes) {
      while (i < nodes.length && !alike(nodes[i], b)) i++;
      if (i === nodes.length) throw new Unsure(`the children of <${live.localName}> moved`);
      lives.push(nodes[i++]);
    }
    return lives;
  };

  // The block to mark for a change at `node`: none outside <body>, and never <body> itself.
  const block = (node) => {
    let el = node.nodeType === ELEMENT ? node : node.parentElement;
    while (el && !BLOCKS.has(el.localName)) el = el.parentElement;
    return el && el !== document.body && document.body.contains(el) ? el : null;
  };

  // True when two texts differ in their digits alone: a count, a time or a date the page
  // derives from its text, not a passage the writer changed.
  const digitsAlone = (a, b) => a.replace(/\d+/g, "0") === b.replace(/\d+/g, "0");

  class Patch {
    // A dry run touches nothing: it finds where a page that shows `after` differs from
    // `before`, for a tab that follows the writer to show the passage that changed.
    constructor(dry) {
      this.dry = dry;
      this.marks = new Set();
      // Dry runs: each change's live node, and whether it differs in digits alone.
      this.found = [];
    }

    // Notes a change at `node`, and marks its block when `mark`; a removal leaves nothing to
    // mark, and a count or a date that follows from the text is not what the eye looks for.
    changed(node, mark = true, derived = false) {
      if (this.dry) this.found.push({ node, derived });
      const el = mark && !derived && !this.dry && block(node);
      if (el) this.marks.add(el);
    }

    node(live, before, after) {
      if (before.isEqualNode(after)) return;
      if (!alike(before, after)) {
        if (this.dry) return this.changed(live);
        const fresh = document.importNode(after, true);
        live.replaceWith(fresh);
        return this.changed(fresh);
      }
      if (before.nodeType !== ELEMENT) {
        this.changed(live, true, digitsAlone(before.nodeValue, after.nodeValue));
        if (!this.dry) live.nodeValue = after.nodeValue;
        return;
      }
      if (live.localName === "script" && !isData(live)) throw new Unsure("a script changed");
      if (!this.dry) this.attributes(live, before, after);
      this.children(live, before, after);
    }

    attributes(live, before, after) {
      for (const { namespaceURI, localName, name, value } of after.attributes) {
        if (before.getAttributeNS(namespaceURI, localName) !== value) {
          this.changed(live);
          live.setAttributeNS(namespaceURI, name, value);
        }
      }
      for (const { namespaceURI, localName } of before.attributes) {
        if (!after.hasAttributeNS(namespaceURI, localName)) {
          this.changed(live);
          live.removeAttributeNS(namespaceURI, localName);
        }
      }
    }

    // Unchanged children at both ends are skipped; those between are patched pairwise, and
    // what is left over removed or inserted.
    children(live, before, after) {
      // The live page shows `before`, or in a dry run already `after`.
      const lives = pair(live, this.dry ? after : before);
      const b = before.childNodes;
      const a = after.childNodes;
      let start = 0;
      while (start < b.length && start < a.length && b[start].isEqualNode(a[start])) start++;
      let endB = b.length;
      let endA = a.length;
      while (endB > start && endA > start && b[endB - 1].isEqualNode(a[endA - 1])) {
        endB--;
        endA--;
      }
      const [end, count] = this.dry ? [endA, a.length] : [endB, b.length];
      const next =
        end < count ? lives[end] : lives.length ? lives[lives.length - 1].nextSibling : live.firstChild;
      const common = Math.min(endB, endA) - start;
      for (let k = start; k < start + common; k++) this.node(lives[k], b[k], a[k]);
      if (this.dry) {
        if (endB > start + common) this.changed(next || live);
        for (let k = start + common; k < endA; k++) this.changed(lives[k]);
        return;
      }
      for (let k = start + common; k < endB; k++) lives[k].remove();
      for (let k = start + common; k < endA; k++) {
        const fresh = document.importNode(a[k], true);
        live.insertBefore(fresh, next);
        this.changed(fresh);
      }
    }
  }

  const outer = (el) => el.outerHTML;
  const scripts = (doc) =>
    [...doc.querySelectorAll("script")]
      .filter((s) => !isData(s))
      .map(outer)
      .join("\n");
  const fixedHead = (doc) =>
    [...doc.head.children]
      .filter((el) => el.localName !== "title" && el.localName !== "meta" && !isData(el))
      .map(outer)
      .join("\n");
  const rootAttributes = (doc) =>
    [...doc.documentElement.attributes].map((a) => `${a.name}=${a.value}`).join(" ");

  // Throws Unsure when `after` differs from `before` in what a patch cannot carry over.
  const check = (before, after) => {
    if (scripts(before) !== scripts(after)) throw new Unsure("a script changed");
    if (fixedHead(before) !== fixedHead(after)) throw new Unsure("<head> changed");
    if (rootAttributes(before) !== rootAttributes(after)) throw new Unsure("<html> changed");
  };

  // Plays a short highlight on each changed block: a fading tint, or with reduced motion a
  // still outline for a moment. Web animations leave nothing behind in the DOM.
  const flash = (elements) => {
    const still = matchMedia("(prefers-reduced-motion: reduce)").matches;
    const tint = "rgba(255, 196, 0, 0.35)";
    for (const el of elements) {
      if ([...elements].some((other) => other !== el && other.contains(el))) continue;
      if (still) {
        const ring = { outline: "3px solid rgb(224, 168, 0)", outlineOffset: "2px" };
        el.animate([ring, ring], { duration: 1200 });
      } else {
        el.animate([{ backgroundColor: tint, boxShadow: `0 0 0 0.25em ${tint}`, offset: 0 }], {
          duration: 1500,
          easing: "ease-out",
        });
      }
    }
  };

  return {
    Unsure,
    parse: (html) => new DOMParser().parseFromString(html, "text/html"),
    // Patches the live document from `before` to `after`; returns the changed blocks.
    apply(before, after) {
      check(before, after);
      const patch = new Patch(false);
      patch.node(document.documentElement, before.documentElement, after.documentElement);
      flash(patch.marks);
      return [...patch.marks];
    },
    // The live node of the page (which shows `after`) where it first differs from `before`
    // in more than a count or a date: where the writer's change is. Null when they agree.
    changedPassage(before, after) {
      const patch = new Patch(true);
      patch.node(document.body, before.body, after.body);
      const found = patch.found.find((f) => !f.derived) || patch.found[0];
      return found ? found.node : null;
    },
    flash,
  };
})();
