"""What the search box understands: AND, phrases, width folding and document numbers."""

import pytest

from gazette_site.http import BadInput
from search.query import MAX_QUERY_LENGTH, parse_query
from search.text import QueryToken, compact, normalise, query_tokens, token_texts


def tokens(term):
    return [(t.text, t.prefix) for t in term.tokens]


def test_spaces_mean_and_each_word_a_term():
    query = parse_query("献血  免费")
    assert [t.text for t in query.terms] == ["献血", "免费"]
    assert not any(t.phrase for t in query.terms)


def test_quotes_make_one_phrase_with_the_spaces_inside_it():
    query = parse_query('"无偿 献血者" 免费')
    assert [(t.text, t.phrase) for t in query.terms] == [("无偿 献血者", True), ("免费", False)]
    # A space between Chinese characters is print layout, not a break: 无偿献血者 in full.
    assert tokens(query.terms[0]) == [
        ("无偿", False),
        ("偿献", False),
        ("献血", False),
        ("血者", False),
    ]


@pytest.mark.parametrize("raw", ["“无偿献血”", "「无偿献血」", "『无偿献血』", '"无偿献血'])
def test_chinese_and_unclosed_quotes_are_phrases_too(raw):
    (term,) = parse_query(raw).terms
    assert term.phrase and term.text == "无偿献血"


def test_full_width_and_half_width_letters_and_digits_are_the_same():
    assert tokens(parse_query("ＷＨＣＲ２０２０").terms[0]) == tokens(
        parse_query("whcr2020").terms[0]
    )
    assert parse_query("ＷＨＣＲ　献血").terms[1].text == "献血"  # full-width space separates


@pytest.mark.parametrize(
    "raw",
    [
        "威政发〔2020〕7号",
        "威政发[2020]7号",
        "威政发2020 7号",
        "威政发(2020)7号",
        "威政发（２０２０）７号",
        "威政发〔2020〕7 号",
    ],
)
def test_every_bracket_style_of_a_document_number_is_the_same_number(raw):
    query = parse_query(raw)
    assert query.doc_number is not None and query.doc_number.canonical == "威政发〔2020〕7号"
    (term,) = query.terms
    assert term.phrase and term.text == "威政发〔2020〕7号"


def test_a_document_number_inside_a_longer_query_is_one_phrase_and_the_rest_stays():
    query = parse_query("献血 威政发2020 7号 免费")
    assert query.doc_number is None
    assert sorted(t.text for t in query.terms) == sorted(["威政发〔2020〕7号", "献血", "免费"])


def test_words_glued_before_a_document_number_are_kept_as_a_term():
    query = parse_query("献血威政发〔2020〕7号")
    assert sorted(t.text for t in query.terms) == sorted(["献血", "威政发〔2020〕7号"])


def test_one_character_is_a_prefix_of_the_bigrams():
    (term,) = parse_query("献").terms
    assert tokens(term) == [("献", True)]


def test_last_chinese_run_of_a_term_ends_without_its_single_character():
    # 献血 inside 无偿献血者: the text has the bigram 血者 there, not 血 alone.
    assert query_tokens("献血") == [QueryToken("献血", False)]
    # Followed at once by a word, the run ends in the text too, so 号 stands alone.
    assert query_tokens("7号a") == [
        QueryToken("7", False),
        QueryToken("号", False),
        QueryToken("a", True),
    ]


def test_duplicate_terms_count_once():
    assert len(parse_query("献血 献血 ＂献血＂").terms) == 1


@pytest.mark.parametrize(
    "raw, message",
    [
        ("", "请输入"),
        ("   ", "请输入"),
        ("（）——！", "没有可以搜索"),
        ("献" * (MAX_QUERY_LENGTH + 1), "太长"),
        (" ".join("一二三四五六七八九"), "最多"),
    ],
)
def test_queries_that_cannot_be_searched_say_why_in_chinese(raw, message):
    with pytest.raises(BadInput) as error:
        parse_query(raw)
    assert message in str(error.value)


def test_index_tokens_are_bigrams_with_the_last_character_alone():
    assert token_texts("无偿献血，ＷＨＣＲ—2020") == ["无偿", "偿献", "献血", "血", "whcr", "2020"]
    # Circled numbers and other number symbols separate, as they do for PostgreSQL.
    assert token_texts("第①项") == ["第", "项"]


def test_normalising_keeps_a_map_back_to_the_original_text():
    text = "无偿献 血ＡＢ"
    normalised, positions = normalise(text)
    assert normalised == "无偿献血ab"
    assert [text[positions[i]] for i in range(len(normalised))] == list("无偿献血ＡＢ")


def test_compact_keeps_only_what_is_searched():
    assert compact("威海市无偿献血管理办法（试行）") == "威海市无偿献血管理办法试行"
