// Keyboard triage on the review queue: j/k move between claims, 1-9 / 0 / x / Enter press the focused
// claim's button with that data-key. Each press is one htmx POST; focus returns to the same row after the swap.
(() => {
  let index = 0;
  const items = () => Array.from(document.querySelectorAll("[data-review-item]"));

  function focusItem(i) {
    const all = items();
    if (!all.length) return;
    index = Math.max(0, Math.min(i, all.length - 1));
    all[index].focus();
  }

  document.addEventListener("keydown", (event) => {
    if (!document.querySelector("[data-review-queue]")) return;
    const target = event.target;
    if (target.closest && target.closest("input, textarea, select")) return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const current = target.closest ? target.closest("[data-review-item]") : null;
    if (current) index = items().indexOf(current);
    if (event.key === "j" || event.key === "k") {
      event.preventDefault();
      focusItem(index + (event.key === "j" ? 1 : -1));
      return;
    }
    const item = items()[index];
    if (!item || (event.key === "Enter" && target.tagName === "BUTTON")) return;
    const button = item.querySelector(`button[data-key="${event.key}"]`);
    if (button) {
      event.preventDefault();
      button.click();
    }
  });

  // After a decision the decided claim leaves the list: keep the place, so the next one is under the cursor.
  document.addEventListener("htmx:afterSettle", (event) => {
    if (event.target.id === "review-queue") focusItem(index);
  });
  document.addEventListener("DOMContentLoaded", () => focusItem(0));
})();
