"""Report templates run in a sandbox.

The engine is Django's template language stripped to a whitelist: no
built-in tag or filter library is loaded except ``if``, ``for``, ``with``,
``comment`` and the filters ``default``, ``length``, ``add``, ``num`` and ``zh``, plus
``{% figure "key" %}``. There are no template loaders (``include`` and
``extends`` do not exist), no ``load``, and the context holds only plain dicts,
lists, strings and numbers: a template cannot reach settings, the database or
files. Anything else fails with a :class:`SandboxError` in Chinese.
"""

from __future__ import annotations

from django.template import Context, Engine, TemplateSyntaxError

FIGURE_OPEN = "\ue000"
FIGURE_CLOSE = "\ue001"
_PRIVATE = str.maketrans("", "", FIGURE_OPEN + FIGURE_CLOSE)
ALLOWED_NAMES = ("period", "scope", "highlights")


class SandboxError(Exception):
    """A template broke the sandbox's rules or is not valid; the message says where and why."""


class _StrictInvalid(str):
    """Django's ``string_if_invalid``: any unknown name raises instead of printing nothing."""

    def __contains__(self, item) -> bool:
        return True

    def __mod__(self, name):
        raise SandboxError(
            f'範本使用了不存在的欄位「{name}」；範本只能使用 {"、".join(ALLOWED_NAMES)} 與 {{% figure "指標代碼" %}}。'
        )


class SandboxEngine(Engine):
    default_builtins: list[str] = []  # no defaulttags, defaultfilters or loader_tags


_engine = SandboxEngine(
    dirs=[],
    app_dirs=False,
    loaders=[],
    libraries={},
    builtins=["probity.reports.sandbox_library"],
    autoescape=False,
    string_if_invalid=_StrictInvalid("%s"),
    debug=False,
)


def plain(value):
    """Copy ``value`` keeping only dicts, lists, strings, numbers, booleans and None."""
    from decimal import Decimal

    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, str):
        return value.translate(_PRIVATE)  # the figure markers are the builder's alone
    if value is None or isinstance(value, bool | int | Decimal):
        return value
    raise SandboxError(f"範本的資料只能是文字與數字，不能是 {type(value).__name__}")


def compile_template(body: str):
    try:
        return _engine.from_string(body.translate(_PRIVATE))
    except TemplateSyntaxError as exc:
        raise SandboxError(_explain(str(exc))) from None


def render(body: str, context: dict, figures: dict) -> str:
    """Render ``body`` with a context of plain data; ``figures`` maps keys to values for the figure tag."""
    template = compile_template(body)
    data = plain(context)
    data["_figures"] = figures  # a leading underscore cannot be named in a template
    try:
        return template.render(Context(data, autoescape=False))
    except TemplateSyntaxError as exc:
        raise SandboxError(_explain(str(exc))) from None
    except SandboxError:
        raise
    except Exception as exc:  # a filter given the wrong kind of value, for instance
        raise SandboxError(f"範本無法產生：{exc}") from None


def _explain(message: str) -> str:
    if "Invalid block tag" in message:
        tag = message.split("'")[1] if "'" in message else ""
        return f"範本使用了不允許的標籤「{tag}」（只允許 if、for、with、comment 與 figure）。原始訊息：{message}"
    if "Invalid filter" in message:
        return f"範本使用了不允許的篩選器（只允許 default、length、add、num、zh）。原始訊息：{message}"
    if "may not begin with underscores" in message:
        return f"範本不可使用以底線開頭的名稱。原始訊息：{message}"
    return f"範本語法錯誤：{message}"
