/* Wide tables scroll sideways in their own box: ours (.cchc-table-wrap) and Material's for
 * Markdown tables (.md-typeset__scrollwrap). A box that scrolls must take keyboard focus, or
 * keyboard users cannot scroll it (WCAG 2.1.1; axe: scrollable-region-focusable). While it
 * scrolls, each box is a focusable region named after its table's caption or the heading
 * before it; a box that fits is left out of the tab order. */
(function () {
  "use strict";

  var BOXES = ".md-typeset .cchc-table-wrap, .md-typeset .md-typeset__scrollwrap";

  function nameOf(box) {
    var caption = box.querySelector("caption");
    if (caption) {
      return caption.textContent.trim();
    }
    for (var node = box.previousElementSibling; node; node = node.previousElementSibling) {
      if (/^H[1-6]$/.test(node.tagName)) {
        return node.textContent.replace(/¶$/, "").trim();
      }
    }
    return "Bảng";
  }

  function update(box) {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", nameOf(box));
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }

  // Checked again whenever a box or its table changes size (a narrower window, rows filtered).
  function mount() {
    var boxes = Array.prototype.slice.call(document.querySelectorAll(BOXES));
    boxes.forEach(update);
    if (!("ResizeObserver" in window)) {
      return;
    }
    var observer = new ResizeObserver(function () { boxes.forEach(update); });
    boxes.forEach(function (box) {
      observer.observe(box);
      var table = box.querySelector("table");
      if (table) {
        observer.observe(table);
      }
    });
  }

  // Material wraps Markdown tables from its own script: run after it, on every page it shows.
  if (window.document$) {
    window.document$.subscribe(mount);
  } else {
    mount();
  }
})();
