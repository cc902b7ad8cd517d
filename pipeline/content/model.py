"""The typed, frozen content model: one root class per content file.

Fields typed `Text` are one translatable message; fields typed `Prose` are translated
paragraph by paragraph. Everything else (IDs, references, proper names, sources) is not.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$", max_length=64)]


class Translatable:
    """Marker in `Annotated` metadata: this string goes to translators."""

    def __init__(self, prose: bool) -> None:
        self.prose = prose


Text = Annotated[str, StringConstraints(min_length=1, max_length=2000), Translatable(False)]
Prose = Annotated[str, StringConstraints(min_length=1, max_length=20000), Translatable(True)]
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
    publisher: str
    chapters: list[Chapter] = Field(min_length=1)


# decision_tree.yaml -------------------------------------------------------


class Option(Strict):
    id: Id
    label: Text
    choose_if: Text
    next: Id


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


class StrategyMenu(Strict):
    entry_points: list[EntryPoint] = Field(min_length=1)
    options: list[StrategyOption] = Field(min_length=1)


# case_studies.yaml --------------------------------------------------------


class CaseStudy(Drafty):
    id: Id
    network: str
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
    owner: str
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
    author: Annotated[str, StringConstraints(min_length=2)]
    year: Annotated[int, Field(ge=1900, le=2100)] | None = None
    title: Annotated[str, StringConstraints(min_length=3)]
    publisher: str | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
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
    """Fields shown once, in `rows` repeated rows, or once per question/decision/tool."""

    id: Id
    title: Text
    intro: Prose | None = None
    layout: Literal["stack", "table"] = "stack"
    per: Literal["question", "decision", "tool"] | None = None
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
