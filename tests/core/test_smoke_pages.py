import pytest

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_the_chinese_login_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    page = client.get("/accounts/login/")
    assert "登录" in page.content.decode()
