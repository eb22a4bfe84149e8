"""The public calculator's form: a few lines of species, quantity and juvenile flag."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from gazette_site.formatting import yuan
from gazette_site.http import BadInput, parse_amount
from wildlife import selectors
from wildlife.models import Species

CALCULATOR_LINES = 5
# A citizen's calculator: more than 10万 animals (or 斤) on one farm is a typing slip.
CALCULATOR_MAX_QUANTITY = Decimal(100_000)


class CalculatorForm(forms.Form):
    """Up to CALCULATOR_LINES lines; empty lines are ignored."""

    def __init__(self, *args, species: list[Species], **kwargs):
        super().__init__(*args, **kwargs)
        self.species_by_name = {s.name: s for s in species}
        choices = [("", "请选择物种")] + [
            (s.name, f"{s.name}（每{s.unit}{yuan(s.price)}）") for s in species
        ]
        for n in range(1, CALCULATOR_LINES + 1):
            self.fields[f"species_{n}"] = forms.ChoiceField(
                label=f"第{n}项 物种",
                choices=choices,
                required=False,
                error_messages={"invalid_choice": "没有“%(value)s”这个物种，请从列表中选择。"},
            )
            self.fields[f"quantity_{n}"] = forms.CharField(label=f"第{n}项 数量", required=False)
            self.fields[f"juvenile_{n}"] = forms.BooleanField(
                label=f"第{n}项 幼体（当年孵化的）", required=False
            )

    def line_fields(self):
        """Group the bound fields by line, for the template."""
        return [
            (n, self[f"species_{n}"], self[f"quantity_{n}"], self[f"juvenile_{n}"])
            for n in range(1, CALCULATOR_LINES + 1)
        ]

    def clean(self):
        cleaned = super().clean()
        lines = []
        for n in range(1, CALCULATOR_LINES + 1):
            name = cleaned.get(f"species_{n}")
            raw_quantity = (cleaned.get(f"quantity_{n}") or "").strip()
            juvenile = bool(cleaned.get(f"juvenile_{n}"))
            if f"species_{n}" in self.errors:
                continue
            if not name and not raw_quantity:
                continue
            if not name:
                self.add_error(f"species_{n}", "请选择物种。")
                continue
            if not raw_quantity:
                self.add_error(f"quantity_{n}", "请填写数量。")
                continue
            species = self.species_by_name[name]
            try:
                quantity = parse_amount(
                    raw_quantity,
                    field=f"{name}的数量",
                    unit=species.unit,
                    minimum=Decimal("0.01"),
                    maximum=CALCULATOR_MAX_QUANTITY,
                )
            except BadInput as exc:
                self.add_error(f"quantity_{n}", str(exc))
                continue
            try:
                lines.append(
                    selectors.quote_line(species=species, quantity=quantity, juvenile=juvenile)
                )
            except BadInput as exc:
                field = "juvenile" if "幼体" in str(exc) else "quantity"
                self.add_error(f"{field}_{n}", str(exc))
        if not lines and not self.errors:
            raise forms.ValidationError("请至少填写一项物种和数量。")
        cleaned["lines"] = lines
        return cleaned
