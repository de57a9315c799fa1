"""The per-site memo: data every page of a site repeats, kept on the page cache's
generation, so both tiers are dropped by the same commit; and the hub's memo: figures
that sum up every site, kept until any site changes."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app

from hub.cache.invalidation import EVERY_SITE
from hub.cache.pages import generation
from tenants.context import current_site

T = TypeVar("T")


# Entries kept per process (the oldest used dropped first). A site keeps five to eight
# (its layout, categories, directory, home sections, news list total, each category's
# newest items): the whole country on one install (3,400 sites, ``python -m bench.portal
# --country``) must fit, or every uncached page rebuilds its site's layout. 4,096 held
# only about 1,300 sites.
_MEMO_MAX = 32_768
_memo_lock = threading.Lock()


def _kept(memo_key: tuple, builder: Callable[[], T]) -> T:
    _memo: OrderedDict[tuple, Any] = current_app.extensions["portal_tenant_memo"]
    with _memo_lock:
        if memo_key in _memo:
            _memo.move_to_end(memo_key)
            return _memo[memo_key]
    value = builder()
    with _memo_lock:
        _memo[memo_key] = value
        while len(_memo) > _MEMO_MAX:
            _memo.popitem(last=False)
    return value


def tenant_memo(name: str, builder: Callable[[], T], *key: Any) -> T:
    """``builder()``'s result for the current site, kept in this process until the site's
    content changes (its page-cache generation). For per-site data every page repeats
    (menus, footer facts, the province's site list): return plain data (tuples, dicts,
    dataclasses), never ORM objects, which expire at the end of the request."""
    site = current_site()
    return _kept((site.tenant_id, generation(site.tenant_id), site.locale, name, *key),
                 builder)


def hub_memo(name: str, builder: Callable[[], T], *key: Any) -> T:
    """``builder()``'s result, kept in this process until any site's content changes (the
    generation every commit moves, ``EVERY_SITE``). For figures that sum up every site
    (the province office's console); a figure that also depends on the clock puts the
    moment it was judged at, rounded, into ``key``."""
    return _kept(("hub", generation(EVERY_SITE), name, *key), builder)
