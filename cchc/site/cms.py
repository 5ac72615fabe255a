"""The editors' interface at /quan-tri/: Decap CMS, configured by the build from our schema.

Nothing here is kept by hand: the CMS's ``config.yml`` is made on every build from the
description of each kind's fields (cchc/content/fields.py: label, hint, widget, required, the
checker's rule as a pattern) and the current plan (its topic ids and names, forms, channels and
units). Adding a topic to the plan adds it to the form.

The CMS itself (Decap CMS, an npm package) is copied from ``node_modules`` into the output at
build time, never committed and never loaded from another host. Without ``node_modules`` (the
README's first command needs only Python), /quan-tri/ is a page saying how to install it.
The page, its configuration and the CMS are not pages of the site: no navigation entry, no
sitemap entry, not indexed by search, not in any feed.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

import yaml

from ..content.bulletins import BULLETIN_DIR
from ..content.documents import DOCUMENTS_DIR
from ..content.fields import BULLETIN_FIELDS, DOCUMENT_FIELDS, NEWS_FIELDS, PROCEDURE_FIELDS, Field
from ..content.load import Site
from ..content.news import NEWS_DIR
from ..content.plan import Plan
from ..content.procedures import PROCEDURES_DIR

from .cms_rules import Rules, form_rules
from .guide import guide_plan
from .render_cache import RenderCache, frozen

ADMIN_URL = "quan-tri/"
TITLE = "Quản trị nội dung"
BODY_LABEL = "Nội dung"
# Where `npm ci` puts the CMS, and the files of it the browser loads: the main script, the
# chunks it loads on demand (same folder), its WebAssembly modules and its licence notice.
DECAP_DIST = Path("node_modules/decap-cms/dist")
DECAP_SCRIPT = "decap-cms.js"
# Our widget for fields holding one value or a list (cchc/site/cms_widgets.js), loaded after it.
WIDGETS_SCRIPT = "cchc-cms.js"
LIST = "cchc-list"
# The key of a field's own checks in config.yml (Decap keeps a field's unknown keys for its widget).
RULES_KEY = "cchc_rules"
# The local backend (decap-server) listens here unless CCHC_CMS_PORT says otherwise.
DEFAULT_PROXY_PORT = 8081
BACKENDS = ("gitlab", "gitea", "forgejo")
# The folders the collections write entries and their media in: all the local editor may reach
# (cchc_mkdocs/edit_guard.py).
EDITABLE_FOLDERS = (NEWS_DIR, PROCEDURES_DIR, BULLETIN_DIR)
# Decap's editorial workflow (draft, in review, ready) needs pull/merge requests: its GitLab
# and Forgejo backends have it, its Gitea backend does not (decapcms.org/docs/gitea-backend/).
WORKFLOW_BACKENDS = ("gitlab", "forgejo")


@dataclass(frozen=True)
class CmsSettings:
    """``extra.cchc.cms`` in mkdocs.yml: the git server the CMS commits to in production."""

    backend: str = "gitlab"
    base_url: str = ""      # the git server, like https://git.skhcn.example.vn
    repo: str = ""          # owner/name of the site's repository there
    app_id: str = ""        # the OAuth application's client id
    branch: str = "main"
    proxy_port: int = DEFAULT_PROXY_PORT
    # The local preview's address when `cchc edit` builds the site (CCHC_PREVIEW_URL): the CMS's
    # links to the site ("view") open the preview of what is being edited, not the live site.
    preview_url: str = ""
    public_config: bool = False  # nginx serves /quan-tri/config.yml (cchc nginx-conf)

    @property
    def configured(self) -> bool:
        return bool(self.base_url and self.repo and self.app_id)


# --- The configuration -------------------------------------------------------------------------

def _input(field: Field, choices: Mapping[str, list[tuple[str, str]]], rules: Rules | None = None) -> dict:
    """One input of the form, made from the field's description: its label, its hint (the
    form's own, else the guide's explanation), required as the description says, its rule as a
    pattern, and the checks the form makes in the checker's words (``rules``, cms_rules.py).

    The form cannot know whether an entry is a draft, so fields needed to publish
    (WHEN_PUBLISHED) are required too; the hint explains them as the guide does."""
    spec: dict = {"name": field.name, "label": field.label, "widget": field.widget}
    if field.form_hint or field.hint:
        spec["hint"] = field.form_hint or field.hint
    spec["required"] = field.required
    options = dict(field.options)
    multiple, item_label = options.pop("multiple", False), options.pop("item_label", "Mục")
    spec.update(options)
    if field.widget == "select":
        values = choices.get(field.name, list(field.choices))
        spec.update(options=[{"label": label, "value": value} for value, label in values], multiple=multiple)
    if field.parts:
        spec["fields"] = [_input(part, choices) for part in field.parts]
    elif field.widget == LIST:
        # One line or a list in the files (cchc/site/cms_widgets.js shows one line as a list of one).
        spec["field"] = {"name": "item", "label": item_label, "widget": "text"}
    if field.form_pattern:
        spec["pattern"] = list(field.form_pattern)
    if rules and rules.get(field.name):
        # Checked at the field by cchc/site/cms_widgets.js, in the checker's words (cms_rules.py).
        spec[RULES_KEY] = rules[field.name]
    return spec


def _topic_options(plan: Plan | None) -> list[tuple[str, str]]:
    return [(t.id, f"{t.id} {t.name}") for t in plan.topics] if plan else []


def _channel_options(plan: Plan | None) -> list[tuple[str, str]]:
    if not plan:
        return []
    return [(q.id, f"{q.id}: {q.title}") for f in plan.forms for q in f.quotas if q.counted_by == "channel"]


def _form_options(plan: Plan | None) -> list[tuple[str, str]]:
    return [(f.id, f"{f.id} {f.title}") for f in plan.forms] if plan else []


def unit_names(site: Site, plan: Plan | None) -> list[str]:
    """Units an editor can choose: those leading a form of the plan, and those posts name."""
    units = {name for f in plan.forms for name in f.lead} if plan else set()
    units.update(p.unit for p in (*site.posts, *site.drafts, *site.scheduled) if p.unit)
    return sorted(units)


def _plan_choices(site: Site, plan: Plan | None) -> dict[str, list[tuple[str, str]]]:
    """The choices the plan of the year and the posts give: topics, units, channels, forms."""
    return {"topics": _topic_options(plan), "unit": [(u, u) for u in unit_names(site, plan)],
            "channel": _channel_options(plan), "form": _form_options(plan)}


def _news_collection(choices: Mapping[str, list[tuple[str, str]]], rules: Rules) -> dict:
    return {
        "name": "tin-tuc", "label": "Tin tức", "label_singular": "bài tin tức",
        "description": f"Bài tin tức; mỗi năm một thư mục ({NEWS_DIR}/<năm>/), theo năm của ngày đăng.",
        # The file name is the post's address (cchc.content.news): Decap makes it from the title
        # once, when the post is created, and never renames the file when the title is edited.
        "folder": NEWS_DIR, "path": "{{year}}/{{slug}}", "slug": "{{slug}}", "extension": "md",
        "format": "yaml-frontmatter", "create": True, "media_folder": "", "public_folder": "",
        # Newest first, as the site lists them.
        "sortable_fields": [{"field": "date", "default_sort": "desc"}, "title"],
        "summary": "{{title}} ({{date}})",
        "fields": [_input(f, choices, rules) for f in NEWS_FIELDS] + [_body()],
    }


# How a collection's entries are stored: Markdown files with YAML front matter, which editors
# may create, their media beside them.
_MARKDOWN_FILES = {"extension": "md", "format": "yaml-frontmatter", "create": True,
                   "media_folder": "", "public_folder": ""}


def _body() -> dict:
    return {"name": "body", "label": BODY_LABEL, "widget": "markdown", "required": False,
            "modes": ["raw", "rich_text"], "editor_components": []}


def _procedure_collection() -> dict:
    return {
        "name": "thu-tuc", "label": "Thủ tục hành chính", "label_singular": "thủ tục",
        "description": f"Thủ tục hành chính; mỗi lĩnh vực một thư mục ({PROCEDURES_DIR}/<lĩnh vực>/), "
                       "mẫu đơn đặt cùng thư mục.",
        "folder": PROCEDURES_DIR, "path": "{{fields.field}}/{{slug}}", "identifier_field": "name",
        **_MARKDOWN_FILES, "summary": "{{code}} {{name}}",
        # Recently updated first; a saved procedure gets today's `updated` (cms_widgets.js).
        "sortable_fields": [{"field": "updated", "default_sort": "desc"}, "name", "code"],
        # In the order the importer writes a record's keys (the description's): Decap writes a
        # file's front matter in the form's order, so editing one field leaves the others in place.
        "fields": [_input(f, {}) for f in PROCEDURE_FIELDS] + [_body()],
    }


def _bulletin_collection(choices: Mapping[str, list[tuple[str, str]]], rules: Rules) -> dict:
    return {
        "name": "ban-tin", "label": "Bản tin", "label_singular": "số bản tin",
        "description": f"Bản tin; mỗi năm một thư mục ({BULLETIN_DIR}/<năm>/), PDF và ảnh bìa đặt cùng thư mục.",
        # Named after the title: Decap leaves a number out of a file name ({{fields.number}} gave
        # "2022/.md"); the loader takes any name, the page's address comes from the number.
        "folder": BULLETIN_DIR, "path": "{{year}}/{{slug}}", "identifier_field": "title",
        **_MARKDOWN_FILES, "summary": "Số {{number}}/{{year}}: {{title}}",
        "sortable_fields": [{"field": "date", "default_sort": "desc"}, "number"],
        "fields": [_input(f, choices, rules) for f in BULLETIN_FIELDS] + [_body()],
    }


def _document_collection(choices: Mapping[str, list[tuple[str, str]]]) -> dict:
    return {
        "name": "van-ban", "label": "Văn bản", "label_singular": "văn bản",
        "description": f"Sổ văn bản CCHC; mỗi năm ban hành một thư mục ({DOCUMENTS_DIR}/<năm>/), tệp văn bản "
                       "đặt cùng thư mục. Tên tệp (theo số ký hiệu) là địa chỉ trang: không đổi sau khi đăng.",
        # Named after the number: 34/KH-UBND -> 2022/34-kh-ubnd.md, the page /van-ban/2022/34-kh-ubnd/.
        "folder": DOCUMENTS_DIR, "path": "{{year}}/{{slug}}", "identifier_field": "number",
        **_MARKDOWN_FILES, "summary": "{{number}} ({{date}}): {{subject}}",
        "sortable_fields": ["date", "number"],
        "fields": [_input(f, choices) for f in DOCUMENT_FIELDS] + [_body()],
    }


def cms_config(site: Site, settings: CmsSettings, site_url: str) -> dict:
    """Decap CMS's configuration for ``site``: backend, local backend, and one collection per
    kind of content with the plan's topics, forms, channels and units."""
    plan = guide_plan(site)
    choices = _plan_choices(site, plan)
    rules = form_rules(site.plans, plan.year) if plan else {"news": {}, "bulletin": {}}
    backend: dict = {"name": settings.backend, "branch": settings.branch}
    if settings.repo:
        backend["repo"] = settings.repo
    if settings.base_url:
        api = "/api/v4" if settings.backend == "gitlab" else "/api/v1"
        backend.update(base_url=settings.base_url, api_root=settings.base_url + api)
    if settings.app_id:
        backend["app_id"] = settings.app_id
        if settings.backend == "gitlab":
            backend["auth_type"] = "pkce"
    config: dict = {
        "backend": backend,
        # Used only when the page is opened from 127.0.0.1 or localhost: `cchc edit`.
        "local_backend": {"url": f"http://127.0.0.1:{settings.proxy_port}/api/v1"},
        "locale": "vi",
        "site_url": settings.preview_url or site_url,
        "display_url": settings.preview_url or site_url,
        # Required by Decap; each collection stores its files beside the entry instead.
        "media_folder": NEWS_DIR,
        "public_folder": "",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "omit_empty_optional_fields": True,
        "collections": [_news_collection(choices, rules["news"]), _procedure_collection(),
                        _bulletin_collection(choices, rules["bulletin"]), _document_collection(choices)],
    }
    if settings.backend in WORKFLOW_BACKENDS:
        config["publish_mode"] = "editorial_workflow"
    return config


def config_yaml(config: dict) -> str:
    """The configuration as the YAML file the CMS reads, Vietnamese left as it is."""
    header = "# Made by the build from the content schema and the plan (cchc/site/cms.py); do not edit.\n"
    # libyaml's emitter where PyYAML has it (it writes the same text, about 7 times faster).
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return header + yaml.dump(config, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)


# --- The pages ---------------------------------------------------------------------------------

def _admin_page(site_name: str, body: str) -> str:
    name = html.escape(site_name)
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{TITLE} - {name}</title>
</head>
<body>
{body}
</body>
</html>
"""


def entry_page(site_name: str) -> str:
    """/quan-tri/index.html: loads the CMS, which reads config.yml beside it."""
    return _admin_page(site_name, f"""<noscript><p>Trang quản trị nội dung cần JavaScript. Hãy bật JavaScript trong trình duyệt.</p></noscript>
<script src="{DECAP_SCRIPT}"></script>
<script src="{WIDGETS_SCRIPT}"></script>""")


def missing_page(site_name: str) -> str:
    """/quan-tri/index.html when the CMS is not installed: how to install it."""
    return _admin_page(site_name, f"""<main>
<h1>{TITLE}</h1>
<p>Trang quản trị nội dung chưa được cài đặt trong bản dựng này: thiếu thư mục
<code>node_modules/decap-cms</code>.</p>
<p>Để có trang này, người quản trị kỹ thuật chạy một lần trong thư mục dự án (cần Node.js và npm):</p>
<pre><code>npm ci</code></pre>
<p>rồi dựng lại trang (<code>mkdocs build</code>) hoặc chạy <code>cchc edit</code>
để soạn thảo trên máy. Các trang khác của chuyên mục không cần bước này.</p>
<p><a href="../">Về trang chủ</a></p>
</main>""")


PROJECT = Path(__file__).resolve().parents[2]


def bundle_files(bases: Sequence[Path]) -> tuple[Path, list[str]] | None:
    """The CMS's folder and the files of it to publish (names inside it), from the first of
    ``bases`` holding it, or None when ``npm ci`` has not been run."""
    for base in bases:
        dist = base / DECAP_DIST
        if (dist / DECAP_SCRIPT).is_file():
            names = sorted(p.name for p in dist.iterdir() if p.is_file() and _published(p.name))
            return dist, names
    return None


def _published(name: str) -> bool:
    # The script, its on-demand chunks (<n>.decap-cms.js), WebAssembly and licence notice; not
    # the source maps, nor the second copy of every file named cms.js.
    return (name == DECAP_SCRIPT or name.endswith(".decap-cms.js") or name.endswith(".wasm")
            or name == DECAP_SCRIPT + ".LICENSE.txt")


@dataclass(frozen=True)
class AdminOutput:
    """What the build writes for /quan-tri/: generated files, and files copied from the CMS."""

    files: list[tuple[str, str]]        # (path in the output, text)
    bundle_dir: Path | None
    bundle: list[str]                   # names in bundle_dir, published under ADMIN_URL
    notes: list[str]                    # lines for the build log (info)


def admin_output(site: Site, settings: CmsSettings, site_name: str, site_url: str, root: Path,
                 bases: Sequence[Path] | None = None, cache: RenderCache | None = None) -> AdminOutput:
    """The editors' interface of this build. The CMS is taken from the site's node_modules,
    else the project's (a test site in a temporary folder), unless ``bases`` says where. With a
    ``cache`` (the preview's), the YAML of a configuration equal to the last build's is not
    written again (a tenth of a rebuild after a post's save)."""
    config = cms_config(site, settings, site_url)
    text = (config_yaml(config) if cache is None
            else cache.made_from("cms config", frozen(config), lambda: config_yaml(config)))
    found = bundle_files(bases if bases is not None else (root, PROJECT))
    notes = []
    if found is None:
        notes.append(f"cms: không tìm thấy {DECAP_DIST}/{DECAP_SCRIPT}; trang /{ADMIN_URL} hướng dẫn cách "
                     "cài giao diện biên tập (npm ci)")
        page, bundle_dir, bundle = missing_page(site_name), None, []
    else:
        page, (bundle_dir, bundle) = entry_page(site_name), found
    if not settings.configured:
        notes.append("cms: chưa đặt máy chủ git (extra.cchc.cms: base_url, repo, app_id trong mkdocs.yml); "
                     f"/{ADMIN_URL} chỉ dùng được trên máy này (lệnh cchc edit)")
    files = [(f"{ADMIN_URL}index.html", page), (f"{ADMIN_URL}config.yml", text)]
    if found is not None:
        widgets = (Path(__file__).parent / "cms_widgets.js").read_text(encoding="utf-8")
        files.append((f"{ADMIN_URL}{WIDGETS_SCRIPT}", widgets))
    return AdminOutput(files, bundle_dir, bundle, notes)
