"""What the pricing app offers to search: the surcharge schedule and each of its rules."""

from __future__ import annotations

from collections.abc import Iterator

from pricing.models import Policy, PolicyRule, Resource, Surcharge
from search.registry import SearchRecord, SearchSource


def _facets(policy) -> dict:
    return {
        "year": policy.signed_date.year,
        "doc_kind": "加价标准",
        "issuers": [policy.issuer],
        "in_force_from": policy.effective_from.isoformat(),
        "effective_to": policy.effective_to.isoformat(),
    }


def schedule_records() -> Iterator[SearchRecord]:
    """Yield the schedule of each pricing notice, then each rule in plain words."""
    for policy in Policy.objects.select_related("document").prefetch_related("surcharges", "rules"):
        steps = []
        for resource in Resource:
            for s in policy.surcharges.all():
                if s.resource == resource:
                    steps.append(f"{s.step_label}列入D类，{s.basis}每{s.unit}加价{s.rate_text}元")
        facets = _facets(policy)
        yield SearchRecord(
            key=f"pricing.schedule:{policy.pk}",
            kind="surcharge_schedule",
            # The notice says 差别化用电价格; people search for 差别化电价, so both are here.
            title=f"“亩产效益”D类企业差别化电价、水价加价标准（{policy.doc_number}）",
            body="；".join(
                [
                    "“亩产效益”评价D类（限制发展类）企业差别化电价、差别化水价，"
                    "用电、计划内用水按连续列入D类年数逐年递增加价",
                    *steps,
                ]
            ),
            url="/pricing/",
            doc_number=policy.doc_number,
            date=policy.signed_date,
            facets=facets,
        )
        for rule in policy.rules.all():
            yield SearchRecord(
                key=f"pricing.rule:{rule.pk}",
                kind="surcharge_rule",
                title=f"差别化电价、水价：{rule.get_topic_display()}（{policy.doc_number} {rule.article}）",
                body=f"{rule.plain}\n{rule.quote}",
                url=f"/pricing/#rule-{rule.topic}",
                doc_number=policy.doc_number,
                date=policy.signed_date,
                facets=facets,
            )


def sources() -> list[SearchSource]:
    """Offer the schedule to the portal's search."""
    return [
        SearchSource(
            name="pricing",
            label="差别化电价水价",
            models=(Policy, Surcharge, PolicyRule),
            records=schedule_records,
        )
    ]
