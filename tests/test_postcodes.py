"""Postcode to council: the offline district table, and the HTTP provider against a local server
that speaks the postcodes.io wire format."""
from __future__ import annotations

import asyncio
import csv

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from knowledge.authorities import all_authorities, find_authority
from knowledge.postcodes import (
    DISTRICTS_CSV, HttpPostcodeProvider, OfflineDistrictProvider, make_provider, normalise,
)


def lookup(provider, postcode):
    return asyncio.run(provider.lookup(postcode))


@pytest.mark.parametrize("text, expected", [
    ("ls6 2ab", ("LS6", "2AB")), ("LS62AB", ("LS6", "2AB")), (" M3 ", ("M3", None)),
    ("SW1A 1AA", ("SW1A", "1AA")), ("hello", None), ("", None), ("12345", None),
])
def test_postcodes_are_normalised(text, expected):
    assert normalise(text) == expected


def test_every_district_row_names_real_authorities():
    codes = {a.gss_code: a.name for a in all_authorities()}
    with DISTRICTS_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    assert len(rows) > 200
    for row in rows:
        assert [codes[c] for c in row["gss_codes"].split(";")] == row["authorities"].split(";"), row


def test_offline_provider_is_certain_for_one_council_and_honest_for_a_shared_district():
    provider = OfflineDistrictProvider()
    leeds = lookup(provider, "ls6 2ab")
    assert leeds.certain and leeds.authorities[0].name == "Leeds" and leeds.postcode == "LS6 2AB"
    shared = lookup(provider, "M3")
    assert not shared.certain and {a.name for a in shared.authorities} == {"Manchester", "Salford"}
    assert lookup(provider, "ZZ9 9ZZ") is None
    assert lookup(provider, "not a postcode") is None


def run_with_api(handler_map, postcode):
    async def run():
        app = web.Application()
        for path, body in handler_map.items():
            async def handle(request, body=body):
                return web.json_response(body, status=body.get("status", 200))
            app.router.add_get(path, handle)
        server = TestServer(app)
        await server.start_server()
        try:
            return await HttpPostcodeProvider(str(server.make_url(""))).lookup(postcode)
        finally:
            await server.close()

    return asyncio.run(run())


def test_http_provider_reads_the_gss_code_of_a_full_postcode():
    body = {"status": 200, "result": {"postcode": "WD17 1AA", "admin_district": "Watford",
                                      "admin_county": "Hertfordshire",
                                      "codes": {"admin_district": "E07000103", "admin_county": "E10000015"}}}
    result = run_with_api({"/postcodes/WD171AA": body}, "wd17 1aa")
    assert result.certain and result.authorities[0].name == "Hertfordshire"


def test_http_provider_lists_every_council_of_an_outward_code():
    body = {"status": 200, "result": {"outcode": "M3", "admin_district": ["Manchester", "Salford"]}}
    result = run_with_api({"/outcodes/M3": body}, "M3")
    assert {a.name for a in result.authorities} == {"Manchester", "Salford"}


def test_http_provider_treats_not_found_and_outside_england_as_unknown():
    missing = {"status": 404, "error": "Postcode not found"}
    assert run_with_api({"/postcodes/ZZ99ZZ": missing}, "ZZ9 9ZZ") is None
    cardiff = {"status": 200, "result": {"admin_district": "Cardiff", "codes": {"admin_district": "W06000015"}}}
    assert run_with_api({"/postcodes/CF101AA": cardiff}, "CF10 1AA") is None


def test_http_provider_survives_an_unreachable_api():
    assert lookup(HttpPostcodeProvider("http://127.0.0.1:9", timeout_s=1), "LS6 2AB") is None


def test_the_provider_is_chosen_in_settings():
    assert isinstance(make_provider("offline"), OfflineDistrictProvider)
    assert isinstance(make_provider("http", "http://localhost:1"), HttpPostcodeProvider)
    with pytest.raises(ValueError):
        make_provider("http", "")


def test_towns_find_their_council():
    assert find_authority("Watford").name == "Hertfordshire"
    assert find_authority("Leamington Spa").name == "Warwickshire"
