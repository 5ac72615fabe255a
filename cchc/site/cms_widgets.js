// The editors' interface's own widget and save hook, published as /quan-tri/cchc-cms.js after decap-cms.js.
//
// Our files allow one line or a list in several fields (a procedure's `applicants`,
// `submit_at`, `fees`; one decision or several in `announced`), and a title alone or a title
// with its post in a bulletin's `contents`. Decap's list widget expects a list and stops with
// an error on anything else, so "cchc-list" is the list widget shown a list: a single value is
// shown as a list of one item, and a bare title in a list of objects as an item with that
// title. The file keeps its form until the editor changes the field; then it is written as a
// list (of objects), which the loader accepts as well.
(function () {
  "use strict";
  var list = CMS.getWidget("list");
  var isList = function (value) {
    // Immutable's List, without the library: a Map has no push, a string no toList.
    return value && typeof value.toList === "function" && typeof value.push === "function";
  };
  var asItem = function (item, field) {
    var fields = field.get("fields");
    if (fields && typeof item === "string") {
      // field is an Immutable Map: an empty Map of the same kind, with the first field set.
      return field.clear().set(fields.first().get("name"), item);
    }
    return item;
  };
  var asList = function (value, field) {
    if (value === undefined || value === null || value === "") {
      return value;
    }
    var items = isList(value) ? value : field.toList().clear().push(value);
    return items.map(function (item) { return asItem(item, field); });
  };
  var Control = createClass({
    render: function () {
      var props = Object.assign({}, this.props, {value: asList(this.props.value, this.props.field)});
      return h(list.control, props);
    },
  });
  CMS.registerWidget("cchc-list", Control, list.preview, list.schema);

  // Vietnamese text is stored precomposed (NFC), as the checker expects: some keyboards and
  // systems type "ệ" as "e" and two combining marks; every text of the entry is recomposed.
  var nfc = function (value) {
    if (typeof value === "string") {
      return value.normalize("NFC");
    }
    if (value && typeof value.map === "function" && typeof value.toJS === "function") {
      return value.map(nfc);
    }
    return value;
  };
  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      return nfc(event.entry.get("data"));
    },
  });
})();
