from django.core.cache import caches
from django.test import override_settings

from parwona.core.cache import ResilientRedisCache

DOWN = {"default": {"BACKEND": "parwona.core.cache.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:1/0",
                    "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}}


@override_settings(CACHES=DOWN)
def test_cache_degrades_to_misses_while_redis_is_unreachable():
    cache = caches.create_connection("default")
    assert isinstance(cache, ResilientRedisCache)
    assert cache.get("k", "fallback") == "fallback"
    assert cache.add("k", 1) is True
    assert cache.set("k", 1) is None
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("k") is False
    assert cache.delete("k") is False


@override_settings(CACHES=DOWN)
def test_sign_in_works_while_redis_is_unreachable(client, make_user):
    user = make_user("applicant")
    response = client.post("/accounts/login/", {"login": user.email, "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert response["Location"] == "/home/"
