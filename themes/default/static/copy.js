// Copy buttons on code blocks: each block carries a hidden button, shown here, that copies
// the code (never the line numbers, which the stylesheet draws) and says so for a moment,
// to screen readers too. It needs none of the page's other scripts.
const strings = JSON.parse(document.getElementById("weave-strings")?.textContent || "{}");
const say = (key, fallback) => strings[key] || fallback;
for (const button of document.querySelectorAll(".code-block > .copy-code")) {
  const code = button.parentElement.querySelector("pre code");
  if (!code || !navigator.clipboard) continue;
  button.hidden = false;
  button.textContent = say("copy", "Copy");
  button.setAttribute("aria-label", say("copy_label", "Copy the code"));
  button.addEventListener("click", async () => {
    const text = [...code.querySelectorAll(":scope > .line")].map((l) => l.textContent).join("\n") || code.textContent;
    try {
      await navigator.clipboard.writeText(text.replace(/\n$/, ""));
      button.textContent = say("copied", "Copied");
    } catch (e) {
      button.textContent = say("copy_failed", "Copy failed");
    }
    setTimeout(() => (button.textContent = say("copy", "Copy")), 2000);
  });
}
