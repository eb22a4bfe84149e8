"""Start the synonym list from the gazette's own terms (2020年第8期), each with where it is printed.

Line numbers are those of sources/weihai-2020-08.txt.
"""

from django.db import migrations

SEED = [
    ("献血证、无偿献血证", "威政发〔2020〕7号《威海市无偿献血管理办法》第十四条、第十五条（第200、202行：《无偿献血证》）"),
    (
        "电价加价、差别化电价、差别化用电价格、差别电价",
        "威发改发〔2020〕227号 一、差别化用电价格政策（第1292行）；用电价格每千瓦时加价（第1296行）；差别电价（第1298行）",
    ),
    (
        "水价加价、差别化水价、差别化用水价格",
        "威发改发〔2020〕227号 二、差别化用水价格政策（第1300行）；综合水价每立方米加价（第1302行）",
    ),
    ("告知承诺、告知承诺制", "威政办字〔2020〕51号《威海市告知承诺和容缺办理工作规程(试行)》（第33行、第1200行：实行告知承诺制的事项）"),
    ("孔雀、蓝孔雀", "威政办字〔2020〕50号 二（二）补偿批次：第一批退出的物种为蓝孔雀……（第1079行）"),
    ("疾控、疾病预防控制", "威政发〔2020〕8号《关于完善公共卫生体系的实施意见》（第290行：疾控中心；第298行：疾病预防控制）"),
]


def seed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for terms, source in SEED:
        Synonym.objects.get_or_create(terms=terms, defaults={"source": source})


def unseed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    Synonym.objects.filter(terms__in=[terms for terms, _source in SEED]).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0003_i17_synonyms")]

    operations = [migrations.RunPython(seed, unseed)]
