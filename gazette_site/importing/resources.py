"""The base resource every app's spreadsheet import and export is built on."""

from __future__ import annotations

import copy
import datetime as dt
import logging

from django.core.exceptions import (
    MultipleObjectsReturned,
    ObjectDoesNotExist,
    ValidationError,
)
from django.db import IntegrityError, models, transaction
from django.db.models.signals import post_save, pre_save
from import_export import resources, widgets
from import_export.instance_loaders import ModelInstanceLoader
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from gazette_site import dataversion
from gazette_site.history import import_reason, mark_change
from gazette_site.importing.files import sheet_row

logger = logging.getLogger(__name__)

# A spreadsheet runs a cell starting with one of these as a formula (CSV/formula injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Widgets whose output is computed from numbers, dates or booleans, never free text:
# "-5" from a number is a number, not a formula, and must round-trip unchanged.
NON_TEXT_WIDGETS = (
    widgets.NumberWidget,
    widgets.DateWidget,
    widgets.DateTimeWidget,
    widgets.TimeWidget,
    widgets.DurationWidget,
    widgets.BooleanWidget,
)
# Errors a widget raises for a cell it cannot read (anything else is a bug, not bad input).
# A background import reports how far it got every this many rows (one UPDATE each).
PROGRESS_EVERY = 500
CELL_ERRORS = (ValueError, TypeError, ArithmeticError, ObjectDoesNotExist, MultipleObjectsReturned)


def neutralise_formula(value):
    """Prefix ``'`` to a string a spreadsheet would run as a formula; leave anything else."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def restore_neutralised(value):
    """Undo ``neutralise_formula`` so an exported file imports back unchanged."""
    if (
        isinstance(value, str)
        and len(value) > 1
        and value[0] == "'"
        and value[1] in FORMULA_TRIGGERS
    ):
        return value[1:]
    return value


def is_text_widget(widget) -> bool:
    """Tell whether a widget carries free text (which may look like a formula)."""
    return not isinstance(widget, NON_TEXT_WIDGETS)


class ChineseDateWidget(widgets.DateWidget):
    """Read 2020-08-18, 2020/8/18, 2020.8.18, 2020年8月18日 or an Excel date; write 2020-08-18."""

    FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")

    def __init__(self, format=None, coerce_to_string=True):
        super().__init__(format=format, coerce_to_string=coerce_to_string)
        if format is None:
            self.formats = self.FORMATS

    def clean(self, value, row=None, **kwargs):
        # Excel date cells arrive as datetimes; a date field must compare equal to its
        # stored date, or every re-import would look like an update.
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, str):
            value = value.strip()
        return super().clean(value, row=row, **kwargs)


class ChineseBooleanWidget(widgets.BooleanWidget):
    """Read 是/否 (and 1/0, true/false); write 是/否; refuse anything else instead of guessing."""

    TRUE_VALUES = ["是", "1", 1, True, "true", "TRUE", "True", "对", "√"]
    FALSE_VALUES = ["否", "0", 0, False, "false", "FALSE", "False", "不是", "×"]
    NULL_VALUES = ["", None]

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = value.strip()
        if value in self.NULL_VALUES:
            return None
        if value in self.TRUE_VALUES:
            return True
        if value in self.FALSE_VALUES:
            return False
        raise ValueError(f"“{value}”不是“是”或“否”")


class ChoicesWidget(widgets.Widget):
    """Write a choice field as its Chinese label; read the label (or the stored code)."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = [(str(value), str(label)) for value, label in choices]

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            return ""
        for stored, label in self.choices:
            if text in (label, stored):
                return stored
        raise ValidationError(
            f"“{text}”不是可选的值，应为：" + "、".join(label for _, label in self.choices) + "。"
        )

    def render(self, value, obj=None, **kwargs):
        labels = dict(self.choices)
        return labels.get(str(value), "" if value is None else str(value))


def cell_error_message(field, value, error: Exception) -> str:
    """Say in Chinese why a cell could not be read."""
    widget = field.widget
    shown = "" if value is None else str(value)
    if isinstance(error, ObjectDoesNotExist) and isinstance(widget, widgets.ForeignKeyWidget):
        return f"找不到“{shown}”对应的{widget.model._meta.verbose_name}。"
    if isinstance(error, MultipleObjectsReturned) and isinstance(widget, widgets.ForeignKeyWidget):
        return f"“{shown}”对应了不止一条{widget.model._meta.verbose_name}，无法确定是哪一条。"
    if isinstance(widget, widgets.IntegerWidget):
        return f"“{shown}”不是整数。"
    if isinstance(widget, widgets.NumberWidget):
        return f"“{shown}”不是有效的数字。"
    if isinstance(widget, widgets.DateTimeWidget):
        return f"“{shown}”不是有效的日期时间，请写成 2020-08-18 09:30:00 的形式。"
    if isinstance(widget, widgets.DateWidget):
        return f"“{shown}”不是有效的日期，请写成 2020-08-18 或 2020年8月18日 的形式。"
    if isinstance(widget, widgets.TimeWidget):
        return f"“{shown}”不是有效的时间，请写成 09:30:00 的形式。"
    if isinstance(widget, widgets.BooleanWidget):
        return f"“{shown}”不是“是”或“否”。"
    return f"无法读取“{shown}”。"


def row_error_message(error: Exception) -> str:
    """Say in Chinese why a row could not be saved, without leaking internals."""
    if isinstance(error, IntegrityError):
        return "数据库拒绝保存这一行：与已有记录重复，或违反了数据约束。"
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return f"处理这一行时出错（{type(error).__name__}），请联系管理员。"


class LookupOnceForeignKeyWidget(widgets.ForeignKeyWidget):
    """A ForeignKeyWidget that looks each distinct cell value up once per import.

    The library's CachedForeignKeyWidget loads the whole related table and cannot follow
    a lookup through a relation (``document__doc_number``); this one remembers each
    answer (found or not) per distinct value, whatever the lookup.
    """

    def clean(self, value, row=None, **kwargs):
        cache = self.__dict__.setdefault("_cache", {})
        key = value if isinstance(value, str | int) else repr(value)
        if key not in cache:
            try:
                cache[key] = (True, super().clean(value, row=row, **kwargs))
            except CELL_ERRORS as error:
                cache[key] = (False, error)
        found, result = cache[key]
        if not found:
            raise result
        return result


def relation_paths(model, attributes) -> list[str]:
    """The ``select_related`` paths the given field attributes (``a__b__c``) walk through."""
    paths = set()
    for attribute in attributes:
        current, parts = model, []
        for part in (attribute or "").split("__"):
            try:
                field = current._meta.get_field(part)
            except Exception:
                break
            if not (field.is_relation and (field.many_to_one or field.one_to_one)):
                break
            parts.append(part)
            paths.add("__".join(parts))
            current = field.related_model
    return sorted(paths)


class BatchInstanceLoader(ModelInstanceLoader):
    """Find each row's existing record with one query for the whole file (bulk resources).

    Row-by-row resources (``use_bulk = False``) keep the library's one query per row.
    """

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.objects = None
        if not resource._meta.use_bulk:
            return
        self.fields = [resource.fields[name] for name in resource.get_import_id_fields()]
        # Only the relations the key and import columns walk: a get_queryset() made for
        # export may join large rows (a document's full text) that no row needs here.
        paths = relation_paths(
            resource._meta.model, [f.attribute for f in resource.get_import_fields()]
        )
        queryset = resource.get_queryset().select_related(None)
        if paths:
            queryset = queryset.select_related(*paths)
        self.objects = {}
        for obj in queryset:
            key = tuple(_key_part(f.get_value(obj)) for f in self.fields)
            self.objects.setdefault(key, []).append(obj)

    def get_instance(self, row):
        if self.objects is None:
            return super().get_instance(row)
        key = tuple(_key_part(f.clean(row)) for f in self.fields)
        found = self.objects.get(key, [])
        if len(found) > 1:
            raise MultipleObjectsReturned
        return found[0] if found else None


def _key_part(value):
    if isinstance(value, models.Model):
        return (value._meta.label, value.pk)
    return value


def _empty_text_to_blank(instance, attribute) -> None:
    """An empty .xlsx cell reads as None; a text field that cannot be null stores ""."""
    if not attribute or "__" in attribute:
        return
    try:
        model_field = instance._meta.get_field(attribute)
    except Exception:
        return
    if (
        getattr(instance, attribute, "") is None
        and not model_field.null
        and model_field.empty_strings_allowed
        and not model_field.is_relation
    ):
        setattr(instance, attribute, "")


class _NoDiff:
    """Stands in for the library's Diff, whose output no page of the portal shows."""

    def __init__(self, resource, instance, new):
        pass

    def compare_with(self, resource, instance):
        pass

    def as_html(self):
        return []


def model_save_is_plain(model) -> bool:
    """Tell whether a model's ``save()`` is Django's own (so a bulk insert is equivalent)."""
    return all(
        "save" not in vars(klass)
        for klass in model.__mro__
        if issubclass(klass, models.Model) and klass is not models.Model
    )


class GazetteResource(resources.ModelResource):
    """Import a whole file or nothing, in Chinese, with history; export without formulas.

    Subclasses set ``Meta.model``, ``Meta.fields`` and ``Meta.import_id_fields`` (a natural
    key that is in the sheet). Fields taken from the model get the model field's
    ``verbose_name`` as their column header; declared ``Field`` objects need ``column_name``.
    """

    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        "DateField": ChineseDateWidget,
        "BooleanField": ChineseBooleanWidget,
        "NullBooleanField": ChineseBooleanWidget,
    }
    #: Rows missing from a file may be deleted when the clerk asks. Rule sets a calculator
    #: reads set this to False (and say why in ``delete_missing_refusal``).
    delete_missing_allowed = True
    delete_missing_refusal = ""
    #: Base of the export file name (default: the model's verbose_name_plural).
    export_file_title = ""
    #: A model whose ``save()`` does more than Django's may still be bulk-written when the
    #: resource does that work itself (in ``before_save_instance``); say so here.
    bulk_save_safe = False

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        # Validate every row first, then write all of them at once (with history) in one
        # short transaction; see import_data. Resources whose hooks write set it False.
        use_bulk = True
        instance_loader_class = BatchInstanceLoader
        # The library's diff deep-copies and renders every row twice; for_delete() keeps
        # a cheap copy of each existing record instead (for skip_row and the preview).
        skip_diff = True
        # The preview lists changed columns itself; the library's HTML diff is never shown.
        skip_html_diff = True

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        field = super().field_from_django_field(field_name, django_field, readonly)
        field.column_name = str(django_field.verbose_name)
        if django_field.choices and not isinstance(field.widget, widgets.BooleanWidget):
            field.widget = ChoicesWidget(django_field.choices)
        return field

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        widget = super().widget_from_django_field(f, default=default)
        if widget is widgets.ForeignKeyWidget:
            return LookupOnceForeignKeyWidget
        return widget

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        """Import a whole file or nothing (a bad row, invalid ones too, rolls all back).

        Row-by-row resources run inside one transaction, each row in a savepoint. Bulk
        resources (the default) read and validate every row without writing (so a preview
        holds no write lock), then ``persist`` writes all rows in one short transaction.
        """
        self._renames = dict(kwargs.pop("renames", None) or {})
        self._gazette_dataset = dataset
        if not self._meta.use_bulk:
            kwargs.update(use_transactions=True, rollback_on_validation_errors=True)
            return super().import_data(
                dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs
            )
        self.create_instances, self.update_instances, self.delete_instances = [], [], []
        return self.import_data_inner(dataset, dry_run, raise_errors, False, False, **kwargs)

    # The library flushes bulk lists every batch_size rows; bulk resources write only in
    # persist(), after every row of the file passed.
    def bulk_create(self, *args, **kwargs):
        pass

    def bulk_update(self, *args, **kwargs):
        pass

    def bulk_delete(self, *args, **kwargs):
        pass

    def missing_scope(self, dataset):
        """The records a file is expected to list in full (文件中没有 = these minus its rows).

        A resource whose files cover only part of the table (one year, one district)
        narrows this to that part.
        """
        queryset = self.get_queryset()
        paths = relation_paths(self._meta.model, [f.attribute for f in self.fields.values()])
        return queryset.select_related(*paths) if paths else queryset

    def pending_instances(self) -> list:
        """Instances a bulk import will write (new and changed rows), in file order."""
        return list(self.create_instances) + list(self.update_instances)

    def persist(self, *, check_only: bool = False) -> None:
        """Write the validated rows of a bulk import, with one history record each.

        Call inside a transaction. ``post_save`` is sent afterwards (history already
        written), so listeners such as the search index see the changes. With
        ``check_only`` (a preview, rolled back) the rows are written without history and
        signals, only so that the database checks its constraints.
        """
        model = self._meta.model
        created, updated = list(self.create_instances), list(self.update_instances)
        if check_only:
            fields = [f.name for f in model._meta.concrete_fields if not f.primary_key]
            if created:
                model._default_manager.bulk_create(created, batch_size=500)
            if updated:
                model._default_manager.bulk_update(updated, fields, batch_size=500)
            return
        if not (created or updated):
            return
        with dataversion.one_bump(using=transaction.get_connection().alias):
            self._write(model, created, updated)

    def _write(self, model, created: list, updated: list) -> None:
        bulk_history = hasattr(model._meta, "simple_history_manager_attribute")
        if not bulk_history or (not model_save_is_plain(model) and not self.bulk_save_safe):
            for instance in created:
                instance.save(force_insert=True)
            for instance in updated:
                instance.save()
            return
        for instance in created + updated:
            pre_save.send(sender=model, instance=instance, raw=False, using=None)
        if created:
            bulk_create_with_history(created, model, batch_size=500)
        if updated:
            fields = [f.name for f in model._meta.concrete_fields if not f.primary_key]
            bulk_update_with_history(updated, model, fields, batch_size=500)
        using = transaction.get_connection().alias
        for instance, was_created in [(i, True) for i in created] + [(i, False) for i in updated]:
            instance.skip_history_when_saving = True
            try:
                post_save.send(
                    sender=model,
                    instance=instance,
                    created=was_created,
                    raw=False,
                    using=using,
                    update_fields=None,
                )
            finally:
                del instance.skip_history_when_saving

    def row_problems(self, instance) -> ValidationError | None:
        """The unique and constraint checks a bulk import leaves to the database, for one row."""
        try:
            instance.validate_unique()
            instance.validate_constraints()
        except ValidationError as error:
            return error
        return None

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if self._meta.use_bulk:
            # Unique checks and constraints cost a query or more per row; the database
            # enforces them when persist() writes (and row_problems names the row then).
            errors = dict(import_validation_errors or {})
            if self._meta.clean_model_instances:
                # A foreign key set from a lookup widget points at a row just found.
                exclude = set(errors) | {
                    name
                    for name in self._looked_up_attributes()
                    if getattr(instance, instance._meta.get_field(name).attname, None) is not None
                }
                try:
                    instance.full_clean(
                        exclude=exclude, validate_unique=False, validate_constraints=False
                    )
                except ValidationError as e:
                    errors = e.update_error_dict(errors)
            if errors:
                raise ValidationError(errors)
            return
        super().validate_instance(instance, import_validation_errors, validate_unique)

    def get_import_fields(self):
        # Asked for several times per row by the library; the fields never change.
        cached = self.__dict__.get("_import_fields")
        if cached is None:
            cached = self._import_fields = super().get_import_fields()
        return cached

    def _looked_up_attributes(self) -> set[str]:
        if not hasattr(self, "_looked_up"):
            model = self._meta.model
            self._looked_up = set()
            for f in self.get_import_fields():
                if not (isinstance(f.widget, widgets.ForeignKeyWidget) and f.attribute):
                    continue
                try:
                    if model._meta.get_field(f.attribute).many_to_one:
                        self._looked_up.add(f.attribute)
                except Exception:
                    continue
        return self._looked_up

    def get_diff_class(self):
        # The preview lists changed cells itself (services._changes), for changed rows only;
        # the library's diff would render every field of every row twice.
        return _NoDiff if self._meta.use_bulk else super().get_diff_class()

    def import_row(self, row, instance_loader, **kwargs):
        for field in self.get_import_fields():
            if field.column_name in row and is_text_widget(field.widget):
                row[field.column_name] = restore_neutralised(row[field.column_name])
        self._row_number = kwargs.get("row_number")
        progress = getattr(self, "progress", None)
        if progress is not None and self._row_number and self._row_number % PROGRESS_EVERY == 0:
            progress(done=self._row_number)
        return super().import_row(row, instance_loader, **kwargs)

    def get_or_init_instance(self, instance_loader, row):
        """Find the row's record; a rename the clerk accepted points a new key at an old record.

        When the key cells cannot be read, the other cells are read too, so the row lists
        all its problems at once.
        """
        try:
            instance, new = super().get_or_init_instance(instance_loader, row)
        except ValidationError as key_error:
            errors = key_error.update_error_dict({})
            try:
                self.import_instance(self.init_instance(row), row)
            except ValidationError as more:
                for name, messages in more.update_error_dict({}).items():
                    errors.setdefault(name, messages)
            except Exception:
                logger.debug("reading the other cells of a row with a bad key", exc_info=True)
            raise ValidationError(errors)
        renamed = self._rename_target(new)
        if renamed is not None:
            return renamed, False
        return instance, new

    def _rename_target(self, new: bool):
        renames = getattr(self, "_renames", None)
        if not renames or not new:
            return None
        pk = renames.get(sheet_row(self._gazette_dataset, self._row_number))
        if pk is None:
            return None
        target = self.get_queryset().filter(pk=pk).first()
        if target is None:
            raise ValidationError("要改名的原记录已不存在，请重新上传预览。")
        return target

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except MultipleObjectsReturned:
            columns = "、".join(
                self.fields[name].column_name for name in self.get_import_id_fields()
            )
            raise ValidationError(f"按“{columns}”找到了不止一条已有记录，无法确定要更新哪一条。")
        except CELL_ERRORS:
            errors = {}
            for name in self.get_import_id_fields():
                field = self.fields[name]
                try:
                    field.clean(row)
                except CELL_ERRORS as error:
                    value = row.get(field.column_name)
                    errors[field.attribute] = cell_error_message(field, value, error)
            if not errors:
                raise
            raise ValidationError(errors)

    def import_instance(self, instance, row, **kwargs):
        """Set every field from the row, collecting a Chinese message for each unreadable cell."""
        errors = {}
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget):
                continue
            try:
                self.import_field(field, instance, row, **kwargs)
            except ValidationError as error:
                errors[field.attribute] = error
            except CELL_ERRORS as error:
                value = row.get(field.column_name)
                errors[field.attribute] = ValidationError(
                    cell_error_message(field, value, error), code="invalid"
                )
            else:
                _empty_text_to_blank(instance, field.attribute)
        if errors:
            raise ValidationError(errors)

    def for_delete(self, row, instance):
        # Called right after the record is found and every after_init_instance hook ran:
        # the moment the library would deep-copy it as the "original".
        self._original = None if instance._state.adding else copy.copy(instance)
        return super().for_delete(row, instance)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # The library would "skip" a new row whose values equal the model's defaults
        # (e.g. an all-blank row); a new row is always either saved or reported invalid.
        original = self._original
        if instance._state.adding or original is None or import_validation_errors:
            return False
        if not self._meta.skip_unchanged:
            return False
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget):
                if field.column_name not in row:
                    continue
                if set(field.clean(row)) != set(field.get_value(original).all()):
                    return False
            elif field.get_value(instance) != field.get_value(original):
                return False
        return True

    def after_import_row(self, row, row_result, **kwargs):
        if row_result.import_type != row_result.IMPORT_TYPE_NEW:
            row_result.original = getattr(self, "_original", None)
        super().after_import_row(row, row_result, **kwargs)

    def before_save_instance(self, instance, row, **kwargs):
        self._mark_history(instance, **kwargs)
        super().before_save_instance(instance, row, **kwargs)

    def before_delete_instance(self, instance, row, **kwargs):
        self._mark_history(instance, **kwargs)
        super().before_delete_instance(instance, row, **kwargs)

    def _mark_history(self, instance, **kwargs):
        """Record the importing user and file in django-simple-history, like an admin edit."""
        mark_change(
            instance,
            acting_user=kwargs.get("user"),
            reason=import_reason(kwargs.get("file_name")),
        )

    def text_columns(self) -> list[str]:
        """Export columns that hold text (kept as text in XLSX: 文号, credit codes, names)."""
        return [
            f.column_name
            for f in self.get_export_fields()
            if is_text_widget(f.widget) and not (f.readonly and f.attribute is None)
        ]

    def export(self, queryset=None, **kwargs):
        dataset = super().export(queryset=queryset, **kwargs)
        dataset.text_columns = self.text_columns()
        dataset.title = self.file_title()
        return dataset

    @classmethod
    def file_title(cls) -> str:
        """The title of export files and templates (中介服务事项关联, 物种补偿标准, …)."""
        return cls.export_file_title or str(cls._meta.model._meta.verbose_name_plural)

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if is_text_widget(field.widget):
            return neutralise_formula(value)
        return value
