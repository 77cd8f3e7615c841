"""Django's zh_Hant formats, with thousands grouped by commas as Taiwan's official documents print them
(1,170 人次; 12,345,678 元). Django's own zh_Hant groups nothing, so ``intcomma`` printed 12345678."""

from django.conf.locale.zh_Hant.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
