// Copy buttons on code blocks: each block carries a hidden button, shown here, that copies
// the code (never the line numbers, which the stylesheet draws) and says so for a moment,
// to screen readers too. It needs none of the page's other scripts.
for (const button of document.querySelectorAll(".code-block > .copy-code")) {
  const code = button.parentElement.querySelector("pre code");
  if (!code || !navigator.clipboard) continue;
  button.hidden = false;
  button.setAttribute("aria-label", "Copy the code");
  button.addEventListener("click", async () => {
    const text = [...code.querySelectorAll(":scope > .line")].map((l) => l.textContent).join("\n") || code.textContent;
    try {
      await navigator.clipboard.writeText(text.replace(/\n$/, ""));
      button.textContent = "Copied";
    } catch (e) {
      button.textContent = "Copy failed";
    }
    setTimeout(() => (button.textContent = "Copy"), 2000);
  });
}
