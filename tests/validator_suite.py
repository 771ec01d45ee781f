"""The IATI Validator's own XSpec suite, its real XSLT rules as the judge, and a way to score itaproj.

Test support, not a test module: ``tests/test_validator_suite.py`` proves the judge on the suite,
and ``tools/validator_score.py`` scores itaproj's findings with the same expectations. Everything
is read from ``tests/data/iati/validator-rules`` (a copy of IATI/IATI-Rulesets, branch
``xslt-rules``; see its README.md); the rules run in Saxon-HE (``saxonche``).

What the XSpec files use, and how it is read here (the semantics of XSpec's own compiler):

- ``x:description`` (``tests/iati.xspec``, the entry point) with ``@stylesheet`` (the rules),
  a global ``x:param`` (``iati-version``, passed to the transformation as a stylesheet parameter;
  ``rules/iati.xslt`` declares no such global parameter, so it changes nothing) and ``x:import``
  of the other files, in order.
- ``x:scenario`` nested to any depth; a scenario's label is its ancestors' labels and its own,
  joined with ``" / "``. ``@pending`` (or an ``x:pending`` ancestor) marks a scenario, and all
  below it, as not run: XSpec reports its expectations as pending.
- ``x:context``: either inline content or ``@href`` (relative to the ``.xspec`` file). A scenario
  without one inherits its nearest ancestor's. Inline content is, as in XSpec, put in a new
  document node with whitespace-only text nodes dropped (unless under ``xml:space="preserve"``),
  attribute values are attribute value templates (``{$now}``), and the rules are applied to the
  top-level nodes of that document; with ``@href`` they are applied to the document node.
  Dropping whitespace matters: kept, it would be a ``channel-code`` text the rules check against
  the codelist (``sectors.xspec``, three expectations would fail). Elements of other namespaces
  in the content are kept as elements, ``xsl:text`` included (``sectors.xspec`` has two
  ``channel-code`` elements made of ``xsl:text``; its expectations hold on that reading).
- ``x:variable`` with ``@select``: in scope for the context and the expectations of its scenario
  and those nested in it, evaluated (XPath 3.1) when the context is built.
- ``x:expect`` with ``@label`` and ``@test``: the test is evaluated with the result of the
  transformation, wrapped in a document node, as its context item; it must give one boolean.

Anything else (``x:call``, ``x:expect`` content or ``@select``, ``x:context/@select`` or
``@mode``, ...) is refused with :class:`ValueError`, so a newer suite cannot be misread silently.

"Annotated XML" here is text: an XML fragment (an external parsed entity: zero or more elements
with text between them), the nodes the judge's transformation returned, or the context with
itaproj's findings inserted by :func:`annotate`. :func:`evaluate` parses it with
``parse-xml-fragment`` into a document node, the context XSpec gives a test.
"""

from __future__ import annotations

import atexit
import re
from collections.abc import Iterable, Iterator, Mapping
from copy import deepcopy
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import attrs
from lxml import etree

ROOT = Path(__file__).resolve().parent / "data" / "iati" / "validator-rules"
RULES = ROOT / "rules" / "iati.xslt"
SUITE = ROOT / "tests" / "iati.xspec"

XSPEC_NS = "http://www.jenitennison.com/xslt/xspec"
ME_NS = "http://iati.me"
XSL_NS = "http://www.w3.org/1999/XSL/Transform"
XML_NS = "http://www.w3.org/XML/1998/namespace"

#: Namespace prefixes for the expectations' XPath (the suite declares ``x`` and ``me``; XSpec's
#: compiled stylesheet also knows ``xs``).
NAMESPACES = {"me": ME_NS, "x": XSPEC_NS, "xs": "http://www.w3.org/2001/XMLSchema"}

#: itaproj's severities as the Validator's feedback types (``rules/meta.xml``: danger = "Error",
#: warning = "Warning", info = "Improvement"; "critical" and "success" have no itaproj severity).
FEEDBACK_TYPE = {"error": "danger", "warning": "warning", "info": "info"}

#: The prefix of itaproj's rule ids for the Validator's rules: ``iati.dq.6.1.4`` is rule 6.1.4.
DQ_PREFIX = "iati.dq."


@attrs.frozen
class Variable:
    """An ``x:variable``: ``$name`` is the value of the XPath ``select``."""

    name: str
    select: str


@attrs.frozen
class Context:
    """What a scenario transforms: inline XML (``inline``) or a test file (``href``).

    Args:
        inline: The inline content as an XML fragment, whitespace-only text dropped, attribute
            value templates not yet expanded; ``None`` for a file.
        href: The test file; ``None`` for inline content.
        variables: The ``x:variable`` declarations in scope, outermost first.
    """

    inline: str | None = None
    href: Path | None = None
    variables: tuple[Variable, ...] = ()

    def xml(self) -> str:
        """The context as an XML fragment: inline content with its templates expanded, or the file's.

        A file's XML declaration and document type declaration are left out; its top-level
        elements, comments and processing instructions are kept.
        """
        if self.href is not None:
            tree = etree.parse(str(self.href), etree.XMLParser(resolve_entities=False, no_network=True))
            root = tree.getroot()
            nodes = [*reversed(list(root.itersiblings(preceding=True))), root, *root.itersiblings()]
            return "".join(_serialize(node, tail=False) for node in nodes)
        assert self.inline is not None
        if "{" not in self.inline:
            return self.inline
        wrapper = etree.fromstring(f"<_fragment>{self.inline}</_fragment>")
        values = _variable_values(self.variables)
        for element in wrapper.iter():
            for name, value in element.attrib.items():
                if "{" in value or "}" in value:
                    element.set(name, _expand_avt(str(value), values))
        return _fragment_text(wrapper)


@attrs.frozen
class Expectation:
    """An ``x:expect``: the XPath ``test`` must be true of the annotated result."""

    label: str
    test: str
    variables: tuple[Variable, ...] = ()
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.label} [{self.test}]"


@attrs.frozen
class Scenario:
    """A scenario with expectations: its context, its expectations, and whether it is pending.

    Args:
        label: The labels of the scenario and its ancestors, joined with ``" / "``.
        file: The ``.xspec`` file, relative to the suite's ``tests`` folder (``"iati/dates.xspec"``).
        line: The scenario's line in that file.
        context: What the rules transform.
        expectations: The scenario's ``x:expect`` elements, in order.
        pending: The reason XSpec gives for not running it, or ``None`` when it runs.
    """

    label: str
    file: str
    line: int
    context: Context
    expectations: tuple[Expectation, ...]
    pending: str | None = None

    @property
    def key(self) -> str:
        """``file:line``, unique in the suite."""
        return f"{self.file}:{self.line}"


@attrs.frozen
class Suite:
    """The whole suite: its global parameters and every scenario with expectations, in XSpec order."""

    params: tuple[tuple[str, str], ...]
    scenarios: tuple[Scenario, ...]

    def running(self) -> Iterator[Scenario]:
        """The scenarios XSpec runs (not pending)."""
        return (scenario for scenario in self.scenarios if scenario.pending is None)


class FindingLike(Protocol):
    """What :func:`annotate` reads of a finding (:class:`itaproj.findings.Finding` fits)."""

    @property
    def rule(self) -> str: ...

    @property
    def severity(self) -> Any: ...

    @property
    def path(self) -> str: ...


# --- reading the suite ----------------------------------------------------------------------

_SAFE = etree.XMLParser(resolve_entities=False, no_network=True)


def _serialize(node: Any, tail: bool = True) -> str:
    text: str = etree.tostring(node, encoding="unicode", with_tail=tail)
    return text


def _fragment_text(wrapper: Any) -> str:
    return (wrapper.text or "") + "".join(_serialize(child) for child in wrapper)


def _strip_whitespace(element: Any, preserve: bool = False) -> None:
    """Drop whitespace-only text nodes below ``element``, as XSpec does with user content."""
    space = element.get(f"{{{XML_NS}}}space")
    preserve = preserve if space is None else space == "preserve"
    if not preserve and element.text is not None and not element.text.strip():
        element.text = None
    for child in element:
        if isinstance(child.tag, str):
            _strip_whitespace(child, preserve)
        if not preserve and child.tail is not None and not child.tail.strip():
            child.tail = None


def _inline(context: Any) -> str:
    """The inline content of an ``x:context`` as a fragment, whitespace-only text dropped."""
    wrapper = etree.Element("_fragment")
    wrapper.text = context.text
    wrapper.extend(deepcopy(child) for child in context)
    _strip_whitespace(wrapper)
    # Namespace declarations of the .xspec (x, me) that the content does not use are dropped.
    etree.cleanup_namespaces(wrapper)
    return _fragment_text(wrapper)


_ALLOWED = {
    "description": {"stylesheet", "xslt-version"},
    "import": {"href"},
    "param": {"name"},
    "scenario": {"label", "pending"},
    "pending": {"label"},
    "context": {"href"},
    "variable": {"name", "select"},
    "expect": {"label", "test"},
}


def _check(element: Any, file: Path) -> str:
    """The local name of an XSpec element, after checking it uses only what this module reads."""
    name = etree.QName(element).localname
    if etree.QName(element).namespace != XSPEC_NS or name not in _ALLOWED:
        raise ValueError(f"{file}:{element.sourceline}: unsupported XSpec element {element.tag}")
    unknown = sorted(set(element.attrib) - _ALLOWED[name])
    if unknown:
        raise ValueError(f"{file}:{element.sourceline}: unsupported attributes {unknown} on x:{name}")
    if name == "expect" and (len(element) or (element.text or "").strip()):
        raise ValueError(f"{file}:{element.sourceline}: x:expect with content is not supported")
    if name == "param" and len(element):
        raise ValueError(f"{file}:{element.sourceline}: x:param with element content is not supported")
    return name


def _walk(
    parent: Any,
    file: Path,
    labels: tuple[str, ...],
    context: Context | None,
    variables: tuple[Variable, ...],
    pending: str | None,
    out: list[Scenario],
) -> None:
    for element in parent:
        if not isinstance(element.tag, str):
            continue  # comments
        name = _check(element, file)
        if name == "pending":
            _walk(element, file, labels, context, variables, element.get("label") or "pending", out)
        elif name == "scenario":
            _scenario(element, file, labels, context, variables, pending, out)
        elif name in ("context", "expect", "variable") and etree.QName(parent).localname == "description":
            raise ValueError(f"{file}:{element.sourceline}: x:{name} outside a scenario")


def _scenario(
    element: Any,
    file: Path,
    labels: tuple[str, ...],
    context: Context | None,
    variables: tuple[Variable, ...],
    pending: str | None,
    out: list[Scenario],
) -> None:
    labels = (*labels, " ".join((element.get("label") or "").split()))
    pending = element.get("pending", pending)
    own: list[Expectation] = []
    for child in element:
        if not isinstance(child.tag, str):
            continue
        name = _check(child, file)
        if name == "variable":
            variables = (*variables, Variable(child.get("name"), child.get("select")))
        elif name == "context":
            if child.get("href") is not None:
                if len(child) or (child.text or "").strip():
                    raise ValueError(f"{file}:{child.sourceline}: x:context with both @href and content")
                context = Context(href=(file.parent / child.get("href")).resolve(), variables=variables)
            else:
                context = Context(inline=_inline(child), variables=variables)
        elif name == "expect":
            own.append(
                Expectation(
                    " ".join(child.get("label").split()), child.get("test"), variables, child.sourceline
                )
            )
        elif name in ("scenario", "pending"):
            continue
        else:
            raise ValueError(f"{file}:{child.sourceline}: x:{name} is not supported in a scenario")
    if own:
        if context is None:
            raise ValueError(f"{file}:{element.sourceline}: a scenario with expectations but no context")
        name = file.relative_to(SUITE.parent).as_posix()
        out.append(Scenario(" / ".join(labels), name, element.sourceline, context, tuple(own), pending))
    _walk(element, file, labels, context, variables, pending, out)


def read_suite(path: Path = SUITE) -> Suite:
    """Read an XSpec description and the files it imports into a :class:`Suite`.

    Raises:
        ValueError: The files use XSpec features this module does not read.
    """
    params: list[tuple[str, str]] = []
    scenarios: list[Scenario] = []

    def read(file: Path) -> None:
        root = etree.parse(str(file), _SAFE).getroot()
        if _check(root, file) != "description":
            raise ValueError(f"{file}: the root is not x:description")
        for element in root:
            if not isinstance(element.tag, str):
                continue
            name = _check(element, file)
            if name == "param":
                params.append((str(element.get("name")), element.text or ""))
            elif name == "import":
                read((file.parent / str(element.get("href"))).resolve())
        _walk(root, file, (), None, (), None, scenarios)

    read(path.resolve())
    return Suite(tuple(params), tuple(scenarios))


@cache
def suite() -> Suite:
    """The shipped suite (``tests/iati.xspec`` and its imports), read once."""
    return read_suite(SUITE)


# --- Saxon ----------------------------------------------------------------------------------


@cache
def _processor() -> Any:
    from saxonche import PySaxonProcessor

    atexit.register(_release)
    return PySaxonProcessor(license=False)


def _release() -> None:
    """Drop the Saxon objects before the interpreter shuts down (saxonche 12.5 complains otherwise)."""
    _executable.cache_clear()
    _processor.cache_clear()


#: The driver: like the stylesheet XSpec compiles, it imports the rules and applies them to each
#: context. All contexts go through one transformation, as in XSpec's single run: the rules'
#: global variables (every codelist of every version, read with ``collection()``) are then
#: built once, not once per context (about half a second each).
_DRIVER = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    exclude-result-prefixes="xs">
  <xsl:import href="{rules}"/>
  <xsl:param name="judge-documents" as="document-node()*"/>
  <xsl:param name="judge-whole" as="xs:boolean*"/>
  <xsl:template name="judge-run">
    <xsl:for-each select="$judge-documents">
      <xsl:variable name="position" select="position()"/>
      <xsl:document>
        <xsl:apply-templates select="if ($judge-whole[$position]) then . else node()"/>
      </xsl:document>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>"""


@cache
def _executable() -> Any:
    """The compiled driver, importing ``rules/iati.xslt``."""
    processor = _processor()
    compiler = processor.new_xslt30_processor()
    return compiler.compile_stylesheet(stylesheet_text=_DRIVER.format(rules=RULES.as_uri()))


def _xpath(variables: Mapping[str, Any] = {}) -> Any:
    xpath = _processor().new_xpath_processor()
    for prefix, uri in NAMESPACES.items():
        xpath.declare_namespace(prefix, uri)
    for name, value in variables.items():
        xpath.declare_variable(name)
        xpath.set_parameter(name, value)
    return xpath


def _variable_values(variables: Iterable[Variable]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for variable in variables:
        value = _xpath(values).evaluate(variable.select)
        values[variable.name] = value if value is not None else _processor().make_string_value("")
    return values


def _expand_avt(template: str, values: Mapping[str, Any]) -> str:
    """An attribute value template with ``values`` bound (``{{`` and ``}}`` are braces)."""
    parts: list[str] = []
    position = 0
    while position < len(template):
        char = template[position]
        if template.startswith("{{", position) or template.startswith("}}", position):
            parts.append(char)
            position += 2
        elif char == "{":
            end = template.index("}", position)
            expression = template[position + 1 : end]
            result = _xpath(values).evaluate(f"string-join(({expression}) ! string(.), ' ')")
            parts.append(str(result.head.string_value) if result is not None else "")
            position = end + 1
        elif char == "}":
            raise ValueError(f"a lone }} in the attribute value template {template!r}")
        else:
            parts.append(char)
            position += 1
    return "".join(parts)


def _fragment_document(text: str) -> Any:
    """The document node whose children are the nodes of the XML fragment ``text``."""
    processor = _processor()
    xpath = _xpath({"text": processor.make_string_value(text)})
    return xpath.evaluate_single("parse-xml-fragment($text)")


def judge_all(contexts: Iterable[Context | str]) -> list[str]:
    """The real Validator rules applied to each context, in one transformation: the annotated XMLs.

    A string is an inline XML fragment. The rules (``rules/iati.xslt``) copy their input and
    insert a ``me:feedback`` element for each finding; each result is returned as a fragment
    (see the module's description), without indentation, as XSpec's tests see it.
    """
    from saxonche import PyXdmValue

    processor = _processor()
    documents = PyXdmValue(processor)
    whole = PyXdmValue(processor)
    for context in contexts:
        if isinstance(context, str):
            context = Context(inline=context)
        if context.href is not None:
            documents.add_xdm_item(processor.parse_xml(xml_file_name=str(context.href)))
        else:
            documents.add_xdm_item(_fragment_document(context.xml()))
        whole.add_xdm_item(processor.make_boolean_value(context.href is not None))
    if not documents.size:
        return []
    executable = _executable()
    for name, value in suite().params:
        executable.set_parameter(name, processor.make_string_value(value))
    executable.set_parameter("judge-documents", documents)
    executable.set_parameter("judge-whole", whole)
    executable.set_result_as_raw_value(True)
    results = executable.call_template_returning_value("judge-run")
    xpath = _xpath()
    out: list[str] = []
    for index in range(results.size):
        xpath.set_context(xdm_item=results.item_at(index))
        text = xpath.evaluate_single("serialize(., map{'method': 'xml', 'indent': false()})")
        out.append(str(text.string_value))
    return out


def judge(context: Context | str) -> str:
    """The real Validator rules applied to one context: :func:`judge_all` of one."""
    (annotated,) = judge_all([context])
    return annotated


def evaluate(expect: Expectation, annotated: str) -> bool:
    """Whether the expectation's test is true of the annotated XML, as XSpec evaluates it.

    Raises:
        TypeError: The test does not give a single boolean.
    """
    document = _fragment_document(annotated)
    xpath = _xpath(_variable_values(expect.variables))
    xpath.set_context(xdm_item=document)
    result = xpath.evaluate(f"let $r := ({expect.test}) return ($r instance of xs:boolean, boolean($r[1]))")
    kind, value = (result.item_at(index).head.boolean_value for index in range(2))
    if not kind:
        raise TypeError(f"the test {expect.test!r} does not give one boolean")
    return bool(value)


# --- itaproj's findings as feedback ---------------------------------------------------------


@cache
def feedback_kinds() -> Mapping[str, tuple[str, str]]:
    """Every rule id the Validator's rules can report, with its feedback type and class.

    Read from the ``me:feedback`` elements of ``rules/**/*.xslt``; the ids and classes made by
    named templates (``{$idclass}.1``, ``{$class}``) are filled in from each ``xsl:call-template``
    with the literal ``xsl:with-param`` values it passes (and the template's defaults).

    Example:
        >>> feedback_kinds()["6.1.5"], feedback_kinds()["1.14.8"]
        (('danger', 'documents'), ('warning', 'identifiers'))
    """
    xsl = f"{{{XSL_NS}}}"
    sheets = [etree.parse(str(path), _SAFE).getroot() for path in sorted((ROOT / "rules").rglob("*.xslt"))]
    named = {
        template.get("name"): template
        for sheet in sheets
        for template in sheet.iter(f"{xsl}template")
        if template.get("name")
    }

    def literal(element: Any) -> str | None:
        select = element.get("select")
        if select is None:
            return (element.text or "").strip()
        match = re.fullmatch(r"\s*'([^']*)'\s*", select)
        return match.group(1) if match else None

    kinds: dict[str, tuple[str, str]] = {}

    def collect(root: Any, values: Mapping[str, str | None]) -> None:
        for feedback in root.iter(f"{{{ME_NS}}}feedback"):
            resolved = []
            for attribute in ("id", "type", "class"):
                text = feedback.get(attribute, "")
                for name in re.findall(r"\{\$([\w-]+)\}", text):
                    value = values.get(name)
                    if value is None:
                        break
                    text = text.replace(f"{{${name}}}", value)
                resolved.append(text)
            rule_id, kind, klass = resolved
            if "{" not in rule_id + kind + klass:
                kinds.setdefault(rule_id, (kind, klass))

    for sheet in sheets:
        collect(sheet, {})
        for call in sheet.iter(f"{xsl}call-template"):
            template = named[call.get("name")]
            values = {str(param.get("name")): literal(param) for param in template.iter(f"{xsl}param")}
            values.update({str(param.get("name")): literal(param) for param in call.iter(f"{xsl}with-param")})
            collect(template, values)
    return kinds


_LINE = re.compile(r"\s*\(line \d+\)\s*$")
_STEP = re.compile(r"(?:(?P<prefix>[\w.-]+):)?(?P<name>[\w.-]+)(?:\[(?P<index>\d+)\])?")


def locate(wrapper: Any, path: str) -> Any | None:
    """The element of a fragment (children of ``wrapper``) that an itaproj XPath names, or ``None``.

    ``path`` is absolute, with ``name[n]`` steps, optionally an attribute step (its element is
    meant) and a ``(line n)`` suffix (ignored). A fragment of bare ``iati-activity`` (or
    ``iati-organisation``) elements has no root: a first step ``iati-activities``
    (``iati-organisations``) that matches no top-level element stands for the fragment itself,
    so ``/iati-activities/iati-activity[2]`` is its second top-level activity.
    """
    steps = [step for step in _LINE.sub("", path).split("/") if step]
    if not path.startswith("/") or not steps:
        return None
    if steps[-1].startswith("@"):
        steps.pop()
    first = _STEP.fullmatch(steps[0])
    if (
        first
        and first.group("name") in ("iati-activities", "iati-organisations")
        and not first.group("prefix")
    ) and not any(child.tag == first.group("name") for child in wrapper):
        steps.pop(0)
    node = wrapper
    for step in steps:
        match = _STEP.fullmatch(step)
        if match is None:
            return None
        prefix, name, index = match.group("prefix"), match.group("name"), match.group("index")
        candidates = [
            child
            for child in node
            if isinstance(child.tag, str)
            and etree.QName(child).localname == name
            and (child.prefix == prefix if prefix else etree.QName(child).namespace is None)
        ]
        if index is None and len(candidates) != 1:
            return None
        position = int(index or 1)
        if position > len(candidates):
            return None
        node = candidates[position - 1]
    return None if node is wrapper else node


def annotate(
    context_xml: str,
    findings: Iterable[FindingLike],
    *,
    unplaced: list[FindingLike] | None = None,
) -> str:
    """The context with a ``me:feedback`` element for each of itaproj's ``iati.dq.*`` findings.

    Each finding with the rule ``iati.dq.<id>`` becomes ``<me:feedback type=... class=... id="<id>">``
    (type from :data:`FEEDBACK_TYPE`, class from :func:`feedback_kinds`, left out for an id the
    Validator does not have), with the finding's message in ``me:message``, appended to the
    children of the element its path names (see :func:`locate`), where the Validator puts the
    feedback of a rule on that element or one of its attributes. Findings of other rules are
    not feedback and are left out.

    Raises:
        ValueError: A finding's path names no element of the context (unless ``unplaced`` is
            given: such findings are appended to it instead).

    Example:
        >>> from types import SimpleNamespace as F
        >>> annotate('<iati-activity><sector/></iati-activity>',
        ...          [F(rule="iati.dq.2.2.1", severity="error", path="/iati-activities/iati-activity[1]/sector[1] (line 1)")])
        '<iati-activity><sector><me:feedback xmlns:me="http://iati.me" type="danger" class="classifications" id="2.2.1"/></sector></iati-activity>'
    """
    text = re.sub(r"^\s*<\?xml[^?]*\?>", "", context_xml)
    wrapper = etree.fromstring(f"<_fragment>{text}</_fragment>", _SAFE)
    kinds = feedback_kinds()
    for finding in findings:
        if not finding.rule.startswith(DQ_PREFIX):
            continue
        element = locate(wrapper, finding.path)
        if element is None:
            if unplaced is None:
                raise ValueError(f"{finding.path!r} names no element of the context ({finding.rule})")
            unplaced.append(finding)
            continue
        rule_id = finding.rule.removeprefix(DQ_PREFIX)
        severity = str(getattr(finding.severity, "value", finding.severity))
        feedback = etree.SubElement(element, f"{{{ME_NS}}}feedback", nsmap={"me": ME_NS})
        feedback.set("type", FEEDBACK_TYPE[severity])
        if rule_id in kinds:
            feedback.set("class", kinds[rule_id][1])
        feedback.set("id", rule_id)
        message = getattr(finding, "message", None)
        if message:
            etree.SubElement(feedback, f"{{{ME_NS}}}message").text = message
    return _fragment_text(wrapper)
