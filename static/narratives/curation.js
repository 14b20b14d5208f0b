// Article workbench: turn a text selection into the "add a missed claim" form, and open a claim's details
// when its highlight is clicked. No inline scripts (CSP); everything is delegated from document, so it keeps
// working after htmx swaps the article body.
(function () {
  "use strict";

  const ARTICLE = "#article-text";
  let button = null;
  let pending = null; // {quote, start, end} of the last selection inside the article text

  // Offsets in code points, as Python counts them; the browser already reads CRLF as LF (the server maps it).
  function codePoints(s) {
    return Array.from(s).length;
  }

  function selectionInArticle() {
    const article = document.querySelector(ARTICLE);
    const sel = window.getSelection();
    if (!article || !sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    const range = sel.getRangeAt(0);
    if (!article.contains(range.startContainer) || !article.contains(range.endContainer)) return null;
    const before = document.createRange();
    before.selectNodeContents(article);
    before.setEnd(range.startContainer, range.startOffset);
    const quote = range.toString();
    if (!quote.trim()) return null;
    const start = codePoints(before.toString());
    return { quote, start, end: start + codePoints(quote), rect: range.getBoundingClientRect() };
  }

  function ensureButton() {
    if (button) return button;
    button = document.createElement("button");
    button.type = "button";
    button.className = "button button--primary button--small selection-button";
    button.textContent = "Add as a claim";
    button.style.display = "none"; // not the hidden attribute: .button sets display and would win
    button.addEventListener("mousedown", (e) => e.preventDefault()); // keep the selection
    button.addEventListener("click", fillForm);
    document.body.appendChild(button);
    return button;
  }

  function hideButton() {
    if (button) button.style.display = "none";
  }

  function onSelection() {
    const article = document.querySelector(ARTICLE);
    if (!article || !article.dataset.addClaim) return;
    const found = selectionInArticle();
    if (!found) {
      pending = null;
      hideButton();
      return;
    }
    pending = found;
    const b = ensureButton();
    b.style.display = "";
    const top = window.scrollY + found.rect.bottom + 6;
    const left = Math.min(window.scrollX + found.rect.left, window.scrollX + document.documentElement.clientWidth - 180);
    b.style.top = `${top}px`;
    b.style.left = `${Math.max(8, left)}px`;
  }

  function fillForm() {
    if (!pending) return;
    const form = document.getElementById("add-claim-form");
    const panel = document.getElementById("add-claim");
    if (!form || !panel) return;
    form.elements.quote.value = pending.quote;
    form.elements.start.value = pending.start;
    form.elements.end.value = pending.end;
    panel.open = true;
    hideButton();
    panel.scrollIntoView({ block: "nearest", behavior: "smooth" });
    const search = document.getElementById("add-speaker-q");
    if (search) search.focus({ preventScroll: true });
  }

  let timer = null;
  document.addEventListener("selectionchange", () => {
    clearTimeout(timer);
    timer = setTimeout(onSelection, 200);
  });

  // Typing into the quote box by hand drops the browser's offsets: the server then finds the words itself.
  document.addEventListener("input", (e) => {
    if (e.target.name === "quote" && e.target.form && e.target.form.id === "add-claim-form") {
      e.target.form.elements.start.value = "";
      e.target.form.elements.end.value = "";
    }
  });

  // A swap replaces the text the selection pointed into.
  document.addEventListener("htmx:beforeSwap", () => {
    pending = null;
    hideButton();
  });

  // After htmx opens a claim (or redraws the body around one), keyboard focus moves to its card.
  document.addEventListener("htmx:afterSettle", (e) => {
    const root = e.detail.elt;
    if (!root || !root.querySelector) return;
    const card = root.matches(".margin-item--open") ? root : root.querySelector(".margin-item--open");
    if (!card) return;
    card.focus({ preventScroll: true });
    card.scrollIntoView({ block: "nearest" });
  });

  // A click on a highlight (not the end of a selection) opens that claim's details in the margin.
  document.addEventListener("click", (e) => {
    const mark = e.target.closest ? e.target.closest(".claim-span") : null;
    if (!mark) return;
    const sel = window.getSelection();
    if (sel && !sel.isCollapsed) return;
    const id = mark.id.replace("claim-", "");
    const item = document.getElementById(`margin-claim-${id}`);
    if (!item) return;
    const link = item.querySelector("a.margin-item__link");
    if (link) link.click();
    item.scrollIntoView({ block: "nearest", behavior: "smooth" });
  });
})();
