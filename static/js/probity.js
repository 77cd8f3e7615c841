// Small behaviours without inline script (the CSP forbids it).
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target.matches("select[data-autosubmit]")) target.form.submit();
});
document.addEventListener("submit", (event) => {
  const message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) event.preventDefault();
});
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (button) navigator.clipboard.writeText(button.getAttribute("data-copy"));
});
// A "tick all" box: ticks or clears every checkbox named by its data-check-all attribute.
document.addEventListener("change", (event) => {
  const box = event.target;
  if (!box.matches("input[type=checkbox][data-check-all]")) return;
  for (const other of document.querySelectorAll(`input[type=checkbox][name="${box.dataset.checkAll}"]`)) {
    other.checked = box.checked;
  }
});
// On a narrow screen the main menu folds away behind the topbar's menu button (the button stays hidden
// without script, and the menu then shows as it does on a wide screen).
for (const button of document.querySelectorAll(".menu-toggle")) {
  const menu = document.getElementById(button.getAttribute("aria-controls"));
  button.hidden = false;
  menu.classList.add("foldable");
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("open", open);
  });
}
