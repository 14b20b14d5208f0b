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

// htmx swaps nothing on an error status or a lost connection, so without this a click during a database
// outage would look ignored. The 503 page says what is wrong (its <p>); other failures get a plain line.
function showRequestError(text) {
  const box = document.getElementById("request-error");
  if (!box) return;
  box.textContent = text;
  box.hidden = false;
}

document.addEventListener("htmx:responseError", (event) => {
  const xhr = event.detail.xhr;
  let text = `The server could not do this (error ${xhr.status}). Nothing was changed; try again.`;
  if (xhr.status === 503) {
    const page = new DOMParser().parseFromString(xhr.responseText, "text/html");
    const problem = page.querySelector("[role=alert] p");
    if (problem && problem.textContent.trim()) text = problem.textContent.trim();
  } else if (xhr.status === 403) {
    text = "You are not allowed to do this, or your session has ended: reload the page and sign in again.";
  }
  showRequestError(text);
});

document.addEventListener("htmx:sendError", () => {
  showRequestError("The server did not answer. Check the connection and try again.");
});

document.addEventListener("htmx:afterRequest", (event) => {
  const box = document.getElementById("request-error");
  if (box && event.detail.successful) box.hidden = true;
});
