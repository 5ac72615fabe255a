/* Filter for the procedures index (/thu-tuc-hanh-chinh/): by field, by level, and by code or
 * name as the visitor types. Diacritics are ignored both ways ("dang ky" finds "Đăng ký"), as
 * citizens often type without them. Each entry carries its text already folded by the build
 * (data-search), its field (data-field) and its levels (data-level), so only the query is
 * folded here, the same way: đ -> d, marks dropped, lower case, punctuation other than dots
 * turned into spaces. Nothing is fetched.
 * Without JavaScript the form stays hidden and the page is the plain lists, grouped by field. */
(function () {
  "use strict";

  var form = document.querySelector("[data-cchc-filter]");
  if (!form) {
    return;
  }
  var input = form.querySelector("input");
  var field = form.querySelector("#cchc-filter-field");
  var level = form.querySelector("#cchc-filter-level");
  var status = form.querySelector("[role=status]");
  var groups = Array.prototype.slice.call(document.querySelectorAll("[data-cchc-group]"));

  // Same as search_text() in cchc/site/procedure_pages.py: punctuation other than dots splits words.
  function fold(text) {
    return text.replace(/[đĐ]/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/[^a-z0-9.]+/g, " ");
  }

  function apply() {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var wantedField = field.value;
    var wantedLevel = level.value;
    var shown = 0;
    groups.forEach(function (group) {
      var visible = 0;
      Array.prototype.forEach.call(group.querySelectorAll("li[data-search]"), function (entry) {
        var text = entry.getAttribute("data-search");
        var levels = (entry.getAttribute("data-level") || "").split(" ");
        var match = words.every(function (word) { return text.indexOf(word) !== -1; }) &&
          (!wantedField || entry.getAttribute("data-field") === wantedField) &&
          (!wantedLevel || levels.indexOf(wantedLevel) !== -1);
        entry.hidden = !match;
        if (match) {
          visible += 1;
        }
      });
      group.hidden = visible === 0;
      shown += visible;
    });
    if (!words.length && !wantedField && !wantedLevel) {
      status.textContent = "";
    } else if (shown) {
      status.textContent = "Có " + shown + " thủ tục phù hợp.";
    } else {
      status.textContent = "Không có thủ tục nào phù hợp. Thử bỏ bớt từ, chọn lĩnh vực hoặc cấp khác, hoặc gõ mã thủ tục.";
    }
  }

  input.addEventListener("input", apply);
  field.addEventListener("change", apply);
  level.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  form.hidden = false;
  if (input.value || field.value || level.value) {
    apply();  // the browser may restore the choices on going back
  }
})();
