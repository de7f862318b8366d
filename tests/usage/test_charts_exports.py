"""Charts (one drawing for the dashboard, the PDF and the DOCX), the trend, the XLSX exports and
the close as a background task with its progress."""

import io
import re
import warnings

import pytest
from django.test import Client

from oa.usage import charts, progress
from oa.usage.models import Bulletin, UsageFigure
from oa.usage.periods import Period
from oa.usage.selectors import trend
from oa.usage.services.reports import report_file, usage_close
from tests.conftest import TEST_PASSWORD

OCT1 = Period.parse("2026-10-1")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _client(person):
    client = Client()
    response = client.post("/accounts/login/", {"username": person.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def _table(n: int) -> dict:
    rows = [{"department_id": i, "name": f"韶关市第{i}测试局", "short_name": f"测试{i}局", "rank": i,
             "figures": {"usage_rate": (i * 37 % 100) / 100, "on_time_rate": None if i % 3 else 0.5}}
            for i in range(1, n + 1)]
    return {"rows": rows}


def _trend() -> dict:
    periods = [{"period": str(p), "label": p.label, "short": f"{p.month}月{'上' if p.half == 1 else '下'}",
                "frozen": True} for p in Period.parse("2026-11-1").recent(6)]
    return {"periods": periods, "names": {"1": "韶关市第1测试局"},
            "series": {"city": {"usage_rate": [0.5, 0.55, None, 0.6, 0.7, 0.8], "on_time_rate": [1, 0.9, 0.8, 0.9, 1, 1]},
                       "1": {"usage_rate": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], "on_time_rate": [None] * 6}}}


def test_charts_are_svg_and_png_of_the_same_figure_with_every_label():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        usage, on_time, city = charts.bulletin_charts(charts.spec(_table(12), _trend()))
        department = charts.chart(charts.spec(_table(12), _trend()), "trend", "1")
        drawn = [(c.svg, c.png) for c in (usage, on_time, city, department)]
    assert not [w for w in caught if "missing" in str(w.message).lower()]
    for svg, png in drawn:
        assert svg.startswith("<svg") and "<title>" in svg and png[:8] == b"\x89PNG\r\n\x1a\n"
    assert usage.caption == "各单位使用率（网上占比）" and on_time.caption == "各单位按时办结率"
    for i in range(1, 13):  # every department's name is in the chart (drawn, and in the text equivalent)
        assert f"测试{i}局" in usage.svg and f"<!-- {i}. 测试{i}局 -->" in usage.svg
    assert "测试4局 48.0%" in usage.description and "测试1局 —" in on_time.description
    assert "11月上" in city.svg and "80.0%" in city.svg and "韶关市第1测试局" in department.caption
    # PNG and SVG are the same figure at the same size: 155 mm wide at 200 dpi
    from PIL import Image

    image = Image.open(io.BytesIO(usage.png))
    assert abs(image.width - round(usage.width_mm / 25.4 * 200)) <= 1
    assert abs(image.height - round(usage.height_mm / 25.4 * 200)) <= 1
    width_pt = float(re.search(r'width="([\d.]+)pt"', usage.svg)[1])
    assert abs(width_pt / 72 * 25.4 - usage.width_mm) < 0.5


def test_200_departments_show_the_top_and_bottom_of_the_ranking():
    usage = charts.chart(charts.spec(_table(200), None), "usage")
    assert "<!-- 1. 测试1局 -->" in usage.svg and "<!-- 200. 测试200局 -->" in usage.svg
    assert "<!-- 20. 测试20局 -->" in usage.svg and "<!-- 21. 测试21局 -->" not in usage.svg
    assert "其余160个单位从略" in usage.svg
    assert usage.height_mm < 200  # fits an A4 page with its caption
    assert "测试100局" in usage.description  # the text equivalent lists them all


def test_a_missing_glyph_fails_instead_of_printing_a_box():
    table = _table(2)
    table["rows"][0]["short_name"] = "\ue000局"  # a private-use character no font has
    with pytest.raises(UserWarning, match="missing"):
        assert charts.chart(charts.spec(table, None), "usage").png


@pytest.mark.django_db
def test_bulletin_pdf_and_docx_carry_the_three_charts(personas, half_month):
    import docx
    from pypdf import PdfReader

    report, _ = usage_close(period=OCT1)
    reader = PdfReader(io.BytesIO(report_file(report, "pdf")))
    images = {image.name for page in reader.pages for image in page.images}  # WeasyPrint shares one resource dict
    assert len(images) == 3
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")
    assert "图1各单位使用率（网上占比）" in text and "图2各单位按时办结率" in text and "图3近6期全市使用率和按时办结率" in text
    document = docx.Document(io.BytesIO(report_file(report, "docx")))
    assert len(document.inline_shapes) == 3
    captions = [p.text for p in document.paragraphs if p.text.startswith("图")]
    assert captions == ["图1 各单位使用率（网上占比）", "图2 各单位按时办结率", "图3 近6期全市使用率和按时办结率"]
    # the picture in the DOCX is the very PNG the PDF was given
    spec = report.data["bulletin"]["charts"]
    assert document.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill is not None
    assert [d["name"] for d in spec["departments"]] == [r["short_name"] or r["name"] for r in report.data["table"]["rows"]
                                                        if r["counted"]]  # the units the bulletin counts
    blobs = {part.blob for part in document.part.package.parts if part.content_type == "image/png"}
    assert charts.bulletin_charts(spec)[0].png in blobs


@pytest.mark.django_db
def test_trend_takes_frozen_bulletins_then_the_rollup(personas, half_month):
    report, _ = usage_close(period=OCT1)
    frozen_rate = report.data["table"]["city"]["figures"]["usage_rate"]
    assert frozen_rate is not None
    UsageFigure.objects.filter(period="2026-10-1", code="received").update(value=0)  # the rollup moves on
    data = trend(Period.parse("2026-10-2"))
    assert [p["period"] for p in data["periods"]] == [str(p) for p in Period.parse("2026-10-2").recent(6)]
    assert data["periods"][-2]["frozen"] is True and data["periods"][-1]["frozen"] is False
    assert data["series"]["city"]["usage_rate"][-2] == frozen_rate  # from the bulletin, not the rollup
    assert data["series"][str(personas.dept_b.pk)]["on_time_rate"][-2] == 0.5
    assert trend(Period.parse("2026-10-2"))["series"]["city"]["usage_rate"][-1] is None


@pytest.mark.django_db
def test_trend_page_and_api_permissions(personas, half_month):
    info = _client(personas.info_center)
    page = info.get("/usage/trend/?period=2026-10-1")
    text = page.content.decode()
    assert page.status_code == 200 and "全市" in text and "甲局" in text and "乙局" in text and "<svg" in text
    one = info.get(f"/usage/trend/?period=2026-10-1&department={personas.dept_a.pk}").content.decode()
    assert "甲局近6期使用率和按时办结率" in one
    staff = _client(personas.staff_b)
    own = staff.get("/usage/trend/?period=2026-10-1").content.decode()
    assert "乙局" in own and "甲局" not in own and "全市及各单位" not in own
    assert staff.get(f"/usage/trend/?period=2026-10-1&department={personas.dept_a.pk}").status_code == 403
    assert staff.get("/usage/trend/?department=abc").status_code == 404
    api = staff.get("/api/v1/usage-reports/trend/?period=2026-10-1").json()
    assert [u["name"] for u in api["units"]] == ["乙局"] and len(api["periods"]) == 6
    assert staff.get(f"/api/v1/usage-reports/trend/?department={personas.dept_a.pk}").status_code == 403
    assert staff.get("/api/v1/usage-reports/trend/?period=2026-99-1").status_code == 404
    assert info.get("/api/v1/usage-reports/trend/?department=999999").status_code == 404
    names = [u["name"] for u in info.get("/api/v1/usage-reports/trend/?period=2026-10-1").json()["units"]]
    assert names[0] == "全市" and {"甲局", "乙局", "市信息中心"} <= set(names)


def _sheet(content: bytes, title: str):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(content))[title]


@pytest.mark.django_db
def test_xlsx_of_the_table_has_every_department_as_numbers(personas, half_month):
    info = _client(personas.info_center)
    for url in ("/usage/export.xlsx?period=2026-10-1", "/api/v1/usage-reports/periods/2026-10-1/export.xlsx"):
        response = info.get(url)
        assert response.status_code == 200 and response["Content-Type"] == XLSX
        sheet = _sheet(response.content, "各单位")
        header = [c.value for c in sheet[1]]
        rows = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
        assert set(rows) == {"甲局", "乙局", "市信息中心", "全市"}
        b = rows["乙局"]
        usage = b[header.index("使用率（网上占比）")]
        assert usage.value == pytest.approx(0.5) and usage.number_format == "0.0%"
        assert b[header.index("红牌")].value == 1 and isinstance(b[header.index("效能评分")].value, int | float)
        assert rows["全市"][header.index("登录次数")].value == 3
    staff = _client(personas.staff_b)
    for url in ("/usage/export.xlsx?period=2026-10-1", "/api/v1/usage-reports/periods/2026-10-1/export.xlsx"):
        sheet = _sheet(staff.get(url).content, "各单位")
        assert [row[1].value for row in sheet.iter_rows(min_row=2)] == ["乙局"]


@pytest.mark.django_db
def test_xlsx_of_a_department_writes_a_formula_like_title_as_text(personas, half_month):
    """Issue 15, finding 2: a 收文 title starting with "=" is a text cell in the drill-down export."""
    from documents.incoming.models import Delivery
    from tests.xlsx import INJECTION, text_cell

    Delivery.objects.filter(title="关于国庆节前安全检查的通知").update(title=INJECTION)
    info = _client(personas.info_center)
    for url in (f"/usage/2026-10-1/departments/{personas.dept_b.pk}/export.xlsx",
                f"/api/v1/usage-reports/periods/2026-10-1/departments/{personas.dept_b.pk}/export.xlsx"):
        response = info.get(url)
        assert response.status_code == 200 and text_cell(response.content, INJECTION).column == 1


@pytest.mark.django_db
def test_xlsx_of_a_department_lists_the_items_behind_the_score(personas, half_month):
    info = _client(personas.info_center)
    for url in (f"/usage/2026-10-1/departments/{personas.dept_b.pk}/export.xlsx",
                f"/api/v1/usage-reports/periods/2026-10-1/departments/{personas.dept_b.pk}/export.xlsx"):
        response = info.get(url)
        assert response.status_code == 200 and response["Content-Type"] == XLSX
        late = [[c.value for c in row] for row in _sheet(response.content, "逾期办结").iter_rows(min_row=2)]
        assert late[0][0] == "关于国庆节前安全检查的通知" and late[0][-1] == "红牌"
        parts = [[c.value for c in row] for row in _sheet(response.content, "评分").iter_rows(min_row=2)]
        assert parts[-1][0] == "合计" and round(sum(p[4] for p in parts[:-1]), 2) == parts[-1][4]
        trend_rows = list(_sheet(response.content, "近6期趋势").iter_rows(min_row=2))
        assert len(trend_rows) == 6 and trend_rows[-1][1].number_format == "0.0%"
    staff = _client(personas.staff_b)
    assert staff.get(f"/usage/2026-10-1/departments/{personas.dept_a.pk}/export.xlsx").status_code == 403
    assert staff.get(f"/api/v1/usage-reports/periods/2026-10-1/departments/{personas.dept_a.pk}/export.xlsx").status_code == 403
    assert staff.get(f"/usage/2026-10-1/departments/{personas.dept_b.pk}/export.xlsx").status_code == 200
    assert info.get("/usage/2026-99-1/departments/1/export.xlsx").status_code == 404


@pytest.mark.django_db
def test_dashboard_and_department_page_show_the_charts(personas, half_month):
    info = _client(personas.info_center)
    text = info.get("/usage/?period=2026-10-1").content.decode()
    assert text.count("<svg role=\"img\"") == 3 and "图1 各单位使用率（网上占比）" in text and "导出 XLSX" in text
    staff = _client(personas.staff_b)
    own = staff.get("/usage/?period=2026-10-1").content.decode()
    assert own.count("<svg role=\"img\"") == 1 and "乙局近6期使用率和按时办结率" in own and "甲局" not in own
    assert "全市使用率" not in own  # no city-wide line for those who may not see the city's figures
    page = staff.get(f"/usage/2026-10-1/departments/{personas.dept_b.pk}/").content.decode()
    assert "data-testid=\"department-trend\"" in page and "<svg" in page and "全市使用率" not in page
    assert "全市使用率" in info.get(f"/usage/2026-10-1/departments/{personas.dept_b.pk}/").content.decode()
    assert "全市使用率" not in staff.get("/usage/trend/?period=2026-10-1").content.decode()


@pytest.mark.django_db
def test_close_by_hand_runs_as_a_task_with_progress(personas, half_month):
    info = _client(personas.info_center)
    response = info.post("/api/v1/usage-reports/periods/2026-10-1/close/?background=1")
    assert response.status_code == 202
    job = response.json()
    assert job["finished"] is True and job["stage"] == "done" and job["percent"] == 100 and job["created"] is True
    assert Bulletin.objects.get().pk == job["report"] and "actor" not in job
    assert info.get(f"/api/v1/usage-reports/jobs/{job['job']}/").json()["number"] == "2026年第19期"
    htmx = info.get(f"/usage/jobs/{job['job']}/", HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"] == f"/usage/?period=2026-10-1&job={job['job']}"
    outcome = info.get(f"/usage/?period=2026-10-1&job={job['job']}").content.decode()
    assert "已生成2026年第19期通报" in outcome
    again = info.post("/api/v1/usage-reports/periods/2026-10-1/close/?background=1").json()
    assert again["created"] is False and Bulletin.objects.count() == 1
    # someone else cannot follow the job; a department's staff cannot start one
    staff = _client(personas.staff_b)
    assert staff.get(f"/api/v1/usage-reports/jobs/{job['job']}/").status_code == 404
    assert staff.post("/api/v1/usage-reports/periods/2026-10-1/close/?background=1").status_code == 403
    refused = info.post(f"/api/v1/usage-reports/periods/{Period.current()}/close/?background=1").json()
    assert refused["stage"] == "failed" and "尚未结束" in refused["error"]
    future = info.post("/api/v1/usage-reports/periods/2099-1-1/close/?background=1")
    assert future.status_code == 404 and "尚未开始" in future.json()["detail"]


@pytest.mark.django_db
def test_a_running_job_shows_a_progress_bar_that_polls(personas):
    info = _client(personas.info_center)
    job = progress.new_job(period="2026-10-1", actor_id=personas.info_center.pk)
    progress.update(job, "pdf")
    page = info.get(f"/usage/?period=2026-10-1&job={job}").content.decode()
    assert "正在生成 PDF" in page and f'hx-get="/usage/jobs/{job}/"' in page and "生成本期通报" not in page
    assert info.get(f"/usage/jobs/{job}/").json()["percent"] == 55
    assert info.get("/usage/jobs/unknown/").status_code == 404


@pytest.mark.django_db
def test_a_closed_period_shows_the_charts_its_bulletin_froze(personas, half_month):
    report, _ = usage_close(period=OCT1)
    frozen = [c.svg for c in charts.bulletin_charts(report.data["bulletin"]["charts"])]
    # An earlier period's rollup changes after the close: the trend drawn live would move, the bulletin's does not.
    UsageFigure.objects.update_or_create(period="2026-9-2", department=personas.dept_b, code="paper_missed",
                                         defaults={"value": 40})
    live = charts.bulletin_charts(charts.spec(report.data["table"], trend(OCT1, current=report.data["table"])))
    assert live[2].svg != frozen[2]
    page = _client(personas.info_center).get("/usage/?period=2026-10-1").content.decode()
    svgs = re.findall(r"<svg role=\"img\".*?</svg>", page, flags=re.S)
    assert svgs == [svg.strip() for svg in frozen]


def test_the_charts_show_only_the_units_the_bulletin_counts():
    """A department outside the units using the system (the 督办室, an approval-only unit) has its row in the
    table for its own people, but is neither ranked nor drawn in the bulletin's charts."""
    table = _table(3)
    table["rows"][1]["counted"] = False
    names = [d["name"] for d in charts.spec(table, None)["departments"]]
    assert names == ["测试1局", "测试3局"]
