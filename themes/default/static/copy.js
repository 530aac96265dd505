// Copy buttons on code blocks: each block carries a hidden button, shown here, that copies
// the code (never the line numbers, which the stylesheet draws) and says so for a moment,
// to screen readers too. It needs none of the page's other scripts. Code blocks that
// `weave serve` patches into the page get theirs too ("weave:patched").
const strings = JSON.parse(document.getElementById("weave-strings")?.textContent || "{}");
const say = (key, fallback) => strings[key] || fallback;
const ready = new WeakSet();

const attach = () => {
  for (const button of document.querySelectorAll(".code-block > .copy-code")) {
    // Looked up on each click: a patch may have replaced the code inside the block.
    const code = () => button.parentElement.querySelector("pre code");
    if (ready.has(button) || !code() || !navigator.clipboard) continue;
    ready.add(button);
    button.hidden = false;
    button.textContent = say("copy", "Copy");
    button.setAttribute("aria-label", say("copy_label", "Copy the code"));
    button.addEventListener("click", async () => {
      const lines = [...code().querySelectorAll(":scope > .line")];
      const text = lines.map((l) => l.textContent).join("\n") || code().textContent;
      try {
        await navigator.clipboard.writeText(text.replace(/\n$/, ""));
        button.textContent = say("copied", "Copied");
      } catch (e) {
        button.textContent = say("copy_failed", "Copy failed");
      }
      setTimeout(() => (button.textContent = say("copy", "Copy")), 2000);
    });
  }
};
attach();
document.addEventListener("weave:patched", attach);
