/* Glue for the header search box (Pagefind's <pagefind-searchbox>, see
 * overrides/partials/cchc-search.html). It does two things Pagefind does not:
 *  - gives the input a Vietnamese accessible name, not only a placeholder;
 *  - marks in each excerpt every word that matches the query once both are folded the
 *    way citizens type (đ -> d, marks dropped, lower case). Pagefind folds the other
 *    diacritics but not đ, so for "dang ky" it would mark "ký" and leave "Đăng" plain.
 * Loaded with `defer` before Pagefind's script, so it runs first and waits for the
 * component to be defined. */
(function () {
  "use strict";

  var INPUT_LABEL = "Tìm kiếm trên trang (gõ có dấu hoặc không dấu)";
  // A word: letters, digits and combining marks; anything else separates words.
  var WORD = /[\p{L}\p{N}\p{M}]+(?:[.\-\/][\p{L}\p{N}\p{M}]+)*/gu;

  function fold(text) {
    return text.normalize("NFC").replace(/[đĐ]/g, "d").normalize("NFD")
      .replace(/\p{M}/gu, "").toLowerCase();
  }

  // Folded query words; the last may be unfinished, so it also matches as a prefix.
  function queryTerms(query) {
    return fold(query).split(/[^\p{L}\p{N}.\-\/]+/u).filter(Boolean);
  }

  function matches(word, terms) {
    var folded = fold(word);
    return terms.some(function (term, i) {
      return folded === term || (i === terms.length - 1 && folded.indexOf(term) === 0);
    });
  }

  // Re-mark one excerpt element: its text is kept, <mark> goes around each matching word.
  function markExcerpt(element, terms) {
    var text = element.textContent;
    var fragment = document.createDocumentFragment();
    var last = 0;
    text.replace(WORD, function (word, offset) {
      if (!matches(word, terms)) {
        return word;
      }
      fragment.appendChild(document.createTextNode(text.slice(last, offset)));
      var mark = document.createElement("mark");
      mark.textContent = word;
      fragment.appendChild(mark);
      last = offset + word.length;
      return word;
    });
    fragment.appendChild(document.createTextNode(text.slice(last)));
    element.replaceChildren(fragment);
    element.setAttribute("data-cchc-marked", "");
  }

  function setUp(box) {
    var searchbox = box.querySelector("pagefind-searchbox");
    if (!searchbox) {
      return;
    }
    function label() {
      var input = searchbox.querySelector("input");
      if (input && input.getAttribute("aria-label") !== INPUT_LABEL) {
        input.setAttribute("aria-label", INPUT_LABEL);
      }
    }
    function remark() {
      var input = searchbox.querySelector("input");
      var terms = input ? queryTerms(input.value) : [];
      if (!terms.length) {
        return;
      }
      var excerpts = searchbox.querySelectorAll(".pf-searchbox-result-excerpt:not([data-cchc-marked])");
      Array.prototype.forEach.call(excerpts, function (excerpt) { markExcerpt(excerpt, terms); });
    }
    // The component renders its input and results itself (and again when its language is
    // set), so watch it rather than hook into its internals.
    new MutationObserver(function () { label(); remark(); })
      .observe(searchbox, { childList: true, subtree: true });
    label();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-cchc-search]"), setUp);
  }

  window.cchcSearch = { fold: fold, queryTerms: queryTerms, matches: matches };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
