"""A Redis cache that degrades instead of failing while Redis is unreachable.

The cache holds only derived data and rate-limit counters: when Redis is down, reads miss and
writes are dropped (so sign-in keeps working, without rate limits, until Redis returns) rather
than answering every request with a server error.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
_DOWN = (RedisConnectionError, RedisTimeoutError, OSError)


def _degrade(default):
    def wrap(method):
        def call(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except _DOWN:
                logger.warning("Cache unreachable during %s; carrying on without it", method.__name__)
                return default() if callable(default) else default

        call.__name__ = method.__name__
        return call

    return wrap


class ResilientRedisCache(RedisCache):
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except _DOWN:
            logger.warning("Cache unreachable during get; carrying on without it")
            return default

    # "Added" while down: a lock taken through add() (as rate limits do) is granted, failing open.
    add = _degrade(True)(RedisCache.add)
    set = _degrade(None)(RedisCache.set)
    touch = _degrade(False)(RedisCache.touch)
    delete = _degrade(False)(RedisCache.delete)
    get_many = _degrade(dict)(RedisCache.get_many)
    has_key = _degrade(False)(RedisCache.has_key)
    incr = _degrade(0)(RedisCache.incr)
    set_many = _degrade(list)(RedisCache.set_many)
    delete_many = _degrade(None)(RedisCache.delete_many)
    clear = _degrade(None)(RedisCache.clear)
