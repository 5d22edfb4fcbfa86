"""Kazakh: the phrases comparing two years («екі есеге жуық артқандығын») and the words of list items.

The phrases the comparisons check reads, and the ratio r = this year ÷ the earlier year each allows:

    артқан, өскен, көбейген (көбеюі), ұлғайған (ұлғаюы), көп      r > 1
    азайған (азаюы), төмендеген, кеміген, қысқарған, аз          r < 1
    өзгермеген, өзгеріссіз                          r rounds to 1 (0%)
    N есеге (артқан)       N = екі, үш … он, 2, 3 …  0,975·N ≤ r ≤ 1,025·N   екі есеге: 1,95–2,05
    N есеге жуық / дерлік  nearly N                  0,9·N ≤ r < N            екі есеге жуық: 1,8 to under 2
    шамамен N есе          about N                   0,9·N ≤ r ≤ 1,1·N
    1,6 есеге, бір жарым есеге                       what rounds to it: 1,55 ≤ r < 1,65
    N%-ға / N пайызға (артқан)                       |r − 1| rounds to N%
    кемінде N есеге / N%-ға    at least N              what rounds to N, or more
    N еседен астам             more than N             r > N
    N есеге азайған                                  the same ranges for 1 ÷ r
    numbers in words: бір … тоғыз, он … тоқсан and their compounds (он алты, жиырма бес), in times
"""
from __future__ import annotations

import re

from generator.grammar.base import Grammar, alternation, compounds, whole_words

_UNITS = {"бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6, "жеті": 7, "сегіз": 8, "тоғыз": 9}
_TENS = {"он": 10, "жиырма": 20, "отыз": 30, "қырық": 40, "елу": 50, "алпыс": 60, "жетпіс": 70, "сексен": 80,
         "тоқсан": 90}
NUMBERS = {**compounds(_UNITS, _TENS), "бір жарым": 1.5, "екі жарым": 2.5}
_NUMBER = r"\d+(?:[.,]\d+)?|" + alternation(NUMBERS)
_HEDGE_BEFORE = r"(?:(?P<about>шамамен)\s+|(?P<atleast>кемінде|кем\s+дегенде)\s+)?"   # about; at least
_HEDGE_AFTER = r"(?:\s+(?P<nearly>жуық|дерлік)|\s+(?P<more>астам|артық))?"          # nearly; more than

GRAMMAR = Grammar(
    numbers=NUMBERS,
    times=re.compile(rf"{_HEDGE_BEFORE}(?P<n>{_NUMBER})\s+есе\w*{_HEDGE_AFTER}"),
    percent=re.compile(rf"{_HEDGE_BEFORE}(?P<n>\d+(?:[.,]\d+)?)\s*(?:%|пайыз)\S*{_HEDGE_AFTER}"),
    up=whole_words(r"арт\w*|өс\w*|көбей\w*|көбею\w*|ұлғай\w*|ұлғаю\w*|көп|көбірек"),
    down=whole_words(r"азай\w*|азаю\w*|төменде\w*|кеми\w*|кемі(?!нде)\w*|кему\w*|қысқар\w*|аз|азырақ|кем"),
    same=whole_words(r"өзгермеге\w*|өзгермеді|өзгеріссіз\w*"),
    folds={"ё": "е"},
    # A quoted name followed by one of these is a title («…» атты көрме) ...
    title_words=frozenset({"атты", "деген", "тақырыбында", "тақырыбындағы"}),
    # ... and one followed, within three words, by one of these names an organisation or a programme
    # («Халық қазынасы» ҒЗИ, «Дәме» баспасы, «Мейірім» жобасы): many items can name it without repeating.
    name_stems=("баспа", "ғзи", "ғылыми-зерттеу", "институт", "орталы", "университет", "академия", "музей",
                "кітапхана", "бірлест", "қоғамдық", "кеақ", "жшс", "агенттіг", "телеарна", "арнасы", "газет",
                "журнал", "компания", "корпорация", "қоры", "қорының", "министрлі", "комитет", "басқарма",
                "жоба", "бағдарлама", "аясында", "конкурс", "байқау"),
    own_letters=frozenset("ӘәҒғҚқҢңӨөҰұҮүҺһІі"),
)
