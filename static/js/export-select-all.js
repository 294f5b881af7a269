// The export page's "Select all" toggle (templates/admin/import_export/export.html):
// import-export wires it with an inline onchange="" handler that the CSP blocks.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input.select-toggle").forEach(function (toggle) {
    toggle.removeAttribute("onchange");
    toggle.addEventListener("change", onSelectToggleChange);
  });
});
