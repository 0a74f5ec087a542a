"""Dates of birth: numeric, ISO and written-out dates after a birth cue or a patient's name,
and a cue-less full date old enough to be a birth date."""

import re

from nlp.pii.patterns.registry import add as _add

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# A full date: 4/11/58, 04-11-1958, 1958-04-11, 11 Apr 1958, April 11th, 1958.
DATE = (
    r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:19|20)?\d{2}(?!\d)"
    r"|(?:19|20)\d{2}-\d{1,2}-\d{1,2}(?!\d)"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?[\s\-]+(?:of\s+)?{_MONTH}\.?,?[\s\-]+(?:19|20)?\d{{2}}(?!\d)"
    rf"|{_MONTH}\.?[\s\-]+\d{{1,2}}(?:st|nd|rd|th)?,?[\s\-]+(?:19|20)\d{{2}}(?!\d)"
    rf"|{_MONTH}\.?\s+(?:19|20)\d{{2}}(?!\d)"
    # A Roman-numeral month, as European forms write it: 14-VII-1986.
    r"|\d{1,2}[\-/. ](?:XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)[\-/. ](?:19|20)?\d{2}(?!\d))"
)
# A numeric date (US or ISO) or a long bare number, in one scan.
_add(
    "BARE_NUMBER",
    r"(?<![\w/.\-$#,])(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?P<year>(?:19|20)?\d{2})"
    r"|(?P<iso>(?:19|20)\d{2})-\d{1,2}-\d{1,2}"
    r"|(?P<id>0\d{5,9}|[1-9]\d{6,9})(?![.,]\d|\s*(?:mg|mcg|ml|units?|iu|pts?|"
    r"patients|doses|tabs|pills|dollars|usd)\b))(?![\w/\-])",
    re.IGNORECASE,
)
_DOB_CUE = (
    r"(?:d\.?\s?o\.?\s?b\.?|d/o/b|date\s+of\s+birth|birth\s*date|birthday|b-?day|"
    r"(?:was\s+)?born(?:\s+on|\s+in)?|(?<=[\s(\[,])b\.(?=\s*(?:\d|['’]))|"
    # "turned 80 on 4 July": an age reached on a day is a birthday.
    r"turn(?:ed|s)\s+\d{1,3}\s+(?:on|last)(?=\s))"
)
# Dates of birth written in words: "March 3rd 1958", "twelfth of June 61", "June '61",
# "nineteen fifty-eight". Only read after a birth cue, where a two-digit year is safe.
_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_ORDINAL_UNITS = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
_DAY_WORD = (
    rf"(?:{_ORDINAL_UNITS}|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|"
    rf"seventeenth|eighteenth|nineteenth|twentieth|twenty[\s\-]?{_ORDINAL_UNITS}|thirtieth|"
    r"thirty[\s\-]?first)"
)
_DAY = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?|{_DAY_WORD})"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_YEAR_WORDS = (
    rf"(?:nineteen|two\s+thousand(?:\s+and)?)[\s\-]+(?:{_TENS}(?:[\s\-]?{_UNITS})?|"
    r"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    rf"oh[\s\-]{_UNITS}|{_UNITS})"
)
_YEAR = rf"(?:(?:19|20)\d{{2}}(?!\d)|['’]\d{{2}}(?!\d)|\d{{2}}(?![\d/:%]|\s*(?:yo|y/o|yr|mg)\b)|{_YEAR_WORDS})"
# A holiday stands for its date after a birth cue: "born Christmas Eve 2014".
_HOLIDAY = (
    r"(?:christmas(?:\s+(?:eve|day))?|xmas(?:\s+eve)?|new\s+year['’]?s(?:\s+(?:eve|day))?|"
    r"valentine['’]?s(?:\s+day)?|halloween|(?:the\s+)?fourth\s+of\s+july|july\s+4th|"
    r"st\.?\s+patrick['’]?s\s+day|independence\s+day|boxing\s+day|leap\s+day)"
)
_WORD_DATE = (
    rf"(?:{_HOLIDAY},?\s+(?:of\s+)?{_YEAR}"
    rf"|{_DAY}[\s\-]+(?:of[\s\-]+)?{_MONTH}\.?(?:,?[\s\-]+{_YEAR})?"
    rf"|{_MONTH}\.?[\s\-]+(?:the\s+)?{_DAY}(?:,?[\s\-]+{_YEAR})?"
    rf"|{_MONTH}\.?,?\s+{_YEAR}"
    # "nineteen fifty-eight, 3rd of March": a year in words, then the day and month.
    rf"|{_YEAR_WORDS}(?:,?\s+(?:{_DAY}[\s\-]+(?:of\s+)?{_MONTH}|{_MONTH}\.?\s+{_DAY})(?![\w]))?)"
)
_add("DIGITS", r"\d{3}")
# A year old enough to be a birth year, for the written-date scan below.
_add("OLD_YEAR_HINT", r"(?:19\d\d|20[01]\d)(?!\d)")
# A full date in words with a four-digit year, no cue: old enough, it is a birth date
# ("correct is April 4th 1984"); the year is checked in code.
_add(
    "WORD_DATE",
    # An annotator marks "the ninth of May, 2003" whole, article included.
    rf"(?<![\w])(?:(?:the\s+)?{_DAY}[\s\-]+(?:of[\s\-]+)?{_MONTH}\.?,?|{_MONTH}\.?[\s\-]+(?:the\s+)?{_DAY},?)"
    r"[\s\-]+(?P<year>(?:19|20)\d{2})(?![\w])",
    re.IGNORECASE,
)
_add(
    "DOB",
    rf"(?<![\w])(?P<cue>{_DOB_CUE})(?:\s*[:#=\-]\s*|\s+(?:is|was|of)\s+|\s*)"
    # "dob the 2nd of February 1948": annotators outside the team mark the article too.
    # "DOB 19610303": a compact year-month-day.
    r"(?P<value>(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?!\d)|"
    rf"(?:the\s+)?{DATE}|{_WORD_DATE}|(?:19|20)\d{{2}}(?![\d/\-])|\d{{1,2}}/\d{{1,2}}(?![\d/])"
    r"|['’]\d{2}(?!\d))(?![\w])",
    re.IGNORECASE,
)
# A date right after a patient's name: "pt Jaylen Brooks, 03/09/2010", "(07/22/1941)".
_add("DATE_AFTER_NAME", rf"\s*[,(]?\s*(?:dob\s*:?\s*)?(?P<value>{DATE})", re.IGNORECASE)
_add("DOB_HINT", r"dob|d\. ?o|d/o/b|birth|born|b-?day|[\s(\[,]b\.\s*['’\d]|turn(?:ed|s)\s+\d")
