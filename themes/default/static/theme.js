// Light and dark: the page follows the system setting until the reader picks one with the
// toggle; the choice is remembered. Without JavaScript the system setting applies. A toggle
// that `weave serve` patches into the page is set up too ("weave:patched").
const root = document.documentElement;
const systemDark = () => window.matchMedia("(prefers-color-scheme: dark)").matches;
const isDark = () => (root.dataset.theme ? root.dataset.theme === "dark" : systemDark());
const ready = new WeakSet();
const toggles = () => document.querySelectorAll(".theme-toggle");
const show = () => toggles().forEach((button) => button.setAttribute("aria-pressed", String(isDark())));

const attach = () => {
  for (const button of toggles()) {
    if (ready.has(button)) continue;
    ready.add(button);
    button.hidden = false;
    button.addEventListener("click", () => {
      const next = isDark() ? "light" : "dark";
      root.dataset.theme = next;
      try {
        localStorage.setItem("weave-theme", next);
      } catch (e) {
        // Private windows may refuse storage; the choice then lasts for this page only.
      }
      show();
    });
  }
  show();
};
attach();
window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", show);
document.addEventListener("weave:patched", attach);
