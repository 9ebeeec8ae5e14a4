"""The timestamp protocol (SPEC section 1) as the harness speaks and checks it."""

import calendar
import re
import time

TIMESTAMP_LENGTH = 24  # "Wed Nov  5 09:03:07 2026"
PREFIX = b"at "
SEPARATOR = b" :"
MAX_UNFRAMED_MESSAGE = 1024  # the seed's BUFSIZE: one recv() is one message
MAX_DATAGRAM = 8 * 1024
MAX_LINE = 64 * 1024

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
TIMESTAMP = re.compile(
    r"(?P<weekday>{}) (?P<month>{}) (?P<day>[ 12][0-9]|3[01]) "
    r"(?P<hour>[01][0-9]|2[0-3]):(?P<minute>[0-5][0-9]):(?P<second>[0-5][0-9]|60) (?P<year>[0-9]{{4}})\Z"
    .format("|".join(DAYS), "|".join(MONTHS)))


def ctime(seconds=None):
    """Local time in ctime layout, without the newline: what a server should send."""
    return time.ctime(seconds)


def reply_to(message, seconds=None):
    """The correct reply to `message` (bytes)."""
    return PREFIX + ctime(seconds).encode("ascii") + SEPARATOR + message


def reply_length(message):
    return len(PREFIX) + TIMESTAMP_LENGTH + len(SEPARATOR) + len(message)


def split_reply(reply):
    """(timestamp bytes, data) if `reply` has the layout "at " + 24 bytes + " :" + data,
    with no line end inside the timestamp; else None."""
    end = len(PREFIX) + TIMESTAMP_LENGTH
    if not reply.startswith(PREFIX) or reply[end:end + len(SEPARATOR)] != SEPARATOR:
        return None
    timestamp = reply[len(PREFIX):end]
    if b"\n" in timestamp or b"\r" in timestamp:
        return None
    return timestamp, reply[end + len(SEPARATOR):]


def timestamp_fields(timestamp):
    """(year, month, day, hour, minute, second) of a timestamp in ctime's layout (bytes), or
    None if it is not in that layout."""
    match = TIMESTAMP.match(timestamp.decode("ascii", "replace"))
    if not match:
        return None
    fields = match.groupdict()
    return (int(fields["year"]), MONTHS.index(fields["month"]) + 1, int(fields["day"]),
            int(fields["hour"]), int(fields["minute"]), int(fields["second"]))


def timestamp_problem(timestamp, not_before, not_after, slack=2.0):
    """What is wrong with `timestamp` (bytes) as the local time between not_before and
    not_after (epoch seconds), or None if nothing is."""
    text = timestamp.decode("ascii", "replace")
    parsed = timestamp_fields(timestamp)
    if parsed is None:
        if re.match(r"\w{3} \w{3} 0[1-9] ", text):
            return "zero-padded-day"
        return "timestamp-layout"

    def within(seconds):
        return not_before - slack <= seconds <= not_after + slack

    try:
        as_local = time.mktime(parsed + (0, 0, -1))
        as_utc = calendar.timegm(parsed + (0, 0, 0))
    except (OverflowError, ValueError, OSError):  # a year the platform cannot handle (0000, 1900 on Windows)
        return "timestamp-wrong-time"
    if within(as_local):
        if time.localtime(as_local).tm_wday != DAYS.index(text[:3]):
            return "timestamp-weekday"
        return None
    if within(as_utc):
        return "timestamp-utc"
    return "timestamp-wrong-time"
