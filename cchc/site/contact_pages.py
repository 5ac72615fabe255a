"""The unit's contact page (/lien-he/, with schema.org GovernmentOrganization data) and the
accessibility statement (/tiep-can/), both made from the settings' contact (cchc.config.Contact)."""

from __future__ import annotations

import json

from markupsafe import Markup

from ..config import Contact
from .pages import GeneratedPage, PageRenderer, front_matter, relative

CONTACT_URL = "lien-he/"
ACCESSIBILITY_URL = "tiep-can/"


def organization_data(contact: Contact, site_url: str) -> dict:
    """The unit as schema.org GovernmentOrganization: address, phone, email, and a contact
    point for its one-stop desk and one for feedback; empty values left out."""
    def kept(mapping: dict) -> dict:
        return {k: v for k, v in mapping.items() if v}

    points = []
    if contact.one_stop:
        points.append(kept({"@type": "ContactPoint", "contactType": "Bộ phận một cửa", "name": contact.one_stop,
                            "telephone": contact.one_stop_phone, "description": contact.one_stop_hours,
                            "availableLanguage": "vi"}))
    if contact.feedback_portal or contact.feedback_email or contact.feedback_phone:
        points.append(kept({"@type": "ContactPoint", "contactType": "Phản ánh, kiến nghị",
                            "email": contact.feedback_email, "telephone": contact.feedback_phone,
                            "url": contact.feedback_portal, "availableLanguage": "vi"}))
    address = kept({"@type": "PostalAddress", "streetAddress": contact.address, "addressCountry": "VN"})
    return kept({"@context": "https://schema.org", "@type": "GovernmentOrganization", "name": contact.unit,
                 "url": site_url, "address": address if contact.address else None,
                 "telephone": contact.phone, "email": contact.email, "contactPoint": points})


def json_ld(data: dict) -> Markup:
    """A JSON-LD block safe inside <script>: "<" written as \\u003c, so no text ends it."""
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(f'<script type="application/ld+json">\n{text}\n</script>')


def contact_page(renderer: PageRenderer) -> GeneratedPage:
    """/lien-he/: address, hours, phone, email, the one-stop desk and the feedback channels."""
    options = renderer.options
    contact = options.contact
    html = renderer.env.get_template("contact.html").render(
        title="Liên hệ", contact=contact, data=json_ld(organization_data(contact, options.site_url)),
        url=lambda target: relative(target, CONTACT_URL))
    return GeneratedPage(f"{CONTACT_URL}index.md", CONTACT_URL,
                         front_matter("Liên hệ", f"Địa chỉ, giờ làm việc, điện thoại, thư điện tử, bộ phận một "
                                                 f"cửa và kênh phản ánh, kiến nghị của {contact.unit}") + html)


def accessibility_page(renderer: PageRenderer) -> GeneratedPage:
    """/tiep-can/: the accessibility statement: the target, how it is checked, known gaps, how
    to report a problem."""
    contact = renderer.options.contact
    html = renderer.env.get_template("accessibility.html").render(
        title="Tuyên bố về khả năng tiếp cận", contact=contact,
        url=lambda target: relative(target, ACCESSIBILITY_URL))
    return GeneratedPage(f"{ACCESSIBILITY_URL}index.md", ACCESSIBILITY_URL,
                         front_matter("Tuyên bố về khả năng tiếp cận",
                                      "Mức tiếp cận chuyên mục hướng tới, cách kiểm tra, những hạn chế đã biết "
                                      "và cách báo lỗi tiếp cận") + html)
