/* Accessible names for controls of Django's admin that have none (WCAG 2.1 AA, as axe-core
   checks them in tests/browser). Each fix is for markup Django or its bundled Select2 writes,
   which the project's templates cannot reach; the page is patched again whenever it changes
   (a row added to an inline, a choice made in a Select2 box).

   1. Tabular inlines label their fields by column heading only: each field gets the heading
      as its aria-label.
   2. A file field with a current file is a fieldset whose legend names it, but the file input
      itself is unnamed: it gets the legend as its aria-label.
   3. Select2 boxes (autocomplete fields) are named by their current value only, nothing when
      empty: they are named by the field's label as well; the search box of a multiple choice
      gets the label; the "remove all" cross (a mouse-only shortcut) is hidden from assistive
      technology, which also keeps the list of choices a valid list.
   4. The search icons of the two-box filter (filter_horizontal) carry an aria-label without a
      role: they get role="img". */
(function () {
  "use strict";

  function text(element) {
    return element ? element.textContent.replace(/\s+/g, " ").replace(/[:：]\s*$/, "").trim() : "";
  }

  function unnamed(control) {
    if (control.type === "hidden" || control.hasAttribute("aria-label")) return false;
    if (control.hasAttribute("aria-labelledby")) return false;
    return !(control.labels && control.labels.length);
  }

  function labelTabularInlines(root) {
    root.querySelectorAll(".tabular table").forEach(function (table) {
      var headings = table.querySelectorAll("thead th");
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, index) {
          var name = text(headings[index]);
          if (!name) return;
          cell.querySelectorAll("input, select, textarea").forEach(function (control) {
            if (unnamed(control)) control.setAttribute("aria-label", name);
          });
        });
      });
    });
  }

  function labelFieldsetFileInputs(root) {
    root.querySelectorAll("fieldset > legend").forEach(function (legend) {
      legend.parentElement.querySelectorAll("input[type=file]").forEach(function (control) {
        if (unnamed(control)) control.setAttribute("aria-label", text(legend));
      });
    });
  }

  function labelSelect2(root) {
    root.querySelectorAll("select.select2-hidden-accessible").forEach(function (select) {
      var label = select.id && root.querySelector('label[for="' + select.id + '"]');
      var container = select.nextElementSibling;
      if (!label || !container || !container.classList.contains("select2")) return;
      if (!label.id) label.id = select.id + "_label";
      var box = container.querySelector(".select2-selection");
      var rendered = container.querySelector(".select2-selection__rendered");
      if (box && box.getAttribute("role") === "combobox") {
        var parts = [label.id];
        if (rendered && rendered.id) parts.push(rendered.id);
        box.setAttribute("aria-labelledby", parts.join(" "));
      }
      if (rendered && rendered.getAttribute("role") === "textbox") {
        rendered.setAttribute("aria-labelledby", label.id);
      }
      container.querySelectorAll(".select2-search__field").forEach(function (search) {
        if (search.getAttribute("aria-labelledby") !== label.id) {
          search.setAttribute("aria-labelledby", label.id);
        }
      });
      container.querySelectorAll(".select2-selection__clear").forEach(function (cross) {
        if (!cross.hasAttribute("aria-hidden")) cross.setAttribute("aria-hidden", "true");
      });
    });
  }

  function roleForFilterIcons(root) {
    root.querySelectorAll("span.search-label-icon[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  function patch() {
    labelTabularInlines(document);
    labelFieldsetFileInputs(document);
    labelSelect2(document);
    roleForFilterIcons(document);
  }

  var scheduled = false;
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    window.requestAnimationFrame(function () {
      scheduled = false;
      patch();
    });
  }

  // Select2 and the two-box filter are set up on DOMContentLoaded, after this deferred script
  // runs: patch on load, and after every change to the page.
  window.addEventListener("load", function () {
    patch();
    new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
  });
})();
