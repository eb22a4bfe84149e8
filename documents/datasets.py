"""The documents app's open datasets: documents, provisions and issues."""

from documents import views
from documents.choices import Status
from gazette_site.opendata import Column, Dataset, Parameter, register
from gazette_site.schemas import DATE, INTEGER, READING, STRING, URL, array, nullable, record

AS_OF = Parameter(
    "as_of",
    "计算时效状态的日期（YYYY-MM-DD），默认今天",
    {"type": "string", "format": "date"},
    "2020-12-01",
)


def register_all() -> None:
    register(
        Dataset(
            name="documents",
            paged=True,
            title="公报文件",
            description="已收录全文的每一件文件：文号、标题、发文机关、日期、按所示日期计算的时效状态及文件关系。",
            view=views.documents_json,
            parameters=(AS_OF,),
            page="/documents/",
            history_models=(
                "documents.Document",
                "documents.DocumentRelation",
                "documents.Appointment",
            ),
            columns=(
                Column("doc_number", "文号", text=True),
                Column("title", "标题"),
                Column("section", "栏目"),
                Column("issue", "期次", text=True),
                Column("kind", "文种"),
                Column("issuers", "发文机关（按印刷版署名）"),
                Column("signed_date", "成文日期"),
                Column("effective_from", "施行日期"),
                Column("effective_to", "有效期至"),
                Column("registration_no", "统一登记号", text=True),
                Column("status", "时效状态"),
                Column("as_of", "状态日期"),
                Column("repeals", "废止", text=True),
                Column("based_on", "制定依据", text=True),
                Column("cites", "引用", text=True),
                Column("provision_count", "条款数"),
                Column("url", "网址"),
            ),
            row_schema=record(
                {
                    "doc_number": STRING,
                    "title": STRING,
                    "section": nullable(STRING),
                    "issue": nullable(STRING),
                    "kind": STRING,
                    "issuers": array(STRING),
                    "signed_date": nullable(DATE),
                    "effective_from": nullable(DATE),
                    "effective_to": nullable(DATE),
                    "registration_no": nullable(STRING),
                    "status": nullable(STRING),
                    "status_code": nullable({"enum": list(Status.values)}),
                    "as_of": DATE,
                    "url": URL,
                    "repeals": array(STRING),
                    "based_on": array(STRING),
                    "cites": array(STRING),
                    "provision_count": INTEGER,
                    "appointments": array(
                        record(
                            {
                                "action": STRING,
                                "person": STRING,
                                "position_title": STRING,
                                "term_note": STRING,
                                "note": STRING,
                            }
                        )
                    ),
                    "readings": array(READING),
                }
            ),
        )
    )
    register(
        Dataset(
            name="provisions",
            title="文件条款",
            description="每一件文件的章、条、款、项，按印刷顺序，附锚点网址。",
            view=views.provisions_json,
            parameters=(Parameter("document", "只列这一文号的条款", example="威政发〔2020〕7号"),),
            page="/documents/",
            history_models=("documents.Provision",),
            columns=(
                Column("doc_number", "文号", text=True),
                Column("anchor", "锚点"),
                Column("kind", "层级"),
                Column("label", "序号", text=True),
                Column("heading", "标题"),
                Column("text", "条文"),
                Column("parent", "上级"),
                Column("url", "网址"),
            ),
            row_schema=record(
                {
                    "doc_number": STRING,
                    "anchor": STRING,
                    "kind": {
                        "enum": ["chapter", "article", "section", "subsection", "item", "paragraph"]
                    },
                    "label": STRING,
                    "heading": STRING,
                    "text": STRING,
                    "parent": nullable(STRING),
                    "position": INTEGER,
                    "url": URL,
                }
            ),
        )
    )
    register(
        Dataset(
            name="issues",
            paged=True,
            title="公报期次",
            description="每一期公报及其目录。",
            view=views.issues_json,
            page="/issues/",
            history_models=("documents.Issue", "documents.Section"),
            columns=(
                Column("year", "年份"),
                Column("number", "期号"),
                Column("cumulative_number", "总期号"),
                Column("sponsor", "主管主办"),
                Column("url", "网址"),
            ),
            row_schema=record(
                {
                    "year": INTEGER,
                    "number": INTEGER,
                    "cumulative_number": INTEGER,
                    "sponsor": STRING,
                    "url": URL,
                    "toc": array(
                        record(
                            {
                                "doc_number": STRING,
                                "title": STRING,
                                "section": nullable(STRING),
                                "page": nullable(INTEGER),
                            }
                        )
                    ),
                }
            ),
        )
    )
