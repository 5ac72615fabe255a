/* Filter for the procedures index (/thu-tuc-hanh-chinh/): narrows the tables as the visitor
 * types. Diacritics are ignored both ways ("dang ky" finds "Đăng ký"), as citizens often type
 * without them. Each row carries its text already folded by the build (data-search), so only
 * the query is folded here, the same way: đ -> d, marks dropped, lower case, punctuation
 * other than dots turned into spaces.
 * Without JavaScript the box stays hidden and every table is shown in full. */
(function () {
  "use strict";

  var box = document.querySelector("[data-cchc-filter]");
  if (!box) {
    return;
  }
  var input = box.querySelector("input");
  var status = box.querySelector("[role=status]");
  var groups = Array.prototype.slice.call(document.querySelectorAll("[data-cchc-group]"));

  // Same as search_text() in cchc/procedure_pages.py: punctuation other than dots splits words.
  function fold(text) {
    return text.replace(/[đĐ]/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/[^a-z0-9.]+/g, " ");
  }

  function apply() {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    groups.forEach(function (group) {
      var visible = 0;
      Array.prototype.forEach.call(group.querySelectorAll("tr[data-search]"), function (row) {
        var text = row.getAttribute("data-search");
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        row.hidden = !match;
        if (match) {
          visible += 1;
        }
      });
      group.hidden = visible === 0;
      shown += visible;
    });
    if (!words.length) {
      status.textContent = "";
    } else if (shown) {
      status.textContent = "Có " + shown + " thủ tục phù hợp.";
    } else {
      status.textContent = "Không có thủ tục nào phù hợp. Thử bỏ bớt từ hoặc gõ mã thủ tục.";
    }
  }

  input.addEventListener("input", apply);
  box.hidden = false;
  if (input.value) {
    apply();  // the browser may restore the query on going back
  }
})();
