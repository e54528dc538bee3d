// The procedure picker at the counter, keyboard first: in the search box, ↑ and ↓ move the choice in the
// list under it (which HTMX refills as the clerk types), and Enter takes the choice and goes on to the
// applicant's name instead of sending a half-filled form. Without this file the box and the list still work.
document.addEventListener("keydown", (event) => {
  const search = event.target.closest ? event.target.closest("[data-picker]") : null;
  if (!search) return;
  const list = document.getElementById(search.dataset.picker);
  if (!list) return;
  const enabled = [...list.options].filter((option) => !option.disabled);
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    event.preventDefault();
    if (!enabled.length) return;
    const at = enabled.indexOf(list.options[list.selectedIndex]);
    const step = event.key === "ArrowDown" ? 1 : -1;
    const next = enabled[Math.min(enabled.length - 1, Math.max(0, at + step))];
    next.selected = true;
    search.setAttribute("aria-activedescendant", next.id);
  } else if (event.key === "Enter") {
    event.preventDefault();
    if (list.selectedIndex >= 0 && !list.options[list.selectedIndex].disabled) {
      const onward = document.getElementById(search.dataset.next);
      if (onward) onward.focus();
    }
  }
});

// Destructive steps (refuse, stop, withdraw) ask first: a button with data-confirm sends its form only when
// the user confirms the question it carries.
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});

// The dashboard's period picker: typing a day in "from" or "to" means a custom range.
document.addEventListener("input", (event) => {
  if (!event.target.matches || !event.target.matches("[data-period-range]")) return;
  const choice = event.target.form && event.target.form.querySelector("[data-period-choice]");
  if (choice) choice.value = "range";
});

// A form marked data-once is sent once: its submit buttons are disabled while it is on its way, so that a
// double click does not send it twice (the server also refuses a second use of the registration form's
// token). Coming back to the page with the browser's Back button enables them again.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (event.defaultPrevented || !form.matches || !form.matches("form[data-once]")) return;
  for (const button of form.querySelectorAll("button[type=submit], input[type=submit]")) {
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
  }
});
window.addEventListener("pageshow", () => {
  for (const button of document.querySelectorAll("form[data-once] [aria-busy=true]")) {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
});
