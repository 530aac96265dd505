// Light and dark: the page follows the system setting until the reader picks one with the
// toggle; the choice is remembered. Without JavaScript the system setting applies.
const button = document.querySelector(".theme-toggle");
if (button) {
  const root = document.documentElement;
  const systemDark = () => window.matchMedia("(prefers-color-scheme: dark)").matches;
  const isDark = () => (root.dataset.theme ? root.dataset.theme === "dark" : systemDark());
  const show = () => {
    button.setAttribute("aria-pressed", String(isDark()));
  };
  button.hidden = false;
  show();
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
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", show);
}
