"""The admin in Chinese is Chinese throughout, where Django's own zh_Hans catalogue has gaps.

Our catalogue (portal/django_strings.py → locale/) fills them; LOCALE_PATHS come first. The
language tabs of modeltranslation are named by a script: see tests/browser/test_admin_tabs.py.
"""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.utils import translation


@pytest.mark.parametrize(
    "english, chinese",
    [
        ("Model name", "模型名称"),
        ("Add link", "增加链接"),
        ("Change or view list link", "修改或查看列表链接"),
    ],
)
def test_admin_index_table_headers_are_chinese(admin_client, english, chinese):
    soup = BeautifulSoup(admin_client.get("/zh-hans/admin/").content, "html.parser")
    headers = [th.get_text(strip=True) for th in soup.select("#content-main th[scope=col]")]
    assert chinese in headers
    assert english not in headers


def test_admin_index_stays_english_in_english(admin_client):
    soup = BeautifulSoup(admin_client.get("/en/admin/").content, "html.parser")
    headers = {th.get_text(strip=True) for th in soup.select("#content-main th[scope=col]")}
    assert {"Model name", "Add link"} <= headers


def test_password_validation_message_is_chinese():
    with translation.override("zh-hans"):
        message = MinimumLengthValidator(min_length=12).get_error_message()
    assert message == "密码长度太短。密码必须包含至少12个字符。"


def test_admin_scripts_catalogue_fills_django_gaps(admin_client):
    """The permission pickers (SelectFilter2.js) read their labels from the admin's jsi18n."""
    script = admin_client.get("/zh-hans/admin/jsi18n/").content.decode()
    # The catalogue is JSON with non-ASCII escaped: 全选%s, 删除全部%s.
    assert '"Choose all %s": "\\u5168\\u9009%s"' in script
    assert '"Remove all %s": "\\u5220\\u9664\\u5168\\u90e8%s"' in script
