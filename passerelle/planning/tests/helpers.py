import io

from openpyxl import load_workbook


def sheet_rows(response, title=None) -> list[list]:
    """The rows of one sheet of an XLSX response (the first sheet without a title)."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book[title] if title else book.worksheets[0]
    return [[("" if c is None else c) for c in row] for row in sheet.iter_rows(values_only=True)]
