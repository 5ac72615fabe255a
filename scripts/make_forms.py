"""Write the sample form templates (.docx) published beside the procedure records.

    .venv/bin/python scripts/make_forms.py          # (re)writes the files under content/procedures/

Word files, not PDFs: citizens fill the forms in, and Vietnamese text needs no embedded font in a
.docx. Only the standard library is used; the output is byte-for-byte reproducible (fixed zip
timestamps), so running the script again changes nothing in git.

The texts are short reference templates written for this site. The binding form is the one in
the legal document each template names.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
PROCEDURES = ROOT / "content" / "procedures"
_STAMP = (2022, 1, 1, 0, 0, 0)

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>
"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>
"""
_CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>{title}</dc:title>
<dc:creator>Sở Khoa học và Công nghệ tỉnh Quảng Ngãi</dc:creator>
<dc:language>vi-VN</dc:language>
</cp:coreProperties>
"""
_DOCUMENT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body>
{paragraphs}
<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>
</w:body>
</w:document>
"""
_DOTS = "…" * 40


def paragraph(text: str, *, bold: bool = False, italic: bool = False, center: bool = False,
              right: bool = False) -> str:
    """One Word paragraph in Times New Roman 13 pt, the usual face of administrative forms."""
    align = "center" if center else ("right" if right else "both")
    marks = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    return (f'<w:p><w:pPr><w:jc w:val="{align}"/><w:spacing w:after="80"/></w:pPr>'
            f'<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" '
            f'w:cs="Times New Roman"/>{marks}<w:sz w:val="26"/></w:rPr>'
            f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>')


def form(title: str, subtitle: str, fields: list[str], basis: str) -> str:
    """The body of a form: national heading, title, addressee, fields to fill, signature."""
    parts = [
        paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, center=True),
        paragraph("Độc lập - Tự do - Hạnh phúc", bold=True, center=True),
        paragraph(f"{_DOTS[:12]}, ngày … tháng … năm 20…", italic=True, right=True),
        paragraph(title, bold=True, center=True),
        paragraph(subtitle, center=True),
        paragraph("Kính gửi: Sở Khoa học và Công nghệ tỉnh Quảng Ngãi", center=True),
    ]
    parts += [paragraph(f"{number}. {field}: {_DOTS}") for number, field in enumerate(fields, 1)]
    parts += [
        paragraph("Chúng tôi cam kết các thông tin trên là đúng sự thật và chịu trách nhiệm "
                  "trước pháp luật về nội dung đã khai."),
        paragraph("NGƯỜI ĐẠI DIỆN THEO PHÁP LUẬT", bold=True, right=True),
        paragraph("(Ký, ghi rõ họ tên, đóng dấu nếu có)", italic=True, right=True),
        paragraph(f"Ghi chú: mẫu tham khảo do chuyên mục cải cách hành chính biên soạn; "
                  f"mẫu có giá trị pháp lý là mẫu tại {basis}.", italic=True),
    ]
    return "\n".join(parts)


FORMS = {
    "an-toan-buc-xa-va-hat-nhan/phieu-khai-bao-thiet-bi-x-quang.docx": (
        "PHIẾU KHAI BÁO THIẾT BỊ X-QUANG CHẨN ĐOÁN TRONG Y TẾ", "(dùng cho tổ chức, cá nhân khai báo)",
        ["Tên tổ chức, cá nhân khai báo", "Địa chỉ, số điện thoại, thư điện tử",
         "Tên thiết bị, hãng và nước sản xuất", "Mã hiệu (model), số sê-ri của thiết bị và bóng phát tia X",
         "Điện áp cực đại (kV) và dòng cực đại (mA)", "Năm sản xuất, ngày đưa vào sử dụng",
         "Nơi đặt thiết bị (phòng, khoa, địa chỉ cơ sở)", "Người phụ trách an toàn bức xạ"],
        "Nghị định số 142/2020/NĐ-CP của Chính phủ"),
    "an-toan-buc-xa-va-hat-nhan/don-de-nghi-cap-giay-phep-x-quang.docx": (
        "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP TIẾN HÀNH CÔNG VIỆC BỨC XẠ",
        "(sử dụng thiết bị X-quang chẩn đoán trong y tế)",
        ["Tên cơ sở đề nghị cấp giấy phép", "Địa chỉ trụ sở, số điện thoại",
         "Quyết định thành lập hoặc giấy chứng nhận đăng ký doanh nghiệp (số, ngày, nơi cấp)",
         "Người đứng đầu cơ sở", "Người phụ trách an toàn bức xạ, số chứng chỉ nhân viên bức xạ",
         "Số lượng và loại thiết bị X-quang đề nghị cấp phép", "Địa điểm đặt thiết bị",
         "Các tài liệu gửi kèm"],
        "Nghị định số 142/2020/NĐ-CP của Chính phủ"),
    "chuyen-giao-cong-nghe/van-ban-de-nghi-dang-ky-chuyen-giao-cong-nghe.docx": (
        "VĂN BẢN ĐỀ NGHỊ ĐĂNG KÝ CHUYỂN GIAO CÔNG NGHỆ", "(trường hợp thuộc thẩm quyền của Sở Khoa học và Công nghệ)",
        ["Bên giao công nghệ (tên, địa chỉ, người đại diện)", "Bên nhận công nghệ (tên, địa chỉ, người đại diện)",
         "Tên công nghệ được chuyển giao", "Đối tượng công nghệ, sản phẩm do công nghệ tạo ra",
         "Hình thức và phương thức chuyển giao", "Giá và phương thức thanh toán",
         "Thời hạn thực hiện hợp đồng", "Dự án đầu tư có chuyển giao công nghệ (nếu có)"],
        "Nghị định số 76/2018/NĐ-CP của Chính phủ"),
    "hoat-dong-khoa-hoc-va-cong-nghe/don-dang-ky-hoat-dong-to-chuc-khoa-hoc-va-cong-nghe.docx": (
        "ĐƠN ĐĂNG KÝ HOẠT ĐỘNG KHOA HỌC VÀ CÔNG NGHỆ", "(cấp Giấy chứng nhận đăng ký hoạt động lần đầu)",
        ["Tên tổ chức khoa học và công nghệ (tiếng Việt, tiếng Anh, tên viết tắt)",
         "Cơ quan, tổ chức, cá nhân thành lập", "Địa chỉ trụ sở chính, điện thoại, thư điện tử",
         "Người đứng đầu tổ chức", "Lĩnh vực hoạt động khoa học và công nghệ",
         "Vốn của tổ chức", "Số nhân lực khoa học và công nghệ làm việc chính thức"],
        "Thông tư số 03/2014/TT-BKHCN của Bộ Khoa học và Công nghệ"),
}


def write_docx(path: Path, title: str, body: str) -> None:
    """Write a minimal, valid Word document with fixed timestamps."""
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _RELS,
        "docProps/core.xml": _CORE.format(title=escape(title)),
        "word/document.xml": _DOCUMENT.format(paragraphs=body),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=_STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))


def main() -> int:
    for rel, (title, subtitle, fields, basis) in FORMS.items():
        target = PROCEDURES / rel
        write_docx(target, title, form(title, subtitle, fields, basis))
        print(f"{target.relative_to(ROOT)}: {target.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
