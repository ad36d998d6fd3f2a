"""OpenAPI component schemas of the compatible public JSON API (DESIGN 3.1 and 3.2), as plain JSON Schema."""


def _nullable(kind, **extra):
    return {"type": kind, "nullable": True, **extra}


def _obj(required, **properties):
    return {"type": "object", "required": list(required), "properties": properties}


_STR, _INT, _BOOL = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
_CONTACT = _obj(("name", "phone", "email", "whatsapp"), name=_STR, phone=_STR, email=_STR,
                whatsapp=_nullable("string"))
_TEAM_STATUS = {"type": "string", "enum": ["pending", "confirmed", "rejected", "withdrawn"]}

_FILE = {"type": "string", "format": "binary"}
_TEXT_FIELDS = ("team_name", "church_name", "captain_name", "captain_phone", "captain_email", "captain_whatsapp",
                "vice_name", "vice_phone", "vice_email", "vice_whatsapp", "player_0_name", "player_0_role")
_FILE_FIELDS = ("pastor_letter", "payment_receipt", "group_photo", "player_0_aadhar_file",
                "player_0_subscription_file")

COMPONENTS = {
    # DESIGN 3.1's multipart form, shared by the captain's POST /api/register/team and the organiser's
    # POST /api/v1/team/register; players continue as player_1_…, player_2_… up to the maximum.
    "RegistrationForm": _obj(("team_name", "church_name", "captain_name", "captain_phone", "captain_email",
                              "vice_name", "vice_phone", "vice_email", "pastor_letter", "payment_receipt"),
                             **dict.fromkeys(_TEXT_FIELDS, _STR), **dict.fromkeys(_FILE_FIELDS, _FILE)),
    "CompatError": _obj(("success", "error_code", "message", "details", "request_id"),
                        success={"type": "boolean", "enum": [False]}, error_code=_STR, message=_STR,
                        details={"type": "object"}, request_id=_STR),
    "CompatRegistered": _obj(("success", "team_id", "team_name", "message", "player_count", "registration_status"),
                             success={"type": "boolean", "enum": [True]}, team_id=_STR, team_name=_STR,
                             message=_STR, player_count=_INT, registration_status=_TEAM_STATUS),
    "CompatAvailability": _obj(
        ("churches", "summary"),
        churches={"type": "array", "items": _obj(
            ("church_name", "team_count", "locked"), church_name=_STR, team_count=_INT, slot_limit=_INT,
            slots_left=_INT, slots_held=_INT, locked=_BOOL)},
        summary=_obj(("total_churches", "locked_churches", "available_churches"), total_churches=_INT,
                     locked_churches=_INT, available_churches=_INT)),
    "CompatTeam": _obj(
        ("team_id", "team_name", "church_name", "status", "player_count", "players"),
        team_id=_STR, team_name=_STR, church_name=_STR, status=_TEAM_STATUS, player_count=_INT,
        players={"type": "array", "items": _obj(("player_id", "name", "role"), player_id=_STR, name=_STR,
                                                role=_nullable("string"))},
        registered_at=_STR, rejection_reason=_nullable("string"), captain=_CONTACT, vice_captain=_CONTACT,
        documents={"type": "array", "items": _obj(
            ("id", "kind", "player_id", "content_type", "size", "url"), id=_INT, kind=_STR,
            player_id=_nullable("string"), content_type=_STR, size=_INT, url=_STR)}),
    "CompatTeamPage": _obj(("success", "data", "page", "page_size", "total"), success=_BOOL,
                           data={"type": "array", "items": {"$ref": "#/components/schemas/CompatTeam"}},
                           page=_INT, page_size=_INT, total=_INT),
    "CompatTeamOne": _obj(("success", "data"), success=_BOOL, data={"$ref": "#/components/schemas/CompatTeam"}),
    "CompatMatch": _obj(
        ("id", "round", "round_number", "match_number", "team1", "team2", "status", "toss_winner", "toss_choice",
         "scheduled_start_time", "actual_start_time", "match_end_time", "team1_first_innings_runs",
         "team1_first_innings_wickets", "team2_first_innings_runs", "team2_first_innings_wickets",
         "match_score_url", "result"),
        id=_INT, round=_STR, round_number=_INT, match_number=_INT, team1=_STR, team2=_STR,
        status={"type": "string", "enum": ["scheduled", "live", "completed", "abandoned"]},
        toss_winner=_nullable("string"), toss_choice=_nullable("string"),
        scheduled_start_time=_nullable("string", format="date-time"),
        actual_start_time=_nullable("string", format="date-time"),
        match_end_time=_nullable("string", format="date-time"),
        team1_first_innings_runs=_nullable("integer"), team1_first_innings_wickets=_nullable("integer"),
        team2_first_innings_runs=_nullable("integer"), team2_first_innings_wickets=_nullable("integer"),
        match_score_url=_nullable("string"),
        result={"type": "object", "nullable": True, "required": ["winner", "margin", "marginType", "wonByBattingFirst"],
                "properties": {"winner": _nullable("string"), "margin": _nullable("integer"),
                               "marginType": _nullable("string"), "wonByBattingFirst": _nullable("boolean")}}),
    "CompatMatchList": _obj(("success", "data"), success=_BOOL,
                            data={"type": "array", "items": {"$ref": "#/components/schemas/CompatMatch"}}),
    "CompatMatchOne": _obj(("success", "data"), success=_BOOL, data={"$ref": "#/components/schemas/CompatMatch"}),
    "CompatStandings": _obj(("success", "data"), success=_BOOL, data={"type": "array", "items": _obj(
        ("group", "rows"), group=_nullable("string"), rows={"type": "array", "items": _obj(
            ("team", "played", "won", "lost", "tied", "no_result", "points", "net_run_rate"), team=_STR,
            played=_INT, won=_INT, lost=_INT, tied=_INT, no_result=_INT, points=_INT,
            net_run_rate=_nullable("number"))})}),
}

RESPONSES = {"CompatError": {"description": "A refusal in the shared error shape (DESIGN 3.2).",
                             "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CompatError"}}}}}
