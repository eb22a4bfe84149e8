"""The design system every page shares: one search box, favicon, meta tags, no inline code."""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_no_inline_script_or_style_in_any_template():
    """A Content-Security-Policy without 'unsafe-inline' must not break a page."""
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "<style" not in text, path
        assert not re.search(r"\sstyle=", text), path
        for tag in re.findall(r"<script[^>]*>", text):
            assert "src=" in tag, (path, tag)


@pytest.mark.parametrize("url", ["/", "/documents/wzf-2020-7/", "/rewards/ip-compensation/"])
def test_every_page_has_one_search_box_favicon_and_meta(client, url):
    body = client.get(url).content.decode()
    assert len(re.findall(r'type="search"', body)) == 1
    assert re.search(r'<link rel="icon" href="[^"]*favicon[^"]*\.svg"', body)
    assert re.search(r'<meta name="description" content="[^"]{10,}">', body)
    for prop in ("og:title", "og:description", "og:url", "og:image", "og:site_name"):
        assert f'property="{prop}"' in body
    assert "//cdn" not in body and "googleapis" not in body


def test_the_document_page_describes_itself(client):
    body = client.get("/documents/wzf-2020-7/").content.decode()
    assert (
        '<meta property="og:title" content="威海市人民政府关于印发威海市无偿献血管理办法的通知">'
        in body
    )
    assert "威政发〔2020〕7号" in re.search(r'<meta name="description" content="([^"]+)"', body)[1]


def test_favicon_ico_is_answered(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith(".png")


def test_home_in_three_parts_with_calculators_as_questions(client):
    from gazette_site.tools import calculators

    body = client.get("/").content.decode()
    assert "2020年第8期（总第144期）" in body and "主管主办" in body
    assert body.index('id="contents-title"') < body.index('id="tools-title"')
    for tool in calculators():
        assert tool.question in body and f'href="{tool.url}"' in body
    assert "献血后，本人和家人能免费用多少血？" in body
    assert "野生动物养殖退出，能拿多少补偿？" in body
    assert 'id="data-title"' in body and 'id="latest-title"' in body
    # Menu labels in plain words, not jargon.
    nav = body[body.index('aria-label="主导航"') :]
    nav = nav[: nav.index("</nav>")]
    for jargon in ("差别化价格", "金融奖励</a>"):
        assert jargon not in nav


@pytest.mark.parametrize(
    "url",
    [
        "/pricing/calculator/?consecutive_years=abc&electricity_kwh=x&month=2021-13",
        "/wildlife/calculator/?species_1=蓝孔雀&quantity_1=1e9",
        "/rewards/ip-compensation/?loss=abc&business_year=x&city_cap=y",
        "/intermediary/?per_page=0",
        "/documents/wzf-2020-7/?as_of=2020-02-30",
        "/documents/?status=valid&year=x",
    ],
)
def test_no_field_codes_in_messages_a_citizen_reads(client, url):
    body = client.get(url).content.decode()
    text = re.sub(r"<[^>]+>", " ", body)
    assert not re.search(r"[\u4e00-\u9fff]（[a-z_0-9]+[，）]", text), re.findall(
        r".{10}（[a-z_0-9]+[，）]", text
    )
