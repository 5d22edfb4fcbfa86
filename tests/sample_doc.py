"""A small document with every block kind, for testing writers without the inputs."""
from __future__ import annotations

from generator.doc.provenance import Field
from generator.doc.model import (
    Cell, ChartSeries, ChartSpec, Diagram, Document, Heading, ListBlock, ListItem, Meta,
    PageBreak, Paragraph, Photo, Strong, Emphasis, Table, TableOfContents, Text,
)

KAZAKH_LETTERS = "Ә Ғ Қ Ң Ө Ұ Ү Һ І ә ғ қ ң ө ұ ү һ і"


def cells(*texts: str, numeric: bool = False, bold: bool = False) -> list[Cell]:
    return [Cell([Text(t)], numeric=numeric, bold=bold) for t in texts]


def sample_document(photo_path: str = "") -> Document:
    """Cover, table of contents, two headings, lists, two tables, a diagram, optionally a photo."""
    meta = Meta(title="Сынақ есебі 2021", author="Сынақ музейі", subject="Жылдық есеп",
                language="kk-KZ", year=2021, date="2022-01-20", keywords=["есеп", "2021"])
    cover = [
        Paragraph([Text("МӘДЕНИЕТ МИНИСТРЛІГІ")], role="cover-ministry"),
        Paragraph([Text("СЫНАҚ МУЗЕЙІНІҢ 2021 ЖЫЛҒЫ ЕСЕБІ")], role="cover-title"),
        Paragraph([Text("Нұр-Сұлтан қ.")], role="cover-city"),
        PageBreak(),
    ]
    body = [
        TableOfContents(title="Мазмұны"),
        Paragraph([Text("Музейде 2021 жылы "), Strong([Text("436 іс-шара")]),
                   Text(" ұйымдастырылып, оған "), Strong([Text("215\u00a0625 адам")]),
                   Text(" қатысты. "), Emphasis([Text("бұдан әрі - БАҚ")]),
                   Text(f". Әріптер: {KAZAKH_LETTERS}.")], source=Field("summary", ("content", 0, "text"))),
        Diagram(title="Іс-шаралар көрсеткіші", alt="2020 жылы 267, 2021 жылы 436 іс-шара",
                chart=ChartSpec(kind="bar", categories=["2020 жыл", "2021 жыл"],
                                series=[ChartSeries("Іс-шаралар", [267, 436])]),
                anchor="diagram-events"),
        Heading(level=1, number="1.1.", text="Жаңа залдардың ашылуы", anchor="s-1-1"),
        Paragraph([Text("Есептік кезеңде 2 зал ашылды:")]),
        ListBlock("numbered", [ListItem([Text("«"), Strong([Text("Ұлық Ұлыс")]),
                                         Text("» залы (28.05.2021);")]),
                               ListItem([Text("«Графика және мүсін» залы (04.11.2021).")])]),
        ListBlock("bulleted", [ListItem([Text("бірінші тармақ")]), ListItem([Text("екінші")])]),
        Heading(level=1, number="1.2.", text="Қор жинақтау", anchor="s-1-2"),
        Table(title="Музей заттары туралы мәлімет", anchor="table-funds",
              header=[cells("Қор", "2019 жыл", "2020 жыл", "2021 жыл", bold=True)],
              body=[[*cells("Негізгі қор"), *cells("110\u00a0642", "111\u00a0474", "118\u00a0648", numeric=True)],
                    [*cells("Барлығы", bold=True), *cells("201\u00a0449", "202\u00a0220", "215\u00a0534", numeric=True, bold=True)]]),
        Table(title="Келушілер санаты", anchor="table-visitors",
              header=[[Cell([Text("Р / с")], rowspan=2, bold=True), Cell([Text("Санаттар")], rowspan=2, bold=True),
                       Cell([Text("Келушілер саны")], colspan=3, bold=True)],
                      cells("2019 жыл", "2020 жыл", "2021 жыл", bold=True)],
              body=[[*cells("1", "Оқушылар"), *cells("47\u00a0371", "6\u00a0051", "24\u00a0331", numeric=True)],
                    [*cells("2", "Балалар үйінің тәрбиеленушілері"), *cells("704", "-", "524", numeric=True)]]),
    ]
    if photo_path:
        body.append(Photo(path=photo_path, caption="Марапаттау рәсімі", alt="Марапаттау рәсімінің суреті",
                          placeholder=True))
    return Document(meta=meta, cover=cover, body=body)
