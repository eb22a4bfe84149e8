"""Post a real admin change form as a clerk would: every field as shown, a few changed."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from documents.services import clerk_create

PASSWORD = "Wh-clerk-2026-pass"


def clerk_client(client, app: str, username: str | None = None):
    """Log a staff clerk of one app's group (create_clerk's account, no superuser) in."""
    user = clerk_create(username=username or f"{app}-clerk", password=PASSWORD, apps=[app])
    client.force_login(user)
    client.user = user
    return client


def _field_data(form) -> dict:
    data = {}
    for name in form.fields:
        bound = form[name]
        value = bound.value()
        if value is None or value is False:
            continue
        if value is True:
            data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        elif isinstance(value, dt.date):
            data[bound.html_name] = value.isoformat()
        else:
            data[bound.html_name] = str(value)
    return data


def change_form_data(response) -> dict:
    """What the browser sends back from an admin change page left as it is (inlines too)."""
    data = _field_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_field_data(formset.management_form))
        for form in formset.forms:
            data.update(_field_data(form))
    return data


def post_change(client, url: str, *, reason: str, **changes):
    """Open the change page, change the named fields, give the reason and save; 302 expected."""
    data = change_form_data(client.get(url))
    data.update({name: str(value) for name, value in changes.items()}, change_reason=reason)
    response = client.post(url, data)
    assert response.status_code == 302, _errors(response)
    return response


def _errors(response) -> str:
    context = response.context or {}
    errors = getattr(context.get("errors"), "as_text", lambda: "")()
    return errors or response.content.decode()[:2000]


def latest_entry(obj):
    """The record's newest history entry."""
    return obj.history.order_by("-history_date", "-history_id").first()


def edit_in_admin(client, obj, *, reason: str, **changes):
    """Change the record on its admin page with a reason; return its newest history entry."""
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    post_change(client, url, reason=reason, **changes)
    return latest_entry(obj)


def author_and_reason(entry) -> tuple:
    """Who a history entry credits, and why."""
    return entry.history_user, entry.history_change_reason
