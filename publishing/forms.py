"""Forms of the publishing admin pages."""

from django import forms
from django.conf import settings

from gazette_site.importing.files import ImportRefused, megabytes
from publishing.models import DraftDocument
from publishing.uploads import read_upload


class UploadForm(forms.Form):
    """An issue as a file (.txt / .docx / .pdf) or as pasted text."""

    file = forms.FileField(
        label="公报文件",
        required=False,
        help_text="文本（.txt，UTF-8 或 GB18030 编码）、Word（.docx）或带文字层的 PDF，"
        f"不超过 {megabytes(settings.INGEST_MAX_UPLOAD_BYTES)}。",
    )
    text = forms.CharField(
        label="或粘贴全文", required=False, widget=forms.Textarea(attrs={"rows": 8})
    )

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if upload and text:
            raise forms.ValidationError("请上传文件或粘贴文本，二者选一。")
        if not upload and not text:
            raise forms.ValidationError("请选择要上传的公报文件，或粘贴公报全文。")
        if upload:
            limit = settings.INGEST_MAX_UPLOAD_BYTES
            upload.seek(0)
            content = upload.read(limit + 1)
            try:
                data["source_text"], data["source_format"] = read_upload(
                    name=upload.name, data=content
                )
            except ImportRefused as exc:
                raise forms.ValidationError(exc.message)
            data["source_name"] = upload.name
        else:
            data["source_text"], data["source_format"] = text, "paste"
            data["source_name"] = "粘贴的文本"
        return data


class DraftDocumentForm(forms.ModelForm):
    class Meta:
        model = DraftDocument
        fields = [
            "doc_number",
            "title",
            "section",
            "signed_date",
            "effective_from",
            "effective_to",
            "issuers",
        ]
        widgets = {
            "signed_date": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "effective_from": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "effective_to": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        draft = self.instance.draft if self.instance.pk else None
        if draft is not None:
            sections = list(dict.fromkeys(c["section"] for c in draft.contents))
            self.fields["section"] = forms.ChoiceField(
                label="栏目", choices=[(s, s) for s in sections]
            )
