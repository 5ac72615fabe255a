/* Filter for the documents register (/van-ban/): by type, issuer, year and status, and by number
 * or subject as the visitor types. Each entry carries its text already folded by the build
 * (data-search: cchc/site/document_pages.py, search_text), so only the query is folded here, the
 * same way: đ -> d, marks dropped, lower case, punctuation turned into spaces, so "34/KH-UBND",
 * "34 kh ubnd" and "ke hoach 34" all find Kế hoạch số 34/KH-UBND. Nothing is fetched.
 * Without JavaScript the form stays hidden and the page is the plain list, by year. */
(function () {
  "use strict";

  var form = document.querySelector("[data-cchc-documents-filter]");
  if (!form) {
    return;
  }
  var input = form.querySelector("input");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-key]"));
  var status = form.querySelector("[role=status]");
  var groups = Array.prototype.slice.call(document.querySelectorAll("[data-cchc-group]"));

  function fold(text) {
    return text.replace(/[đĐ]/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/[^a-z0-9]+/g, " ");
  }

  function apply() {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var wanted = selects.filter(function (select) { return select.value; });
    var shown = 0;
    groups.forEach(function (group) {
      var visible = 0;
      Array.prototype.forEach.call(group.querySelectorAll("li[data-search]"), function (entry) {
        var text = " " + entry.getAttribute("data-search") + " ";
        var match = words.every(function (word) { return text.indexOf(" " + word) !== -1; }) &&
          wanted.every(function (select) {
            return entry.getAttribute("data-" + select.getAttribute("data-key")) === select.value;
          });
        entry.hidden = !match;
        if (match) {
          visible += 1;
        }
      });
      group.hidden = visible === 0;
      shown += visible;
    });
    if (!words.length && !wanted.length) {
      status.textContent = "";
    } else if (shown) {
      status.textContent = "Có " + shown + " văn bản phù hợp.";
    } else {
      status.textContent = "Không có văn bản nào phù hợp. Thử bỏ bớt từ, hoặc chọn loại, cơ quan, năm khác.";
    }
  }

  input.addEventListener("input", apply);
  selects.forEach(function (select) { select.addEventListener("change", apply); });
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  form.hidden = false;
  if (input.value || selects.some(function (select) { return select.value; })) {
    apply();  // the browser may restore the choices on going back
  }
})();
