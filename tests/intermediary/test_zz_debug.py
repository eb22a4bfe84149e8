import pytest
pytestmark = pytest.mark.browser
def test_debug(live_portal, browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    p = context.new_page()
    p.goto(live_portal.url + "/intermediary/")
    print(p.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"))
    print(p.evaluate("""() => { const out=[]; for (const el of document.querySelectorAll('body *')) { const r=el.getBoundingClientRect(); if (r.right > 380) out.push(el.tagName+'.'+el.className+' '+Math.round(r.right)+' '+(el.id||'')); } return out.slice(0,15); }"""))
    print(p.evaluate("() => Array.from(document.styleSheets).map(s => s.href + ' ' + s.cssRules.length)"))
    p.screenshot(path="/tmp/int_phone_test.png")
