"""The language the harness speaks to people: English, or Simplified Chinese (`--lang
zh-CN`, LABS_LANG=zh-CN, or a Chinese locale: LC_ALL, LC_MESSAGES or LANG starting with
"zh"). It owns the
Chinese texts (harness/zh-CN.json: every hint, every `proves` line, the text report's own
phrases) and gives each in the language chosen for the run. What is not written for
people stays as it is in every language: check ids, hint ids, the bytes of a story."""

import functools
import json
import os
import re
from dataclasses import replace

LANGUAGES = ("en", "zh-CN")
TEXTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "zh-CN.json")
# {"sections": {hints.py comment: 中文}, "hints": {id: {"en", "zh"}}, "proves": {en: zh}, "phrases": {en: zh},
#  "sentences": {an English format string of a step or an expectation: its Chinese}}

_chosen = ["en"]
_texts = {}


def from_environment(environ=None):
    """"zh-CN" where the locale is Chinese, else "en"; LABS_LANG (en or zh-CN) first."""
    environ = os.environ if environ is None else environ
    if environ.get("LABS_LANG") in LANGUAGES:
        return environ["LABS_LANG"]
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if environ.get(name):
            return "zh-CN" if environ[name].lower().startswith("zh") else "en"
    return "en"


def use(language):
    """Speaks `language` ("en" or "zh-CN") from now on, in this process."""
    if language not in LANGUAGES:
        raise ValueError("no language {!r}; there are: {}".format(language, ", ".join(LANGUAGES)))
    _chosen[0] = language


def chosen():
    return _chosen[0]


def texts():
    """The Chinese texts, as harness/zh-CN.json holds them."""
    if not _texts:
        with open(TEXTS, encoding="utf-8") as source:
            _texts.update(json.load(source))
    return _texts


def hint(hint_id, english):
    """A hint's words: `english`, or its Chinese if that is the language (and it is up to date)."""
    if _chosen[0] == "en" or not hint_id:
        return english
    told = texts()["hints"].get(hint_id)
    return told["zh"] if told and told["en"] == english else english


def proves(english):
    """What a check proves, in the language chosen."""
    return english if _chosen[0] == "en" else texts()["proves"].get(english) or english


def say(english, *values):
    """One of the report's own phrases (a format string), in the language chosen, filled in."""
    phrase = english if _chosen[0] == "en" else texts()["phrases"].get(english) or english
    return phrase.format(*values)


def sentence(english):
    """A step of a story, or what a check expected, in the language chosen: the Chinese of
    the sentence template it matches, filled with what the English had in its blanks (a
    blank with no quotes in it may be a sentence itself: "exited with status 1"). Quoted
    bytes and commands stay as they are; what matches no template stays English."""
    if _chosen[0] == "en":
        return english
    for pattern, chinese in _templates():
        match = pattern.fullmatch(english)
        if match:
            return chinese.format(*(part if '"' in part or "`" in part else sentence(part)
                                    for part in match.groups()))
    return english


@functools.lru_cache(maxsize=None)
def _templates():
    """(regex, Chinese) of each sentence template, the one with the most fixed text first."""
    sentences = texts().get("sentences", {})
    return [(re.compile("(.*)".join(map(re.escape, english.split("{}"))), re.S), sentences[english])
            for english in sorted(sentences, key=lambda english: -len(english.replace("{}", "")))]


def translated(result):
    """A CheckResult with its hint, `proves` line, expectation and steps in the language
    chosen (the same object in English)."""
    if _chosen[0] == "en":
        return result
    result.hint = hint(result.hint_id, result.hint)
    result.proves = proves(result.proves)
    if result.message.startswith("expected "):
        result.message = say("expected {}", sentence(result.message[len("expected "):]))
    elif result.message:  # why a check was not run, or a harness error
        result.message = sentence(result.message)
    result.steps = [replace(step, text=sentence(step.text)) for step in result.steps]
    return result
