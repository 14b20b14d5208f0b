// Filters sent by htmx leave out empty fields, so a pushed URL holds only the filters in use.
document.addEventListener("htmx:configRequest", (event) => {
  if (event.detail.verb !== "get") return;
  const params = event.detail.parameters;
  for (const key of Array.from(params.keys ? params.keys() : Object.keys(params))) {
    if (params.get ? params.get(key) === "" : params[key] === "") {
      params.delete ? params.delete(key) : delete params[key];
    }
  }
});

// "Show more" on the event page: keyboard focus moves to the first new card instead of being lost
// with the button the swap replaced.
document.addEventListener("htmx:afterSettle", () => {
  const card = document.querySelector("[data-focus-on-load]");
  if (card) {
    card.removeAttribute("data-focus-on-load");
    card.focus();
  }
});
