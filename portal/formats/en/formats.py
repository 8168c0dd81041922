"""English dates in one style, the British one the English text is written in ("Labour",
"29 June 2007" in the statute notes): Django's default "June 29, 2007" mixed two styles on
one page."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j F"
