"""The calculators and datasets built from the gazette, phrased as citizens' questions.

One list, read by the home page (我能办什么 / 算一算) and by each document page (the tools
built from that document), so a new calculator is announced in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Tool:
    question: str
    answer: str
    url_name: str
    doc_number: str
    kind: str  # "calculator" or "dataset"

    @property
    def url(self) -> str:
        return reverse(self.url_name)


TOOLS: tuple[Tool, ...] = (
    Tool(
        "献血后，本人和家人能免费用多少血？",
        "填上每次献血的日期和血量，算出还能免费用的血量和可得的表彰。",
        "blood_donation:calculator",
        "威政发〔2020〕7号",
        "calculator",
    ),
    Tool(
        "野生动物养殖退出，能拿多少补偿？",
        "按品种和数量算出补偿金额，并列出每种动物的补偿标准。",
        "wildlife:calculator",
        "威政办字〔2020〕50号",
        "calculator",
    ),
    Tool(
        "企业被评为D类，电价、水价每月要多交多少？",
        "按连续列入D类的年数和用量算出加价。",
        "pricing:calculator",
        "威发改发〔2020〕227号",
        "calculator",
    ),
    Tool(
        "我们机构能申报金融发展贡献奖吗？奖多少？",
        "回答几个问题，看是否符合申报条件、各奖项奖金多少。",
        "rewards:eligibility",
        "威政发〔2020〕6号",
        "calculator",
    ),
    Tool(
        "知识产权质押贷款出了损失，银行能得到多少补偿？",
        "填本金损失，算出省级、市级补偿和银行自担部分。",
        "rewards:ip_compensation",
        "威市监发〔2020〕56号",
        "calculator",
    ),
    Tool(
        "办审批要用哪些中介服务？收费和时限是多少？",
        "按部门、事项查中介服务清单，可下载表格。",
        "intermediary:catalogue",
        "威政字〔2020〕49号",
        "dataset",
    ),
    Tool(
        "哪些企业在D类名单上？加价标准是多少？",
        "电、水差别化价格的加价标准和D类企业名单。",
        "pricing:schedule",
        "威发改发〔2020〕227号",
        "dataset",
    ),
    Tool(
        "金融业奖励各奖项的预算是多少？",
        "每年各奖项的奖励标准和预算合计。",
        "rewards:index",
        "威政发〔2020〕6号",
        "dataset",
    ),
    Tool(
        "野生动物退养处置进展如何？",
        "各区市的处置进度和补偿标准。",
        "wildlife:overview",
        "威政办字〔2020〕50号",
        "dataset",
    ),
)


def calculators() -> list[Tool]:
    return [t for t in TOOLS if t.kind == "calculator"]


def datasets() -> list[Tool]:
    return [t for t in TOOLS if t.kind == "dataset"]


def tools_for(doc_number: str) -> list[Tool]:
    """The calculators and datasets built from one document."""
    return [t for t in TOOLS if t.doc_number == doc_number]
