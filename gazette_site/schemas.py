"""JSON-schema pieces shared by the datasets and the API description (OpenAPI 3.1)."""

STRING = {"type": "string"}
INTEGER = {"type": "integer"}
NUMBER = {"type": "number"}
BOOLEAN = {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
URL = {"type": "string"}


def nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def array(items: dict) -> dict:
    return {"type": "array", "items": items}


def record(properties: dict, *, optional: tuple[str, ...] = ()) -> dict:
    """An object with these properties, all required but `optional`."""
    return {
        "type": "object",
        "properties": properties,
        "required": [k for k in properties if k not in optional],
    }


ERROR = record({"error": STRING})

# A value the portal reads differently from the print (gazette_site.readings): printed is
# null when the value is not printed at all (inferred).
READING = record(
    {
        "field": STRING,
        "printed": nullable(STRING),
        "line": nullable(INTEGER),
        "value": STRING,
        "basis": STRING,
        "inferred": BOOLEAN,
    }
)
