"""A district's stock spreadsheet (区市, 养殖主体, 许可证号, 物种, 数量, 单位, 幼体, 核查日期).

Built on the shared machinery (gazette_site.importing): one transaction, nothing saved when
any row is bad, row-level messages in Chinese. The dry run adds a computed
“补偿金额（元）” column to the preview. Entities are found by 区市 + 养殖主体 and created
when new; a registration is found by entity + species + juvenile flag and updated when it
is already registered.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from import_export import widgets
from import_export.fields import Field

from documents.models import District
from gazette_site.formatting import yuan
from gazette_site.history import import_reason
from gazette_site.importing import (
    ChineseDateWidget,
    GazetteResource,
    LookupOnceForeignKeyWidget,
    sheet_row,
)
from wildlife import rules, services
from wildlife.models import BreedingEntity, CompensationPlan, Species, StockRegistration
from wildlife.selectors import plan_get

COLUMNS = ("区市", "养殖主体", "许可证号", "物种", "数量", "单位", "幼体", "核查日期")
AMOUNT_COLUMN = "补偿金额（元）"
# Resolved objects are kept in the row under these keys between the import steps.
ENTITY, SPECIES, JUVENILE = "_entity", "_species", "_juvenile"
# Fields set from the resolved objects, never written through their attribute path.
RESOLVED = {"entity__district", "entity", "entity__licence_no", "species", "species__unit"}


def _text(value) -> str:
    return "" if value is None else str(value).strip()


class JuvenileWidget(widgets.BooleanWidget):
    """Read 幼体 as the calculator does (是/否/幼体/blank = 否); write 是/否."""

    def clean(self, value, row=None, **kwargs):
        try:
            return rules.parse_juvenile(_text(value))
        except ValueError as exc:
            raise ValidationError(str(exc))

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


class StockRegistrationResource(GazetteResource):
    district = Field(attribute="entity__district", column_name="区市")
    entity = Field(attribute="entity", column_name="养殖主体")
    licence_no = Field(attribute="entity__licence_no", column_name="许可证号")
    species = Field(attribute="species", column_name="物种")
    quantity = Field(attribute="quantity", column_name="数量", widget=widgets.DecimalWidget())
    unit = Field(attribute="species__unit", column_name="单位")
    is_juvenile = Field(attribute="is_juvenile", column_name="幼体", widget=JuvenileWidget())
    verified_on = Field(attribute="verified_on", column_name="核查日期", widget=ChineseDateWidget())
    compensation = Field(column_name=AMOUNT_COLUMN, readonly=True)

    class Meta:
        model = StockRegistration
        name = "区市核查登记表"
        fields = (
            "district",
            "entity",
            "licence_no",
            "species",
            "quantity",
            "unit",
            "is_juvenile",
            "verified_on",
            "compensation",
        )
        import_id_fields = ("district", "entity", "species", "is_juvenile")
        # Rows create breeding entities as they go.
        use_bulk = False

    def get_export_queryset(self, request=None):
        return StockRegistration.objects.select_related(
            "entity__district", "entity__scope", "species"
        )

    def dehydrate_compensation(self, registration: StockRegistration):
        return registration.compensation()

    # --- import -----------------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        missing = [c for c in COLUMNS if c not in (dataset.headers or [])]
        if missing:
            raise ValidationError(
                "缺少必需的列" + "、".join(f"“{c}”" for c in missing) + "。"
                "本表须有这些列：" + "、".join(COLUMNS) + "。"
            )
        self._dataset = dataset
        self._seen: dict[tuple, tuple[int, tuple]] = {}
        districts = list(District.objects.all())
        self._districts = {d.name: d for d in districts} | {
            d.short_name: d for d in districts if d.short_name
        }
        self._district_names = "、".join(d.name for d in districts)
        plan = plan_get()
        self._species = {s.name: s for s in plan.species.all()} if plan else {}

    def before_import_row(self, row, **kwargs):
        """Resolve 区市, 养殖主体 and 物种, creating a new entity, and refuse repeated rows."""
        super().before_import_row(row, **kwargs)
        errors: dict[str, str] = {}
        district_name, entity_name = _text(row.get("区市")), _text(row.get("养殖主体"))
        species_name, licence = _text(row.get("物种")), _text(row.get("许可证号"))
        district = self._districts.get(district_name)
        if not district_name:
            errors["entity__district"] = "请填写区市。"
        elif district is None:
            errors["entity__district"] = (
                f"“{district_name}”不是本市的区市或开发区。可填写：{self._district_names}。"
            )
        if not entity_name:
            errors["entity"] = "请填写养殖主体名称。"
        species = self._species.get(species_name)
        if not species_name:
            errors["species"] = "请填写物种。"
        elif species is None:
            errors["species"] = (
                f"“{species_name}”不在第一批退出补偿标准中。可登记的物种："
                + "、".join(self._species)
                + "。"
            )
        try:
            juvenile = rules.parse_juvenile(_text(row.get("幼体")))
        except ValueError as exc:
            errors["is_juvenile"] = str(exc)
        if errors:
            raise ValidationError(errors)
        entity = self._entity(
            district,
            entity_name,
            licence,
            user=kwargs.get("user"),
            reason=import_reason(kwargs.get("file_name")),
        )
        self._refuse_repeat(row, entity, species, juvenile, kwargs["row_number"])
        row[ENTITY], row[SPECIES], row[JUVENILE] = entity, species, juvenile

    def _entity(
        self, district: District, name: str, licence: str, *, user, reason: str
    ) -> BreedingEntity:
        entity = BreedingEntity.objects.filter(district=district, name=name).first()
        if entity is None:
            return services.entity_create(
                district=district, name=name, licence_no=licence, acting_user=user, reason=reason
            )
        if licence and entity.licence_no and licence != entity.licence_no:
            raise ValidationError(
                {
                    "entity__licence_no": f"许可证号“{licence}”与已登记的“{entity.licence_no}”不一致，"
                    "请核对；如需更正请在后台修改养殖主体。"
                }
            )
        if licence and not entity.licence_no:
            services.entity_set_licence(
                entity=entity, licence_no=licence, acting_user=user, reason=reason
            )
        return entity

    def _refuse_repeat(self, row, entity, species, juvenile, row_number: int) -> None:
        """Refuse a second row for the same entity and species (and juvenile flag)."""
        key = (entity.pk, species.pk, juvenile)
        raw = tuple(_text(row.get(c)) for c in ("区市", "养殖主体", "物种", "幼体"))
        line = sheet_row(self._dataset, row_number)
        if key not in self._seen:
            self._seen[key] = (line, raw)
            return
        first_row, first_raw = self._seen[key]
        if raw == first_raw:
            return  # the shared machinery already reports rows with identical key cells
        kind = f"{species.name}幼体" if juvenile else species.name
        raise ValidationError(
            {
                "species": f"与第{first_row}行重复：{entity.name}的{kind}已在第{first_row}行登记，"
                "同一养殖主体的同一物种只能登记一行。"
            }
        )

    def get_instance(self, instance_loader, row):
        return StockRegistration.objects.filter(
            entity=row[ENTITY], species=row[SPECIES], is_juvenile=row[JUVENILE]
        ).first()

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute in RESOLVED:
            return
        super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        instance.entity, instance.species = row[ENTITY], row[SPECIES]
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        unit = _text(row.get("单位"))
        species = row[SPECIES]
        if unit != species.unit:
            message = f"{species.name}按“{species.unit}”补偿，单位须填“{species.unit}”" + (
                f"（填写的是“{unit}”）。" if unit else "。"
            )
            errors.setdefault("species__unit", []).append(ValidationError(message))
        if errors:
            raise ValidationError(errors)

    def after_import(self, dataset, result, **kwargs):
        """Show each row's computed compensation in the preview (and nothing for a bad row)."""
        super().after_import(dataset, result, **kwargs)
        if len(result.rows) != len(dataset):
            return
        amounts = []
        for row_result in result.rows:
            instance = row_result.instance
            ok = instance is not None and not row_result.validation_error and not row_result.errors
            amounts.append(yuan(instance.compensation()) if ok else "—")
        if AMOUNT_COLUMN in dataset.headers:
            del dataset[AMOUNT_COLUMN]
        dataset.append_col(amounts, header=AMOUNT_COLUMN)


class SpeciesResource(GazetteResource):
    """The compensation standard (附件2): one species and its prices per row.

    A species is identified by the plan (its document's 文号) and its name (种类).
    """

    plan = Field(
        attribute="plan",
        column_name="工作方案文号",
        widget=LookupOnceForeignKeyWidget(CompensationPlan, field="document__doc_number"),
    )
    export_file_title = "物种补偿标准"

    class Meta:
        model = Species
        name = "物种补偿标准"
        import_id_fields = ("plan", "name")
        fields = (
            "plan",
            "number",
            "name",
            "unit",
            "price",
            "juvenile_price",
            "juvenile_definition",
            "origin",
            "national_key",
        )
        export_order = fields

    def get_queryset(self):
        return Species.objects.select_related("plan__document")
