"""The OpenAPI document's introduction: sign-in and refresh, the `q` parameter, paging, errors and rate limits."""
from datetime import timedelta
from string import Template

from .base import ResourceApi

GUIDE = Template("""\
The organisers' REST API: teams and their review decisions, players, churches and matches, with the same
permissions as the admin UI. The compatible public JSON API (tag **Compat**) needs no sign-in.

## Signing in

Ask for a token pair with the username and password you use in the admin UI:

```
POST /api/v1/security/login
Content-Type: application/json

{"username": "organiser", "password": "your-password", "provider": "db", "refresh": true}

200 {"access_token": "eyJhbGciOi...", "refresh_token": "eyJhbGciOi..."}
```

Send the access token with every call, as `Authorization: Bearer <access_token>`. It lasts $access.
Before it runs out, swap the refresh token (it lasts $refresh) for a new access token:

```
POST /api/v1/security/refresh
Authorization: Bearer <refresh_token>

200 {"access_token": "eyJhbGciOi..."}
```

`provider` may be left out (`db` is the only one); leave out `refresh` for an access token alone. A wrong
password answers 401. On this page: run **Security › login** with "Try it out", copy `access_token`, press
**Authorize** and paste it under `jwt`.

## Lists and searches: the `q` parameter

Every list, `GET /api/v1/<resource>/`, takes one `q` parameter written in
[Rison](https://github.com/Nanonid/rison), a compact form of JSON made for URLs (URL-encode it like any query
value). Examples:

- pending teams: `GET /api/v1/team/?q=(filters:!((col:status,opr:eq,value:pending)))`
- one page of teams by code: `GET /api/v1/team/?q=(order_column:code,order_direction:asc,page:0,page_size:25)`
- a few columns only: `GET /api/v1/team/?q=(columns:!(code,name,status))`
- churches whose name contains "Christ": `GET /api/v1/church/?q=(filters:!((col:name,opr:ct,value:Christ)))`
- several values: `GET /api/v1/team/?q=(filters:!((col:status,opr:in,value:!(pending,confirmed))))`
- round 1 matches: `GET /api/v1/match/?q=(filters:!((col:round_number,opr:eq,value:1)))`

Quote text holding spaces or punctuation with `'` (`value:'CSI Christ Church'`; inside quotes write `!'` for
`'` and `!!` for `!`). Filters combine with AND. Operators include `eq`, `neq`, `sw` (starts with), `ew`, `ct`
(contains), `nct`, `in`, `not_in`, `gt`, `lt` and, for a related row such as a team's church, `rel_o_m` with its
id. `GET /api/v1/<resource>/_info?q=(keys:!(filters))` lists the columns each resource filters on and their
operators. A column that cannot be filtered or sorted on answers 400.

## Paging

`page` counts from 0; `page_size` is $page_size unless you ask, and at most $max_page_size. A list answers
`{"count": <rows matching>, "ids": [...], "result": [...]}` with the column labels beside them; ask for the next
page while `(page + 1) * page_size < count`.

## Errors

Every error is JSON of one shape, whatever the endpoint:

```
{"success": false, "error_code": "VALIDATION_FAILED", "message": "2 fields need attention: name, church",
 "details": {"field": "name", "fields": {"name": "...", "church": "..."}}, "request_id": "4f1c..."}
```

`error_code` is stable and meant for programs (`VALIDATION_FAILED`, `UNAUTHORIZED`, `FORBIDDEN`, `NOT_FOUND`,
`CONFLICT`, `CHURCH_LIMIT_REACHED`, `DUPLICATE_TEAM`, `RATE_LIMIT_EXCEEDED`, `DATABASE_UNAVAILABLE`, ...);
`message` is for people. `request_id` is also in the `X-Request-ID` response header: quote it when you report
a problem. A 5xx never carries internal details.

## Rate limits

$limits_state
- `/api/v1/`: $api per signed-in user (per client address without a token);
- the JWT login: $login per client address;
- the public JSON API: reads $public_reads, registrations $public_writes per client address.

Beyond a budget the answer is 429 with `error_code` `RATE_LIMIT_EXCEEDED` and a `Retry-After` header giving the
seconds to wait.

Registrations and document uploads are served a few at a time. One that cannot start soon after it arrives is
answered at once with 503, `error_code` `SERVER_BUSY` and a `Retry-After` header: nothing was stored, so send the
same request again after that many seconds (with the same `Idempotency-Key`, if it had one).
""")


def api_guide(config):
    """The guide in Markdown, with this server's token lifetimes, page sizes and rate limits filled in."""
    state = ("This server's budgets:" if config["RATELIMIT_ENABLED"]
             else "Rate limiting is switched off on this server; where it is on, the budgets are:")
    return GUIDE.substitute(
        access=_duration(config["JWT_ACCESS_TOKEN_EXPIRES"]), refresh=_duration(config["JWT_REFRESH_TOKEN_EXPIRES"]),
        page_size=ResourceApi.page_size, max_page_size=ResourceApi.max_page_size, limits_state=state,
        api=config["RATELIMIT_API"], login=config["AUTH_RATE_LIMIT"], public_reads=config["RATELIMIT_PUBLIC_READS"],
        public_writes=config["RATELIMIT_PUBLIC"])


def _duration(value):
    """'15 minutes' from a number of seconds or a timedelta."""
    seconds = int(value.total_seconds() if isinstance(value, timedelta) else value)
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} seconds"
