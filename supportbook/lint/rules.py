"""Load the safe-messaging rules from YAML and compile them.

The rules are data (`rules.yml`): an editor adds one without touching code. Each rule has:

* `id`, `family`, `message`, `suggestion`, `source` (the guideline it comes from);
* `patterns`: what to look for, in the pattern language below; or `words`: plain words and phrases;
* `near` (optional): patterns at least one of which must appear in the same sentence (the match
  included; `near_scope: paragraph` widens this to the paragraph), e.g. body-site words only near
  self-harm;
* `unless` (optional): patterns that excuse the match when they appear elsewhere in the sentence,
  e.g. a negation or correction ("does not", "is a myth", "never"); `<match>` stands for the match,
  so "not <match>" is a negation right before it;
* `unless_clause` (optional): like `unless`, but only within the match's clause (commas, semicolons,
  "but", "so" and dashes end a clause), for negations: "Don't worry, it's a phase" is not excused
  by "Don't", while "Don't dismiss it as a phase" is;
* `unless_section` (optional): patterns that excuse the match under a heading they match ("Myths");
* `not_before` / `not_after` (optional): patterns that may not come right before / after the match
  ("cookie" cutter, "suicide" crisis "line");
* `only_in: title` (optional): only in the page's title (level-1 heading);
* `boundary: false` (optional): also match inside words (for emoji and emoticons);
* `example` (optional): a sentence the rule must flag (checked by the tests).

Pattern language (Python regular expressions matched on whole words; matching ignores case, because
patterns and text are both lower-cased, so write `[a-z]` rather than `[A-Z]`), plus:

* a space matches any run of whitespace, including a line break (" ?" an optional one);
* a hyphen between two letters also matches a space or nothing ("self-harm", "self harm");
* `word~` matches the word's inflections (commit, commits, committed, committing; hide, hid, hidden);
  irregular forms come from the `inflections` table in the rules file;
* `@name` inserts the named list from `lists` (itself written in this language);
* `^` matches at the start of a sentence, list item or table cell, or of a clause after `,` `;` `:`
  (for advice given as an instruction: "^promise" flags "Promise them..." but not "ask you to promise").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from supportbook.lint import scorer as scorer_module
from supportbook.lint.prefilter import Index
from supportbook.lint.scorer import Scorer, ScorerError

RULE_KEYS = {
    "id", "family", "patterns", "words", "near", "near_scope", "unless", "unless_clause", "unless_section",
    "not_before", "not_after", "only_in", "message", "suggestion", "source", "example", "boundary",
}  # fmt: skip
REQUIRED_KEYS = ("id", "family", "message", "suggestion", "source")
ID_RE = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$")
_WORD_TILDE = re.compile(r"(?<![\\\w])([A-Za-z]+)~")
_LOOKBEHIND = re.compile(r"(\(\?<[!=](?:[^()\\]|\\.)*\))")
_BARE_LIST = re.compile(r"^@[A-Za-z_][A-Za-z0-9_]*$")
_LIST_REF = re.compile(r"@([A-Za-z_][A-Za-z0-9_]*)")
_VOWELS = "aeiou"
# `^` in a pattern: the start of a sentence, list item or cell (the engine marks it with \x02), or of a
# clause after a comma, semicolon or colon, perhaps after an opening quote or bracket. Zero-width, so
# a match starts at its first word (which the prefix index relies on).
CLAUSE_MARK = "\x02"
# In `unless`, the match itself is replaced by MATCH_MARK; `<match>` in a pattern stands for it, so
# "not (\w+ ){0,2}<match>" means a negation just before the match.
MATCH_MARK = "\x04"
SENTENCE_START = (
    r"(?:(?<=[\x00\x01\x02,;:])|(?<=[\x00\x01\x02,;:]\s)|(?<=[\x00\x01\x02,;:][\"'(])|(?<=[,;:]\s[\"'(])"
    r"|\A|(?<=\A[\"'(]))"
)  # zero-width, so a match starts at its first word


# Matching is done on ASCII-lower-cased text with lower-cased patterns: the same result as IGNORECASE,
# but Python's regex engine can then skip alternatives by their first letter (about 2.5x faster).
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_REGEX_TOKEN = re.compile(r"\\[uU][0-9A-Fa-f]{4,8}|\\x[0-9A-Fa-f]{2}|\\N\{[^}]*\}|\\.|\(\?P<\w+>|\(\?P=\w+\)|.", re.S)


def lower_pattern(regex: str) -> str:
    """Lower-case the letters a regular expression matches, leaving escapes (\\S, \\W, \\u2019) alone."""
    return "".join(token.lower() if len(token) == 1 else token for token in _REGEX_TOKEN.findall(regex))


def compile_lower(regex: str) -> re.Pattern[str]:
    return re.compile(lower_pattern(regex))


class RulesError(ValueError):
    """A rules file that cannot be used; the message names the rule and the problem."""


@dataclass(frozen=True)
class AnyOf:
    """Several compiled patterns searched as one (shared lists are compiled once, not per rule)."""

    patterns: tuple[re.Pattern[str], ...]

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        end = len(text) if endpos is None else endpos
        for pattern in self.patterns:
            found = pattern.search(text, pos, end)
            if found:
                return found
        return None


def split_alternatives(pattern: str) -> list[str]:
    """Split a pattern at its top-level `|` (outside groups and classes)."""
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


@dataclass(frozen=True)
class Rule:
    id: str
    family: str
    message: str
    suggestion: str
    source: str
    regex: re.Pattern[str]
    near: AnyOf | None = None
    near_scope: str = "sentence"
    unless: AnyOf | None = None
    unless_clause: AnyOf | None = None
    unless_section: AnyOf | None = None
    not_before: re.Pattern[str] | None = None
    not_after: re.Pattern[str] | None = None
    only_in: str = ""
    example: str = ""


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    path: str
    index: Index = field(default_factory=Index, compare=False, repr=False)
    # The learned second opinion (`scorer:` in the rules file names its weights), or None.
    scorer: Scorer | None = field(default=None, compare=False, repr=False)

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(rule.id for rule in self.rules) | ({scorer_module.RULE_ID} if self.scorer else set())

    @property
    def families(self) -> frozenset[str]:
        return frozenset(rule.family for rule in self.rules)

    def get(self, rule_id: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)


def inflections(word: str, irregular: dict[str, list[str]]) -> list[str]:
    """Forms of an English word: plural / third person, past, participles (over-generation is harmless)."""
    w = word.lower()
    forms = {w, *irregular.get(w, [])}
    if w.endswith(("s", "x", "z", "ch", "sh")):
        forms |= {w + "es", w + "ed", w + "ing"}
        if w.endswith("ch"):
            forms.add(w + "s")  # stomachs, monarchs
    elif w.endswith("ie"):
        forms |= {w + "s", w + "d", w[:-2] + "ying"}
    elif w.endswith("e"):
        forms |= {w + "s", w + "d", w[:-1] + "ing"}
    elif w.endswith("y") and len(w) > 1 and w[-2] not in _VOWELS:
        forms |= {w[:-1] + "ies", w[:-1] + "ied", w + "ing"}
    else:
        forms |= {w + "s", w + "ed", w + "ing"}
        if len(w) >= 3 and w[-1] not in _VOWELS + "wxy" and w[-2] in _VOWELS and w[-3] not in _VOWELS:
            forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}
    return sorted(forms, key=lambda f: (-len(f), f))


def _split_class_aware(pattern: str) -> list[tuple[str, bool]]:
    """Split a pattern into (chunk, is_literal_context) so that character classes are left alone."""
    chunks: list[tuple[str, bool]] = []
    buf = ""
    i = 0
    in_class = False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            buf += pattern[i : i + 2]
            i += 2
            continue
        if not in_class and ch == "[":
            chunks.append((buf, True))
            buf, in_class = ch, True
        elif in_class and ch == "]" and len(buf) > 1 and buf not in ("[^",):
            chunks.append((buf + ch, False))
            buf, in_class = "", False
        else:
            buf += ch
        i += 1
    chunks.append((buf, not in_class))
    return chunks


class _Compiler:
    def __init__(self, lists: dict[str, Any], irregular: dict[str, list[str]]) -> None:
        self.raw_lists = lists
        self.irregular = irregular
        self.expanded: dict[str, str] = {}
        self.cache: dict[str, re.Pattern[str]] = {}

    def list_regex(self, name: str, trail: tuple[str, ...] = ()) -> str:
        if name in self.expanded:
            return self.expanded[name]
        if name not in self.raw_lists:
            raise RulesError(f"unknown list '@{name}'")
        if name in trail:
            raise RulesError(f"list '@{name}' refers to itself")
        value = self.raw_lists[name]
        items = value if isinstance(value, list) else [value]
        regex = "|".join(self.translate(str(item), (*trail, name)) for item in items)
        self.expanded[name] = regex
        return regex

    def translate(self, pattern: str, trail: tuple[str, ...] = ()) -> str:
        """The pattern language to a Python regular expression (without word boundaries)."""
        out = []
        for chunk, literal in _split_class_aware(pattern):
            if not literal:
                out.append(chunk)
                continue
            pieces = _LOOKBEHIND.split(chunk)
            if len(pieces) > 1:  # a lookbehind must stay fixed-width: keep its spaces literal
                out.append("".join(p if i % 2 else self.translate_plain(p, trail) for i, p in enumerate(pieces)))
                continue
            out.append(self.translate_plain(chunk, trail))
        return "".join(out)

    def translate_plain(self, chunk: str, trail: tuple[str, ...]) -> str:
        names: list[str] = []

        def hold(match: re.Match[str]) -> str:
            names.append(match.group(1))
            return f"\x03{len(names) - 1}\x03"

        chunk = _LIST_REF.sub(hold, chunk)  # lists are already translated: insert them last
        chunk = _WORD_TILDE.sub(lambda m: "(?:" + "|".join(inflections(m.group(1), self.irregular)) + ")", chunk)
        chunk = re.sub(r"(?<=[A-Za-z])-(?=[A-Za-z(])", r"(?:-\\s*|\\s+)?", chunk)
        chunk = chunk.replace("<match>", MATCH_MARK + "+")
        chunk = re.sub(r" +(?=[*+?{])", r"\\s", chunk)  # "x ?y": an optional space
        chunk = re.sub(r" +", r"\\s+", chunk)
        chunk = re.sub(r"(?<!\\)\^", lambda m: SENTENCE_START, chunk)
        return re.sub(
            "\x03(\\d+)\x03", lambda m: f"(?:{self.list_regex(names[int(m.group(1))], trail)})", chunk
        )

    def words_regex(self, words: list[str]) -> str:
        parts = []
        for phrase in words:
            tokens = str(phrase).split()
            escaped = [re.escape(t).replace(r"\-", "-") for t in tokens[:-1]]
            escaped.append(re.escape(tokens[-1]).replace(r"\-", "-") + "~")
            parts.append(self.translate(" ".join(escaped)))
        return "|".join(parts)

    def any_of(self, patterns: list[str]) -> AnyOf:
        """Context patterns: a bare `@list` alternative is compiled once and shared by every rule."""
        shared: list[str] = []
        own: list[str] = []
        for pattern in patterns:
            for part in split_alternatives(pattern):
                (shared if _BARE_LIST.match(part) else own).append(part)
        compiled = []
        for part in dict.fromkeys(shared):
            if part not in self.cache:
                self.cache[part] = self.compile([part])
            compiled.append(self.cache[part])
        if own:
            compiled.append(self.compile(["|".join(own)]))
        return AnyOf(tuple(compiled))

    def compile(self, patterns: list[str], boundary: bool = True) -> re.Pattern[str]:
        body = "|".join(f"(?:{self.translate(p)})" for p in patterns)
        if boundary:
            body = rf"(?<![\w])(?:{body})(?![\w])"
        return compile_lower(body)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


def _compile_rule(spec: dict[str, Any], compiler: _Compiler) -> Rule:
    rid = spec.get("id", "?")
    missing = [key for key in REQUIRED_KEYS if not spec.get(key)]
    if missing:
        raise RulesError(f"rule {rid}: missing {', '.join(missing)}")
    unknown = set(spec) - RULE_KEYS
    if unknown:
        raise RulesError(f"rule {rid}: unknown key(s) {', '.join(sorted(unknown))}")
    if not ID_RE.match(str(rid)):
        raise RulesError(f"rule {rid}: an id is capitals and digits joined by hyphens, e.g. LANG-COMMITTED")
    patterns = _as_list(spec.get("patterns"))
    words = _as_list(spec.get("words"))
    if not patterns and not words:
        raise RulesError(f"rule {rid}: needs 'patterns' or 'words'")
    if words:
        patterns.append(compiler.words_regex(words))
    scope = str(spec.get("near_scope", "sentence"))
    if scope not in ("sentence", "paragraph"):
        raise RulesError(f"rule {rid}: near_scope must be 'sentence' or 'paragraph'")
    only_in = str(spec.get("only_in", ""))
    if only_in not in ("", "title"):
        raise RulesError(f"rule {rid}: only_in must be 'title'")

    def optional(key: str) -> AnyOf | None:
        items = _as_list(spec.get(key))
        return compiler.any_of(items) if items else None

    try:
        not_before = _as_list(spec.get("not_before"))
        not_after = _as_list(spec.get("not_after"))
        return Rule(
            id=str(rid),
            family=str(spec["family"]),
            message=str(spec["message"]).strip(),
            suggestion=str(spec["suggestion"]).strip(),
            source=str(spec["source"]).strip(),
            regex=compiler.compile(patterns, bool(spec.get("boundary", True))),
            near=optional("near"),
            near_scope=scope,
            unless=optional("unless"),
            unless_clause=optional("unless_clause"),
            unless_section=optional("unless_section"),
            not_before=compile_lower(
                r"(?<![\w])(?:" + "|".join(compiler.translate(p) for p in not_before) + r")[\s\"'-]*$"
            )
            if not_before
            else None,
            not_after=compile_lower(
                r"^[\s\"'-]*(?:" + "|".join(compiler.translate(p) for p in not_after) + r")(?![\w])"
            )
            if not_after
            else None,
            only_in=only_in,
            example=str(spec.get("example", "")),
        )
    except re.error as exc:
        raise RulesError(f"rule {rid}: the pattern does not compile ({exc})") from None


def _scorer(data: dict[str, Any], path: str, base: Path | None, compiler: _Compiler) -> Scorer | None:
    """`scorer: {weights: FILE.json, unless_section: [...]}`: the weights file next to the rules file (the
    package's, for the book's own rules) and the headings under which it stays silent, as in a rule."""
    spec = data.get("scorer")
    if spec is None:
        return None
    name = spec.get("weights") if isinstance(spec, dict) else None
    if not isinstance(name, str) or not name.endswith(".json") or "/" in name or "\\" in name:
        raise RulesError(
            f"{path}: 'scorer' must be a mapping whose 'weights' names a .json file next to the rules file"
        )
    unknown = set(spec) - {"weights", "unless_section"}
    if unknown:
        raise RulesError(f"{path}: 'scorer' has unknown keys: {', '.join(sorted(unknown))}")
    try:
        loaded = scorer_module.load((base or Path(__file__).parent) / name)
    except ScorerError as exc:
        raise RulesError(str(exc)) from None
    sections = _as_list(spec.get("unless_section"))
    try:
        return replace(loaded, unless_section=compiler.any_of(sections) if sections else None)
    except re.error as exc:
        raise RulesError(f"{path}: scorer: the unless_section pattern does not compile ({exc})") from None


def parse_rules(data: Any, path: str = "<rules>", base: Path | None = None) -> RuleSet:
    """Compile a rules mapping; `base` is the folder a `scorer:` weights file is read from."""
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RulesError(f"{path}: expected a mapping with a 'rules' list")
    irregular = {str(k).lower(): _as_list(v) for k, v in (data.get("inflections") or {}).items()}
    compiler = _Compiler(dict(data.get("lists") or {}), irregular)
    rules = []
    seen: set[str] = set()
    for spec in data["rules"]:
        if not isinstance(spec, dict):
            raise RulesError(f"{path}: each rule must be a mapping")
        rule = _compile_rule(spec, compiler)
        if rule.id in seen:
            raise RulesError(f"{path}: rule id {rule.id} is used twice")
        seen.add(rule.id)
        rules.append(rule)
    return RuleSet(tuple(rules), path, Index.build([rule.regex for rule in rules]), _scorer(data, path, base, compiler))


def load_rules(path: str | Path | None = None) -> RuleSet:
    """The rules in `path` (default: the book's `rules.yml`), compiled. Cached per path."""
    return _load(str(path) if path is not None else "")


@functools.lru_cache(maxsize=8)
def _load(path: str) -> RuleSet:
    base = Path(path).parent if path else None
    if path:
        text = Path(path).read_text(encoding="utf-8")
    else:
        text = resources.files("supportbook.lint").joinpath("rules.yml").read_text(encoding="utf-8")
        path = "supportbook/lint/rules.yml"
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise RulesError(f"{path}: the YAML does not parse ({exc})") from None
    return parse_rules(data, path, base)
