"""Reads an iCalendar file on stdin with the `icalendar` package (an independent parser) and
prints its events as JSON, every instant in UTC, for tests/governance_ics.rs."""
import json
import sys
from datetime import timezone

from icalendar import Calendar


def person(value):
    return {"email": str(value), "cn": str(value.params.get("CN", ""))}


def instant(component, name):
    value = component.get(name)
    if value is None:
        return None
    return value.dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


calendar = Calendar.from_ical(sys.stdin.buffer.read().decode("utf-8"))
events = []
for event in calendar.walk("VEVENT"):
    attendees = event.get("ATTENDEE", [])
    if not isinstance(attendees, list):
        attendees = [attendees]
    organizer = event.get("ORGANIZER")
    events.append(
        {
            "uid": str(event.get("UID")),
            "summary": str(event.get("SUMMARY")),
            "description": None if event.get("DESCRIPTION") is None else str(event.get("DESCRIPTION")),
            "location": None if event.get("LOCATION") is None else str(event.get("LOCATION")),
            "status": str(event.get("STATUS")),
            "dtstart": instant(event, "DTSTART"),
            "dtend": instant(event, "DTEND"),
            "dtstamp": instant(event, "DTSTAMP"),
            "organizer": None if organizer is None else person(organizer),
            "attendees": [person(a) for a in attendees],
        }
    )
print(json.dumps({"name": str(calendar.get("X-WR-CALNAME")), "events": events}, ensure_ascii=False))
