"""The typed, frozen content model: one root class per content file.

Fields typed `Text` are one translatable message; fields typed `Prose` are translated
paragraph by paragraph. Everything else (IDs, references, proper names, sources) is not.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from pipeline.content.limits import (
    MAX_ID_CHARS,
    MAX_NAME_CHARS,
    MAX_PROSE_CHARS,
    MAX_SOURCE_CHARS,
    MAX_TEXT_CHARS,
)

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$", max_length=MAX_ID_CHARS)]
#: A proper name (publisher, network, owner): not translated, and short enough for metadata.
Name = Annotated[str, StringConstraints(min_length=1, max_length=MAX_NAME_CHARS)]
#: The title or address of a cited work: kept as published, never translated.
Citation = Annotated[str, StringConstraints(min_length=3, max_length=MAX_SOURCE_CHARS)]


class Translatable:
    """Marker in `Annotated` metadata: this string goes to translators."""

    def __init__(self, prose: bool) -> None:
        self.prose = prose


Text = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT_CHARS),
                 Translatable(False)]
Prose = Annotated[str, StringConstraints(min_length=1, max_length=MAX_PROSE_CHARS),
                  Translatable(True)]
#: A name read by translators too (a tool's owner may carry a translated gloss).
GlossedName = Annotated[str, StringConstraints(min_length=1, max_length=MAX_NAME_CHARS),
                        Translatable(False)]
Stage = Literal["starting", "building", "consolidating"]
Level3 = Literal["low", "medium", "high"]


class Strict(BaseModel):
    """Base: frozen, strict types, unknown keys rejected so typos are caught."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Drafty(Strict):
    """An entry an editor may mark as draft, with the reason shown in the guide."""

    status: Literal["final", "draft"] = "final"
    draft_reason: Text | None = None


# guide.yaml ---------------------------------------------------------------

ChapterKind = Literal["prose", "assessment", "practices", "tree", "strategies", "cases",
                      "tools", "glossary", "references", "worksheets"]


class Section(Strict):
    id: Id
    title: Text
    body: Prose


class Chapter(Strict):
    id: Id
    kind: ChapterKind
    title: Text
    intro: Prose | None = None
    sections: list[Section] = []


class Guide(Strict):
    title: Text
    subtitle: Text
    publisher: Name
    chapters: list[Chapter] = Field(min_length=1)


# decision_tree.yaml -------------------------------------------------------


Delivery = Literal["in-house", "brokered", "mixed"]
AfterGrant = Literal["recover", "scale-down", "stop"]
#: A condition: keys are decision IDs, assessment dimension IDs, answer field IDs,
#: `event` / `urgent` (kinds of dated events) or `includes` (strategy options already in the
#: plan); values are the options, levels, values, kinds or option IDs.
Condition = dict[str, list[str]]


class Window(Strict):
    start: int = Field(ge=1, le=60)
    end: int = Field(ge=1, le=60)


class Effects(Strict):
    """What choosing an option changes in the plan, besides where the tree goes next."""

    adds: list[Id] = []  # strategy options added to the plan
    removes: list[Id] = []  # strategy options taken out of the plan
    first: list[Id] = []  # strategy options put at the head of the sequence
    schedule: dict[Stage, Window] = {}  # months of each stage (the pace)
    reach: Literal["first-phase", "all"] | None = None  # members served in year one
    delivery: Delivery | None = None  # who delivers: network staff or providers
    after_grant: AfterGrant | None = None  # what happens when a grant ends
    verification: Text | None = None  # how indicator results are checked
    lead: Text | None = None  # the partners and arguments to lead with


class Option(Strict):
    id: Id
    label: Text
    choose_if: Text
    next: Id
    entry_point: Id | None = None  # for entry-point decisions: the entry point it names
    effects: Effects = Effects()


class Rule(Strict):
    """A change to the plan for a combination of answers; `unless` makes it yield."""

    id: Id
    when: Condition
    unless: Condition = {}
    adds: list[Id] = []
    removes: list[Id] = []
    first: list[Id] = []
    defers: list[Id] = []  # strategy options moved to the consolidating stage
    delay: int = Field(0, ge=-12, le=12)  # months added to the later stages' windows
    note: Text
    yields: Text | None = None  # said instead of `note` when `unless` holds


class Decision(Strict):
    id: Id
    title: Text
    question: Text
    why: Prose
    consider: list[Text] = Field(min_length=1)
    options: list[Option] = Field(min_length=2)


class Outcome(Strict):
    id: Id
    title: Text
    summary: Prose
    strategies: list[Id] = Field(min_length=1)
    tools: list[Id] = Field(min_length=1)
    cases: list[Id] = Field(min_length=1)


class DecisionTree(Strict):
    root: Id
    decisions: list[Decision] = Field(min_length=1)
    outcomes: list[Outcome] = Field(min_length=1)
    urgent_months: int = Field(9, ge=1, le=36)  # an event this close is urgent
    rules: list[Rule] = []


# assessment.yaml ----------------------------------------------------------


class Question(Strict):
    id: Id
    text: Text


class Signal(Strict):
    when: Literal["low", "high"]
    decision: Id
    option: Id
    note: Text


class Dimension(Strict):
    id: Id
    title: Text
    purpose: Prose
    questions: list[Question] = Field(min_length=3, max_length=6)
    levels: list[Text] = Field(min_length=4, max_length=4)
    signals: list[Signal] = Field(min_length=1)


class Assessment(Strict):
    scale: list[Text] = Field(min_length=4, max_length=4)
    scoring: Prose
    dimensions: list[Dimension] = Field(min_length=1)


# practices.yaml -----------------------------------------------------------


class Practice(Strict):
    id: Id
    title: Text
    summary: Prose
    in_practice: list[Text] = Field(min_length=1)
    pitfalls: list[Text] = Field(min_length=1)
    cases: list[Id] = []


class Practices(Strict):
    practices: list[Practice] = Field(min_length=1)


# strategies.yaml ----------------------------------------------------------


class EntryPoint(Strict):
    id: Id
    title: Text
    description: Prose


class Resources(Strict):
    staff: Text
    skills: Text
    budget: Level3


class Effort(Strict):
    """Work per year: days of network staff and of contracted providers."""

    staff_days: int = Field(ge=0, le=2000)
    provider_days: int = Field(0, ge=0, le=2000)


class Cost(Strict):
    """The cost structure of an option per year, priced with the network's own unit costs."""

    in_house: Effort  # delivered by network staff
    brokered: Effort  # delivered by contracted providers, coordinated by the network
    events: int = Field(0, ge=0, le=100)  # member events (workshops, meetings) per year
    services: float = Field(0, ge=0, le=10)  # external services per member reached, per year


class StrategyOption(Strict):
    id: Id
    title: Text
    entry_point: Id
    stage: Stage
    objective: Text
    activities: list[Text] = Field(min_length=1)
    resources: Resources
    partners: list[Text] = Field(min_length=1)
    indicators: list[Text] = Field(min_length=1)
    tools: list[Id] = []
    cost: Cost | None = None
    before: list[Id] = []  # kinds of dated event this option must be ready for
    ready_when: Text | None = None  # the criterion for moving on or scaling up


class StrategyMenu(Strict):
    entry_points: list[EntryPoint] = Field(min_length=1)
    options: list[StrategyOption] = Field(min_length=1)


# case_studies.yaml --------------------------------------------------------


class CaseStudy(Drafty):
    id: Id
    network: Name
    country: Text
    context: Prose
    sp_work: Prose
    entry_point: Id | None = None  # only where the sources support one
    lessons: list[Text] = []
    sources: list[Id] = Field(min_length=1)  # IDs of works in references.yaml


class CaseStudies(Strict):
    cases: list[CaseStudy] = Field(min_length=1)


# tools.yaml ---------------------------------------------------------------


class Tool(Drafty):
    id: Id
    name: Text
    owner: GlossedName
    purpose: Text
    measures: Text
    stages: list[Stage] = Field(min_length=1)
    effort: Level3
    cost: Level3
    languages: list[Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]] = []
    notes: Prose | None = None
    sources: list[Id] = Field(min_length=1)  # IDs of works in references.yaml


class ToolCatalogue(Strict):
    tools: list[Tool] = Field(min_length=1)


# glossary.yaml ------------------------------------------------------------


class Term(Strict):
    id: Id
    term: Text
    definition: Text


class Glossary(Strict):
    terms: list[Term] = Field(min_length=1)


# references.yaml ----------------------------------------------------------


class Work(Strict):
    """One cited work; its title stays in its original language, only the note is translated."""

    id: Id
    author: Name
    year: Annotated[int, Field(ge=1900, le=2100)] | None = None
    title: Citation
    publisher: Name | None = None
    url: Annotated[Citation, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    note: Text | None = None


class References(Strict):
    works: list[Work] = Field(min_length=1)


# worksheets.yaml ----------------------------------------------------------

FieldType = Literal["text", "multiline", "checkbox", "choice", "score", "number", "date"]


class Choice(Strict):
    id: Id
    label: Text


class FormField(Strict):
    id: Id
    type: FieldType
    label: Text
    help: Text | None = None
    choices: list[Choice] = []


class WorksheetSection(Strict):
    """Fields shown once, in `rows` repeated rows, or once per question/decision/tool/option."""

    id: Id
    title: Text
    intro: Prose | None = None
    layout: Literal["stack", "table"] = "stack"
    per: Literal["question", "decision", "tool", "option"] | None = None
    rows: int | None = Field(None, ge=1, le=40)
    fields: list[FormField] = Field(min_length=1)
    group_fields: list[FormField] = []


class Worksheet(Strict):
    id: Id
    title: Text
    purpose: Prose
    sections: list[WorksheetSection] = Field(min_length=1)


class Worksheets(Strict):
    worksheets: list[Worksheet] = Field(min_length=1)


#: Each content file and the class its document must validate as.
FILES: dict[str, type[Strict]] = {
    "guide.yaml": Guide,
    "decision_tree.yaml": DecisionTree,
    "assessment.yaml": Assessment,
    "practices.yaml": Practices,
    "strategies.yaml": StrategyMenu,
    "case_studies.yaml": CaseStudies,
    "tools.yaml": ToolCatalogue,
    "glossary.yaml": Glossary,
    "references.yaml": References,
    "worksheets.yaml": Worksheets,
}


class Content(Strict):
    """All content files together; cross-references resolved by `validate`."""

    guide: Guide
    decision_tree: DecisionTree
    assessment: Assessment
    practices: Practices
    strategies: StrategyMenu
    case_studies: CaseStudies
    tools: ToolCatalogue
    glossary: Glossary
    references: References
    worksheets: Worksheets
