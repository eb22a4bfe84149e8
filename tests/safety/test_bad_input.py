"""One rule for bad input: 400 with a Chinese message (JSON: {"error": …}), never a 500."""

import json

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/organisations/a%00b/",
        "/pricing/enterprises/a%00b/",
        "/pricing/calculator/?enterprise=a%00b&consecutive_years=1&month=2021-06&kwh=1&water_m3=1",
        "/documents/?as_of=2020%0008-18",
        "/search/?q=%00",
        "/wildlife/public-list/?district=%07",
    ],
)
def test_nul_and_control_characters_are_refused_before_the_database(client, url):
    response = client.get(url)
    assert response.status_code == 400
    body = response.content.decode()
    assert "不可见的控制字符" in body and "U+00" in body


@pytest.mark.parametrize(
    "url", ["/search.json?q=a%00b", "/data/documents.json?as_of=%00", "/data/a%00b.json"]
)
def test_control_characters_on_a_json_path_answer_json(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "控制字符" in json.loads(response.content)["error"]


@pytest.mark.parametrize(
    "url",
    [
        "/data/documents.json",
        "/data/issues.json",
        "/data/intermediary.json",
        "/data/wildlife/species.json",
        "/data/rewards/tiers.json",
        "/search.json",
        "/blood-donation/entitlement.json",
        "/blood-donation/age-check.json",
        "/wildlife/compensation.json",
        "/pricing/surcharge.json",
        "/rewards/ip-compensation.json",
    ],
)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_json_endpoints_are_get_only_and_say_so_in_json(client, url, method):
    # A POST without a CSRF token must not meet Django's HTML CSRF page.
    response = getattr(client, method)(url, data="{}", content_type="application/json")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content) == {"error": "本页面只接受 GET 请求（只读）。"}


@pytest.mark.parametrize(
    "url", ["/blood-donation/", "/pricing/calculator/", "/wildlife/calculator/", "/"]
)
def test_pages_and_calculators_are_get_only(client, url):
    response = client.post(url, {"x": "1"})
    assert response.status_code == 405
    assert "只接受 GET 请求" in response.content.decode()


def test_head_is_answered_like_get(client):
    assert client.head("/data/issues.json").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/issues/2020/8/",
        "/documents/",
        "/documents/wzf-2020-7/",
        "/blood-donation/",
        "/rewards/",
        "/pricing/",
        "/wildlife/",
        "/intermediary/",
        "/search/?q=献血",
    ],
)
def test_a_bad_as_of_is_a_400_page_with_a_chinese_message(client, url):
    joiner = "&" if "?" in url else "?"
    response = client.get(f"{url}{joiner}as_of=2020-02-30")
    assert response.status_code == 400
    body = response.content.decode()
    assert "2020-02-30" in body and "不是有效日期" in body
    assert "<form" in body  # the page itself, with its field, not a bare error page


@pytest.mark.parametrize(
    "url",
    [
        "/data/documents.json",
        "/data/intermediary.json",
        "/search.json?q=献血",
        "/blood-donation/entitlement.json?donations=2021-01-01:400",
    ],
)
def test_a_bad_as_of_on_json_is_a_400_with_an_error(client, url):
    joiner = "&" if "?" in url else "?"
    response = client.get(f"{url}{joiner}as_of=2020-02-30")
    assert response.status_code == 400
    assert "不是有效日期" in json.loads(response.content)["error"]


@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=献血&page=x",
        "/search.json?q=献血&page=0",
        "/intermediary/?page=-1",
        "/rewards/roster/?page=abc",
        "/wildlife/public-list/?page=2.5",
        "/pricing/class-d/?page=99999999999999999999",
    ],
)
def test_a_bad_page_number_is_a_400_everywhere(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "页码" in response.content.decode()


def test_the_page_parser_is_shared():
    from gazette_site.http import BadInput
    from gazette_site.pagination import parse_page

    assert parse_page(None) == 1 and parse_page(" 3 ") == 3
    for bad in ("0", "-2", "x", "1e3", "10001"):
        with pytest.raises(BadInput, match="页码（page）"):
            parse_page(bad)
    with pytest.raises(BadInput, match="不能大于 4"):
        parse_page("5", maximum=4)
