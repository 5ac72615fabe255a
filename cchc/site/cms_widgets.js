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

  // The checker's rules at the field, in its own words: cchc/site/cms_rules.py writes them into
  // config.yml as a field's "cchc_rules" (the kinds are listed there). Each stock widget that
  // carries them is the same widget with one more check: Decap asks a control's isValid() before
  // saving and shows the error it returns under the field; nothing is written while one stands.
  var RULES_KEY = "cchc_rules";
  var plain = function (value) {
    if (value === undefined || value === null) {
      return "";
    }
    if (value instanceof Date) {
      return value.toISOString();
    }
    if (typeof value.toJS === "function") {
      value = value.toJS();
    }
    return Array.isArray(value) ? value.join(",") : String(value);
  };
  // As the checker reads a text: spaces collapsed (Python's split() also splits at U+0085).
  var collapsed = function (text) {
    return text.split(/[\s\x85]+/).filter(Boolean).join(" ");
  };
  var fill = function (message, values) {
    return message.replace(/%\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  };
  var folderYear = function (entry) {
    // An entry already saved stays in its folder: content/news/<year>/<name>.md.
    if (!entry || entry.get("newRecord") || !entry.get("path")) {
      return null;
    }
    var parts = String(entry.get("path")).split("/");
    var year = parts[parts.length - 2];
    return /^[0-9]{4}$/.test(year) ? year : null;
  };
  var problem = function (rule, value, props, heads) {
    var text = plain(value);
    var empty = collapsed(text) === "";
    if (rule.missing) {
      return empty ? rule.message : null;
    }
    if (rule["with"]) {
      var other = props.entry && props.entry.getIn(["data", rule["with"]]);
      return empty && collapsed(plain(other)) !== "" ? rule.message : null;
    }
    if (empty) {
      return null;
    }
    if (rule.refuse !== undefined) {
      return new RegExp(rule.refuse).test(collapsed(text)) ? rule.message : null;
    }
    if (rule.longer_than !== undefined) {
      var length = Array.from(collapsed(text)).length;
      return length > rule.longer_than ? fill(rule.message, {n: length}) : null;
    }
    if (rule.year_folder) {
      var folder = folderYear(props.entry);
      var date = value instanceof Date ? value.toISOString().slice(0, 10) : text.slice(0, 10);
      var year = date.slice(0, 4);
      return folder && /^[0-9]{4}$/.test(year) && year !== folder
        ? fill(rule.message, {date: date, year: year, folder: folder}) : null;
    }
    if (rule.types) {
      var name = text.toLowerCase();
      var known = rule.types.some(function (type) { return name.slice(-type.length) === type; });
      return known ? null : fill(rule.message, {value: text});
    }
    if (rule.starts !== undefined) {
      var head = heads[text];
      return text.toLowerCase().slice(-rule.suffix.length) === rule.suffix && typeof head === "string"
        && head.slice(0, rule.starts.length) !== rule.starts ? rule.message : null;
    }
    return null;
  };
  var withRules = function (name) {
    var widget = CMS.getWidget(name);
    if (!widget) {
      return;
    }
    var Checked = createClass({
      componentDidMount: function () { this.readHead(); },
      componentDidUpdate: function () { this.readHead(); },
      keepInner: function (inner) { this.inner = inner; },
      // Decap asks the control it holds whether to render again (a file control says yes when
      // the media library has chosen a file for it): the widget inside answers.
      shouldComponentUpdate: function (nextProps) {
        var inner = this.inner && this.inner.shouldComponentUpdate;
        return inner ? inner.call(this.inner, nextProps) : true;
      },
      // The first bytes of a file just chosen for upload (a PDF starts with %PDF-), read once per
      // name so that isValid can answer at once when the editor saves.
      readHead: function () {
        var self = this;
        var name = typeof this.props.value === "string" ? this.props.value : "";
        this.heads = this.heads || {};
        // Only a file field's PDF: asking for any other value would make Decap fetch it as media.
        if (!/\.pdf$/i.test(name) || (name in this.heads) || !this.props.getAsset
            || (this.props.field.get("widget") !== "file" && this.props.field.get("widget") !== "image")) {
          return;
        }
        var asset = this.props.getAsset(name, this.props.field);
        var file = asset && asset.fileObj;
        if (!file || typeof file.slice !== "function") {
          return;
        }
        this.heads[name] = null;
        file.slice(0, 8).arrayBuffer().then(function (buffer) {
          self.heads[name] = String.fromCharCode.apply(null, new Uint8Array(buffer));
        });
      },
      // The checker's words first; then the widget's own check (a select's minimum, a number's range).
      isValid: function () {
        var rules = this.props.field.get(RULES_KEY);
        rules = rules ? rules.toJS() : [];
        for (var i = 0; i < rules.length; i++) {
          var message = problem(rules[i], this.props.value, this.props, this.heads || {});
          if (message) {
            return {error: {type: "CUSTOM", parentIds: this.props.parentIds, message: message}};
          }
        }
        return this.inner && typeof this.inner.isValid === "function" ? this.inner.isValid() : true;
      },
      getValidateValue: function () {
        return this.inner && typeof this.inner.getValidateValue === "function" ? this.inner.getValidateValue() : undefined;
      },
      render: function () {
        return h(widget.control, Object.assign({}, this.props, {ref: this.keepInner}));
      },
    });
    CMS.registerWidget(name, Checked, widget.preview, widget.schema);
  };
  ["string", "text", "datetime", "select", "image", "file"].forEach(withRules);

  // The preview pane as the site shows an entry: the site's own stylesheets (read from its home
  // page, one level up), dates written the Vietnamese way, topics and statuses by their names.
  var choiceLabel = function (collection, name, value) {
    var field = collection && collection.get("fields").find(function (f) { return f.get("name") === name; });
    var option = field && field.get("options") && field.get("options").find(function (o) {
      return o && typeof o.get === "function" && o.get("value") === value;
    });
    return option ? option.get("label") : value;
  };
  // ngày 03/3/2022, ngày 26/01/2011: the day in two digits, the month without a leading zero
  // except January and February.
  var vietnameseDate = function (value) {
    var match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[ T]([0-9]{2}:[0-9]{2}))?/.exec(plain(value));
    if (!match) {
      return plain(value);
    }
    var month = parseInt(match[2], 10);
    var day = "ngày " + match[3] + "/" + (month < 3 ? match[2] : String(month)) + "/" + match[1];
    return match[4] ? match[4] + " " + day : day;
  };
  var listOf = function (value) {
    if (!value) {
      return [];
    }
    value = typeof value.toJS === "function" ? value.toJS() : value;
    return Array.isArray(value) ? value : [value];
  };
  var meta = function (label, text) {
    return text ? h("p", {className: "cchc-preview-meta"}, h("strong", null, label + ": "), text) : null;
  };
  var topicList = function (props) {
    var topics = listOf(props.entry.getIn(["data", "topics"]));
    return topics.length ? h("ul", null, topics.map(function (id) {
      return h("li", {key: id}, choiceLabel(props.collection, "topics", id));
    })) : null;
  };
  var NewsPreview = createClass({
    render: function () {
      var data = this.props.entry.get("data");
      var image = data.get("image");
      var asset = image && this.props.getAsset(image);
      return h("article", {className: "md-typeset"},
        h("h1", null, data.get("title")),
        meta("Ngày đăng", vietnameseDate(data.get("date"))),
        data.get("summary") ? h("p", null, h("em", null, data.get("summary"))) : null,
        image ? h("img", {src: asset ? asset.toString() : "", alt: data.get("image_alt") || ""}) : null,
        this.props.widgetFor("body"),
        meta("Đơn vị", data.get("unit")),
        topicList(this.props));
    },
  });
  var ProcedurePreview = createClass({
    render: function () {
      var data = this.props.entry.get("data");
      var status = data.get("status");
      return h("article", {className: "md-typeset"},
        h("h1", null, data.get("name")),
        meta("Mã thủ tục", data.get("code")),
        meta("Lĩnh vực", data.get("field")),
        meta("Tình trạng", status ? choiceLabel(this.props.collection, "status", status) : "Đang áp dụng"),
        meta("Thời hạn giải quyết", data.get("time_limit")),
        meta("Ngày cập nhật", vietnameseDate(data.get("updated"))),
        this.props.widgetFor("body"));
    },
  });
  var BulletinPreview = createClass({
    render: function () {
      var data = this.props.entry.get("data");
      return h("article", {className: "md-typeset"},
        h("h1", null, data.get("title")),
        meta("Số", data.get("number") ? String(data.get("number")) : ""),
        meta("Ngày phát hành", vietnameseDate(data.get("date"))),
        topicList(this.props),
        this.props.widgetFor("body"));
    },
  });
  // Collection names of cchc/site/cms.py.
  CMS.registerPreviewTemplate("tin-tuc", NewsPreview);
  CMS.registerPreviewTemplate("thu-tuc", ProcedurePreview);
  CMS.registerPreviewTemplate("ban-tin", BulletinPreview);
  if (typeof fetch === "function" && typeof DOMParser === "function") {
    fetch("../", {credentials: "same-origin"}).then(function (response) {
      return response.ok ? response.text() : "";
    }).then(function (text) {
      var home = new DOMParser().parseFromString(text, "text/html");
      home.querySelectorAll("link[rel=stylesheet][href]").forEach(function (link) {
        CMS.registerPreviewStyle(new URL(link.getAttribute("href"), new URL("../", location.href)).href);
      });
    }).catch(function () {});
  }

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
  // A procedure saved from the form was updated today (in Vietnam, UTC+07:00): its `updated`
  // says so, as the guide asks ("thu-tuc" is the collection's name in cchc/site/cms.py).
  var todayInVietnam = function () {
    return new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
  };
  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var data = nfc(event.entry.get("data"));
      if (event.entry.get("collection") === "thu-tuc") {
        data = data.set("updated", todayInVietnam());
      }
      return data;
    },
  });
})();
