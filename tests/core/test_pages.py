from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("url", ["/", "/privacy/", "/accessibility/",
                                  "/accounts/login/", "/accounts/login/code/", "/accounts/signup/"])
def test_public_pages_render_in_the_product_design(client, url):
    response = client.get(url, follow=True)  # the old sign-up address leads to the code page
    assert response.status_code == 200
    text = response.text
    assert "Maths Hub Work Groups" in text
    assert 'class="govuk-skip-link"' in text
    assert "govuk-phase-banner" in text
    assert 'href="/privacy/"' in text and 'href="/accessibility/"' in text
    assert "GDS Transport" not in text and "govuk-logo" not in text  # no crown, no GOV.UK type


def test_content_security_policy_uses_a_nonce_on_every_inline_script(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy)
    assert nonce, policy
    assert "unsafe-inline" not in policy
    scripts = re.findall(r"<script([^>]*)>", response.text)
    assert scripts
    assert all(f'nonce="{nonce.group(1)}"' in attrs for attrs in scripts if "src=" not in attrs)


def settings_import(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "WORKGROUPS_"))}
    return subprocess.run(
        [sys.executable, "-c", "import config.settings"], cwd=ROOT, capture_output=True,
        text=True, env={**clean, **env}, check=False)


@pytest.mark.parametrize(
    ("env", "starts"),
    [
        ({"DJANGO_DEBUG": "0"}, False),
        ({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "django-insecure-abc"}, False),
        ({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "short"}, False),
        ({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 60}, False),
        ({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "Kq3vZ8pLw2" * 6}, True),
        ({"DJANGO_DEBUG": "1"}, True),
    ],
)
def test_settings_refuse_to_start_without_a_real_secret_when_debug_is_off(env, starts):
    result = settings_import(env)
    assert (result.returncode == 0) is starts, result.stderr[-500:]
    if not starts:
        assert "DJANGO_SECRET_KEY" in result.stderr


def test_database_url_selects_postgresql_else_sqlite_in_wal_mode():
    code = ("import config.settings as s; d=s.DATABASES['default']; "
            "print(d['ENGINE'], d.get('OPTIONS', {}).get('init_command', ''))")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "WORKGROUPS_",
                                                                         "DATABASE_URL"))}
    sqlite = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, env={**clean, "DJANGO_DEBUG": "1"}, check=True)
    assert "sqlite3" in sqlite.stdout and "journal_mode=WAL" in sqlite.stdout
    pg = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                        env={**clean, "DJANGO_DEBUG": "1",
                             "DATABASE_URL": "postgres://u@127.0.0.1:5432/db"}, check=True)
    assert "postgresql" in pg.stdout


@pytest.mark.parametrize(("template", "heading"), [
    ("403.html", "You cannot do that"),
    ("500.html", "Sorry, there is a problem with the service"),
])
def test_error_pages_render_in_the_service_design_even_without_a_request(template, heading):
    from django.template.loader import render_to_string

    html = render_to_string(template)
    assert heading in html
    assert "govuk-footer" in html and "Maths Hub Work Groups" in html
