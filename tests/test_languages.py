"""Each stretch of text in its language: Korean, English and Russian passages in a Kazakh report."""
from __future__ import annotations

from generator.doc.languages import segments

KK = "kk-KZ"


def foreign(text: str, language: str = KK) -> list[tuple[str, str]]:
    return [(piece, tag) for piece, tag in segments(text, language) if tag != language]


def test_pieces_join_back_to_the_text():
    text = "Корея тілінде «카자흐스탄 고분문화 (Ancient tombs)» атты 2 кітап."
    assert "".join(piece for piece, _ in segments(text, KK)) == text


def test_hangul_is_korean_and_latin_words_english():
    assert foreign("корей тілінде «카자흐스탄제티수 (Ancient tombs in Zhetisu)» кітабы") == [
        ("카자흐스탄제티수", "ko-KR"), ("Ancient tombs in Zhetisu", "en-US")]


def test_a_russian_passage_is_russian_but_kazakh_words_without_kazakh_letters_are_not():
    assert foreign("орыс тілінде жарық көрген «Катартобе. Некрополь сакской элиты Жетысу» атты") == [
        ("Некрополь сакской элиты Жетысу", "ru-RU")]
    assert foreign("1 конференция, 3 форум, 4 фестиваль ұйымдастырылды") == []
    assert foreign("Ресей Федерациясы, Германия елдерінен") == []
    assert foreign("Пен Енхван, Нам Санвон, Ким Енхен") == []


def test_russian_is_told_only_beside_a_language_with_letters_of_its_own():
    assert foreign("Формирование управленческой культуры учителей", "ru-RU") == []
    assert foreign("Формирование управленческой культуры учителей") == [
        ("Формирование управленческой культуры учителей", "ru-RU")]


def test_kazakh_words_in_the_russian_and_english_editions_are_kazakh():
    assert foreign("открыт зал «Ұлық Ұлыс» и выставка", "ru-RU") == [("Ұлық Ұлыс", "kk-KZ")]
    assert foreign("the «Ұлық Ұлыс» hall opened", "en-US") == [("Ұлық Ұлыс", "kk-KZ")]
    assert foreign("[kk] Музей келушілерінің санаттары", "en-US") == [("Музей келушілерінің санаттары", "kk-KZ")]
    assert foreign("the book «Некрополь сакской элиты Жетысу»", "en-US") == [
        ("Некрополь сакской элиты Жетысу", "ru-RU")]
