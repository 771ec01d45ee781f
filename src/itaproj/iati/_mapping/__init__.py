"""The mapping between IATI activity elements and model objects, both ways, by topic.

Each direct child element of ``iati-activity`` that the model holds has an
:class:`~itaproj.iati._mapping.table.Entry` in :data:`TABLE`: a reader (lxml element -> model
value) and a writer (model value -> :data:`Node`, the element as the writer emits it), and the
Programme field it lives in. Readers type everything the 2.03 schema defines in their element;
what the model does not type (other namespaces' content, a second element the schema allows
once) is kept with the object that held it (:mod:`.kept`), and what a reader cannot place at
all makes it raise :class:`Unmapped`: :mod:`itaproj.iati._read` then keeps the element
verbatim with its programme.

Modules, each importing only those before it: :mod:`.core` (contexts, paths, values, money),
:mod:`.kept`, :mod:`.orgs`, :mod:`.places`, :mod:`.activity`, :mod:`.flows`, :mod:`.results`,
:mod:`.parts`, :mod:`.table`.
"""

from __future__ import annotations

from itaproj.iati._mapping.activity import ACTIVITY_ATTRIBUTES, activity_attributes, read_activity_attribute
from itaproj.iati._mapping.core import (
    MAX_DECIMAL_TEXT,
    UNDETERMINED,
    XML_LANG,
    Node,
    ReadContext,
    Unmapped,
    WriteContext,
    decimal_text,
    element_path,
    is_full_period,
    language_case,
    languages_stated,
    narrative_nodes,
    plain_length,
    qualified,
    report_zoned_dates,
    short_message,
)
from itaproj.iati._mapping.flows import plain_transaction, read_any_transaction, read_transaction
from itaproj.iati._mapping.kept import narrates
from itaproj.iati._mapping.places import period_from_dates
from itaproj.iati._mapping.table import TABLE, Entry, programme_fields

__all__ = [
    "ACTIVITY_ATTRIBUTES",
    "MAX_DECIMAL_TEXT",
    "TABLE",
    "UNDETERMINED",
    "XML_LANG",
    "Entry",
    "Node",
    "ReadContext",
    "Unmapped",
    "WriteContext",
    "activity_attributes",
    "decimal_text",
    "element_path",
    "is_full_period",
    "language_case",
    "languages_stated",
    "narrates",
    "narrative_nodes",
    "period_from_dates",
    "plain_length",
    "plain_transaction",
    "programme_fields",
    "qualified",
    "read_activity_attribute",
    "read_any_transaction",
    "read_transaction",
    "report_zoned_dates",
    "short_message",
]
