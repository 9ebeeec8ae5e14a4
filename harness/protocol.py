"""The timestamp protocol (SPEC section 1) as the harness speaks and checks it, and the
likeliest mistake behind a reply that breaks it (diagnose_reply, a hint id of hints.py)."""

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


def cut_short(reply, message):
    """Whether `reply` is the start of a right reply to `message`, cut before its end: what
    a program sends that ignores how many bytes send() took."""
    if not 0 < len(reply) < reply_length(message):
        return False
    right = PREFIX + bytes(TIMESTAMP_LENGTH) + SEPARATOR + message
    timestamp = range(len(PREFIX), len(PREFIX) + TIMESTAMP_LENGTH)  # (any bytes there)
    return all(i in timestamp or reply[i] == right[i] for i in range(len(reply)))


# The start of a reply, its timestamp of any day and time: where one reply ends in a stream
# of replies to messages that cannot hold it (digits), the next begins.
REPLY_START = re.compile(rb"at [A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9][0-9] [0-9:]{8} [0-9]{4} :")


def payloads(stream):
    """(the data of the replies in `stream` run together, what precedes the first reply),
    for messages of digits, whatever the pieces they were answered in."""
    pieces = REPLY_START.split(stream)
    return b"".join(pieces[1:]), pieces[0]


# Core Python Programming's tsTserv.py replies "[%s] %s" % (ctime(), data).
BOOK_LAYOUT = re.compile(rb"^\[[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}\] (b['\"])?")


def diagnose_reply(reply, message, earlier=()):
    """The id of the likeliest mistake behind `reply` (bytes) to `message`, or None if the
    reply is right; `earlier`: the messages sent before it on the same connection. Whether
    its timestamp is the current time is timestamp_problem's job."""
    parts = split_reply(reply)
    if parts is not None and parts[1] == message:
        return None
    if not reply:
        return "no-reply"
    if reply == message:
        return "echo-only"
    book = BOOK_LAYOUT.match(reply)
    if book:
        return "book-layout-bytes" if book.group(1) in (b"b'", b'b"') else "book-layout"
    if b" :b'" in reply or b' :b"' in reply:
        return "python-bytes"
    timestamp_end = len(PREFIX) + TIMESTAMP_LENGTH
    if reply.startswith(PREFIX) and b"\n" in reply[timestamp_end - 2:timestamp_end + 2]:
        return "ctime-newline"
    if parts is not None:
        data = parts[1]
        if data.rstrip(b"\r\n") == message and data != message:
            return "added-newline"
        if b"\0" in message and data == message[:message.index(b"\0")]:
            return "cut-at-nul"
        if data.startswith(message) and len(data) > len(message) and not data[len(message):].strip(b"\0"):
            return "replies-whole-buffer"
        pieces = REPLY_START.split(reply)
        if len(pieces) > 2 and not pieces[0] and pieces[-1] == message and all(
                piece in (b"",) + tuple(earlier) for piece in pieces[1:-1]):
            return "reply-before-receive"  # a reply to nothing (or to the message before) came first
        extra = data[len(message):]
        if data.startswith(message) and extra and any(
                previous[len(message):len(message) + len(extra)] == extra for previous in earlier):
            return "stale-buffer"  # the rest of an earlier, longer message, still in the buffer
        if len(message) >= MAX_UNFRAMED_MESSAGE and (
                reply.count(PREFIX) > 1 or (len(data) < len(message) and message.startswith(data))):
            return "small-buffer"
        return "message-changed"
    return "reply-layout"
