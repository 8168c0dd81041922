"""
Settings shared by every environment. Values that differ between machines come from the
environment (or an optional `.env` file) through django-environ; see README "Configuration".
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; silently skipped when absent

# Safe defaults: DEBUG is off unless asked for. dev.py and test.py supply a throwaway key;
# production.py refuses to start without a real one.
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# An expired form explained in every language (portal.errorpages), not Django's own page.
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"
# The canonical origin of every absolute address the site gives out (canonical links,
# sitemaps, the feed, the API's links): never the Host a request came with
# (publishing.origin). The default is `make run`'s.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin to patch its widgets.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",  # Django's widget templates, for FORM_RENDERER below
    "reversion",  # history of content (publishing registers the models, after modeltranslation)
    "csp",
    "portal.apps.AxesConfig",  # django-axes, named in the admin's language
    "portal",
    "translations",
    "publishing",
    "legislation",
    "cards",
    # Open data: the read-only JSON API and the embeddable cards (api/).
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "api",
    "guide",
    "questions",
    "search",
    "findability",
]

MIDDLEWARE = [
    "portal.middleware.head_without_body",
    "portal.middleware.request_id",
    "portal.dbwatch.database_client_timeout",
    "portal.middleware.reject_long_urls",
    "portal.middleware.reject_bad_host",
    "django.middleware.security.SecurityMiddleware",
    # Before anything that can answer on its own (WhiteNoise, CommonMiddleware's redirects).
    "corsheaders.middleware.CorsMiddleware",
    "portal.middleware.security_headers",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Right after WhiteNoise: a cached page is answered as cheaply as a static file, before
    # the session, locale, CSRF, authentication and message middleware (their headers are
    # stored with the page). Misses and editors go through everything below.
    "publishing.pagecache.PageCacheMiddleware",
    "publishing.middleware.apply_scheduled_drafts",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.canonical_language_prefix",
    "django.middleware.locale.LocaleMiddleware",
    "api.middleware.reject_nul_in_query",  # a problem answer, not the pages' redirect
    "portal.middleware.reject_nul_characters",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.middleware.CSPMiddleware",  # django-csp's, the policy built once per process
    "portal.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it answers a locked-out login after the others have run.
    "axes.middleware.AxesMiddleware",
]

# Django's default storage (cookie, then session), holding back the messages of a save's try
# until it commits: a save retried after a deadlock says once what it did
# (publishing.services.retried_once).
MESSAGE_STORAGE = "publishing.messagestorage.TriedStorage"

# Longer addresses are a 414 (portal.middleware.reject_long_urls): no page has one near it,
# and a redirect or login `next` that echoes one stays well inside the proxy's header buffer.
MAX_URL_LENGTH = env.int("MAX_URL_LENGTH", default=2048)

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

# Widgets are rendered with the project's templates, so templates/admin/widgets/ can give the
# admin's date and time boxes their labels (Django's documented way to override a widget).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
                "translations.context_processors.languages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A transaction takes SQLite's write lock when it begins, waiting up to `timeout` seconds
    # for another writer (Django's documented cure for "database is locked"). Begun deferred,
    # a transaction that read first and then wrote while another one wrote (an editor's save
    # while another editor's preview applies a draft) failed at once, without waiting.
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that hangs (accepts connections, never answers) or a runaway query must cost
    # a visitor seconds, not a worker for gunicorn's 30 s: past these the request is the
    # styled 503 (portal.middleware.DatabaseUnavailableMiddleware).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connect_timeout=env.int("DATABASE_CONNECT_TIMEOUT", default=3),
        options="-c statement_timeout={}".format(
            env.int("DATABASE_STATEMENT_TIMEOUT", default=10_000)
        ),
        # A server that stops answering on an open connection (a dead host, a cut network):
        # unacknowledged data or unanswered keepalives close it within seconds (libpq).
        keepalives=1,
        keepalives_idle=env.int("DATABASE_KEEPALIVES_IDLE", default=5),
        keepalives_interval=env.int("DATABASE_KEEPALIVES_INTERVAL", default=1),
        keepalives_count=env.int("DATABASE_KEEPALIVES_COUNT", default=3),
        tcp_user_timeout=env.int("DATABASE_TCP_USER_TIMEOUT", default=5_000),  # ms
    )
# A server whose kernel (or a proxy) still acknowledges but never answers: a client-side limit
# on each query of a request (portal.dbwatch), in seconds; 0 turns it off.
DATABASE_CLIENT_TIMEOUT = (
    env.float(
        "DATABASE_CLIENT_TIMEOUT",
        default=env.int("DATABASE_STATEMENT_TIMEOUT", default=10_000) / 1000 + 2,
    )
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    else 0
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def resilient(cache):
    """A Redis cache as portal.cache.ResilientRedisCache: short timeouts, no retries, and a
    circuit breaker, so a Redis that is down or hung costs a visitor milliseconds (every use
    of the cache then answers a miss). Other backends are returned unchanged."""
    if cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
        cache["BACKEND"] = "portal.cache.ResilientRedisCache"
        cache.setdefault("OPTIONS", {}).update(socket_connect_timeout=0.25, socket_timeout=0.5)
    return cache


CACHES = {"default": resilient(env.cache("CACHE_URL", default="locmemcache://"))}
# Anonymous visitors' public pages (publishing.pagecache). A CDN in front may keep a page for
# s-maxage seconds and serve it stale while it revalidates; our own cache never serves a page
# older than the latest write.
PAGE_CACHE_TIMEOUT = env.int("PAGE_CACHE_TIMEOUT", default=3600)
# Addresses without a language prefix that the page cache stores all the same: the same in
# every language (each sitemap lists both). The Atom feeds have a prefix.
PAGE_CACHE_LANGUAGELESS = [r"^/sitemap(-[a-z-]+)?\.xml$"]
PAGE_CACHE_S_MAXAGE = env.int("PAGE_CACHE_S_MAXAGE", default=60)
PAGE_CACHE_STALE_WHILE_REVALIDATE = env.int("PAGE_CACHE_STALE_WHILE_REVALIDATE", default=30)
# A miss renders the page once per cache: other requests for it wait for that render while
# its lock lasts (it goes when the render ends), at most PAGE_CACHE_LOCK_WAIT seconds, then
# render it themselves (publishing.pagecache). The wait is as long as the lock by default:
# on a loaded machine a render outlasted a shorter wait and was rendered again by each waiter.
PAGE_CACHE_LOCK_SECONDS = env.float("PAGE_CACHE_LOCK_SECONDS", default=10)
PAGE_CACHE_LOCK_WAIT = env.float("PAGE_CACHE_LOCK_WAIT", default=PAGE_CACHE_LOCK_SECONDS)
# CDNs or Varnish servers in front that purge by key (publishing.cdn): each write sends a
# PURGE naming the tags it changed to every one of these addresses (empty: none).
CDN_PURGE_URLS = env.list("CDN_PURGE_URLS", default=[])
CDN_PURGE_METHOD = env("CDN_PURGE_METHOD", default="PURGE")
CDN_PURGE_HEADERS = [
    tuple(part.strip() for part in header.split(":", 1))
    for header in env.list("CDN_PURGE_HEADERS", default=[])
    if ":" in header
]
CDN_PURGE_TIMEOUT = env.float("CDN_PURGE_TIMEOUT", default=2)
# The law page's rendered article bodies, kept per process for the current content version
# (legislation.rendering); pages rendered uncached then skip most of their work.
STATUTE_BODY_MEMO = env.bool("STATUTE_BODY_MEMO", default=True)
# Seconds a detail page's body and metadata stay in the shared cache (publishing.fragments),
# under the content version they were rendered with; 0 turns them off.
FRAGMENT_CACHE_TIMEOUT = env.int("FRAGMENT_CACHE_TIMEOUT", default=3600)
# The largest law text import_law and the admin's import form accept (the longest Chinese codes
# are well under 1 MB).
LAW_IMPORT_MAX_BYTES = env.int("LAW_IMPORT_MAX_BYTES", default=2 * 1024 * 1024)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: the one place that names them. Simplified Chinese is the source language (the
# default, and what every translation is made from): LANGUAGE_CODE, and first in LANGUAGES.
# A third language is an entry here (and in OPEN_GRAPH_LOCALES) plus migrations for its
# columns; code reads the list through translations.registry, never by name.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    (LANGUAGE_CODE, _("Simplified Chinese")),
    ("zh-hant", _("Traditional Chinese")),
    ("en", _("English")),
]
# A text's language, where Chinese says 英文 rather than 英语: 「英文译文」 on the laws page
# (translations.registry.written_language_name).
WRITTEN_LANGUAGE_NAMES = {
    LANGUAGE_CODE: pgettext_lazy("the language of a written text", "Simplified Chinese"),
    "zh-hant": pgettext_lazy("the language of a written text", "Traditional Chinese"),
    "en": pgettext_lazy("the language of a written text", "English"),
}
# The site's international face: "/" sends a browser that asks for none of LANGUAGES here.
INTERNATIONAL_LANGUAGE = "en"
# The query parameters that choose what a public page shows, kept by the language switcher
# (the same search, page, date and view in another language); any other is dropped.
LANGUAGE_SWITCH_KEEPS = ("q", "page", "date", "view")
# Open Graph names locales language_TERRITORY (findability.metadata).
OPEN_GRAPH_LOCALES = {LANGUAGE_CODE: "zh_CN", "zh-hant": "zh_TW", "en": "en_US"}
# Languages whose text is converted by machine from the source (OpenCC configurations, see
# translations.conversion): stored as a translation marked machine-converted until a
# translator reviews it. Statutes are converted character by character only ("statute": s2t,
# no regional vocabulary: a law's words are not localised); editorial text may use a regional
# profile (`ZH_HANT_PROFILE`: s2t, s2hk for Hong Kong, s2tw or s2twp for Taiwan).
MACHINE_CONVERSION = {
    "zh-hant": {
        "editorial": env("ZH_HANT_PROFILE", default="s2t"),
        "statute": "s2t",
        # Phrases OpenCC converts wrongly in this site's words, written as they should be
        # (发卡 is issuing a card, not 髮卡 a hair clip; 养老金发放 not 金髮).
        "phrases": {"发卡": "發卡", "发放": "發放"},
    },
}
# Search compares text in one script: queries and highlighted text are folded with this
# OpenCC configuration (Traditional to Simplified), so 養老 finds 养老 and back.
SEARCH_FOLD_CONVERSION = "t2s"
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE


def _language_label(verbose_name, code):
    from translations.typography import in_language  # not at settings time: Django loads it

    return in_language(verbose_name, code)


# Translated fields' labels name the language, not its code: 「标题（简体中文）」.
MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = _language_label
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
# Slugs are ASCII: the admin prefills a slug (prepopulated_fields) from this language's
# column; an empty slug is made on save from the source language's pinyin (publishing.slugs).
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "en"
# A visitor sees the source text where no translation exists yet; templates mark such
# fragments with the source's lang (see translations.templatetags.fallbacks).
MODELTRANSLATION_FALLBACK_LANGUAGES = (LANGUAGE_CODE,)
# The tabbed admin would otherwise load jQuery UI from a public CDN (unreachable offline and
# from mainland China): serve our own copy.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): nothing but our own files. No inline script or style
# anywhere on public pages, so their cached HTML holds no nonce; the admin's one inline
# style carries the request's nonce (templates/admin/base_site.html). img data: is for the
# admin's and jQuery UI's icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    },
}
# Set by portal.middleware.security_headers on every answer.
SECURITY_HEADERS = {
    "Permissions-Policy": (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=(), interest-cohort=()"
    ),
    "Cross-Origin-Resource-Policy": "same-origin",
}

# Admin login throttling (django-axes): AXES_FAILURE_LIMIT wrong passwords lock out a user
# name from that address, and separately the address (one machine guessing many accounts),
# for AXES_COOLOFF_MINUTES; a successful login clears the count. Not the user name alone:
# anyone could then lock a named editor out everywhere with five wrong passwords.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.security.lockout_response"
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False  # its records are in the admin through portal.models' proxies

# The client's address, for the admin lockout (django-axes) and the API rate limit
# (api.throttling) alike, from django-ipware. Behind TRUSTED_PROXY_COUNT proxies (nginx: 1),
# each appending the address it was reached from to X-Forwarded-For, it is the Nth entry
# from the right: what a client writes to the left of it is ignored. ipware counts the
# proxies named in the header, which leaves out the last one (REMOTE_ADDR). With none,
# REMOTE_ADDR, which a client cannot forge.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if TRUSTED_PROXY_COUNT else ("REMOTE_ADDR",)
)
IPWARE_META_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1 if TRUSTED_PROXY_COUNT else None
IPWARE_STRICT = False  # more entries than proxies: a client's own; count from the right

# English dates in the British style of the English texts (portal/formats/en).
FORMAT_MODULE_PATH = ["portal.formats"]

SITE_NAME = _("Job Recruitment Website")

# CJK fonts for the share images drawn by findability.share_image, first found wins. Debian's
# fonts-noto-cjk installs the first; nothing is fetched from the network.
# The face of a CJK font collection (Noto CJK) each language is drawn in; SC otherwise.
SHARE_IMAGE_FONT_FACES = {"zh-hant": "TC"}
SHARE_IMAGE_FONTS = env.list(
    "SHARE_IMAGE_FONTS",
    default=[
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    ],
)

# Open data (api/): /api/v1/ is read-only JSON for the rest of the job site, CORS for GET to
# the origins listed (which may also frame the /<lang>/embed/ cards), rate-limited per client.
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/v1/"
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = ("accept", "accept-language", "if-none-match", "if-modified-since")
CORS_EXPOSE_HEADERS = ("ETag", "Retry-After")
CORS_PREFLIGHT_MAX_AGE = 86400
API_RATE_LIMIT = env("API_RATE_LIMIT", default="120/min") or None  # empty: no limit
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ClientRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "DEFAULT_METADATA_CLASS": None,
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.exception_handler",
    "UNICODE_JSON": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "社保查询 · Social security inquiry: open data",
    "DESCRIPTION": "Read-only, published content in Chinese (the source) and English.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",  # served from our static files, no CDN
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {"LanguageEnum": "api.negotiation.LANGUAGE_CODES"},
}

# One line per record on stderr, with the request's id (portal.logging). LOG_FORMAT=json
# (production's default) writes JSON objects for a log collector; a traceback, when there is
# one, is part of its record.
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_context": {"()": "portal.logging.RequestContextFilter"},
        "client_faults": {"()": "portal.logging.ClientFaultFilter"},
    },
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "portal.logging.JsonLogFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_context", "client_faults"],
            "formatter": LOG_FORMAT,
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
