"""Follow spans of an article's text into its corrected revision, and never to a wrong place.

`align(old, new)` compares two revisions once; `Alignment.follow(span)` then says, for any
number of spans of the old text, what became of each:

- ``ANCHORED``: the span's exact text is in the new revision at the place that corresponds,
  with unchanged text around it (`CONTEXT_LENGTH` code points on each side, or up to the edge of
  its paragraph, which must then be an edge in the new text too);
- ``CHANGED``: the passage is still there but its words (or the words around it) changed; the
  result carries the corresponding span of the new text as a proposal for an editor;
- ``ORPHANED``: the passage is gone (deleted, or rewritten beyond recognition).

"Corresponds" is decided by an alignment of the two texts, never by searching for the quote:
a search finds repeated boilerplate in the wrong paragraph, and a deleted sentence's twin
elsewhere. The alignment works down three levels, each only where the one above left a gap:

1. paragraphs: identical paragraphs are paired in order, patience-diff style (paragraphs that
   occur once in each stretch anchor it, the longest increasing run of them is kept, the
   stretches between are aligned the same way, and equal paragraphs at a stretch's ends are
   paired outright). A paragraph that occurs exactly once in each text but out of order has
   moved, and is paired too. Repeated paragraphs are paired only by their order between anchors;
2. sentences: within each gap between paired paragraphs, identical sentences are paired in
   order the same way (without moves);
3. tokens (words, runs of whitespace, single punctuation marks): what is left between paired
   sentences is compared with `difflib.SequenceMatcher`.

Pure Python, no Django: the services call it inside the transaction that adds a revision.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum
from typing import Final

from annotations.anchoring import CONTEXT_LENGTH, Span

CHANGED_MIN_SIMILARITY: Final = 0.4
"""How alike (difflib ratio over lowercased words) a passage and its proposed new wording must be
for the passage to count as changed rather than gone."""

TOKEN_DIFF_MAX_CELLS: Final = 40_000_000
"""A token gap whose two sides multiply to more than this is taken as rewritten wholesale rather
than compared token by token: it bounds the cost of a total rewrite, whose spans would all be
orphaned anyway."""

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_WORD = re.compile(r"\w+")
_SENTENCE_END = frozenset(".!?…")
_CLOSERS = frozenset("\"')]’”»")
_UNMAPPED: Final = -1


class Outcome(StrEnum):
    ANCHORED = "anchored"
    CHANGED = "changed"
    ORPHANED = "orphaned"


@dataclass(frozen=True)
class Followed:
    """What became of a span: where it now is (anchored), where it probably is (changed), or
    nothing (orphaned)."""

    outcome: Outcome
    span: Span | None = None


@dataclass(frozen=True)
class _Tokens:
    """A text cut into tokens that cover it exactly, with its paragraphs as token ranges."""

    text: str
    starts: list[int]
    ends: list[int]
    values: list[str]
    paragraphs: list[tuple[int, int]]  # [first token, end token) of each, in order

    @classmethod
    def of(cls, text: str) -> _Tokens:
        starts, ends, values = [], [], []
        for match in _TOKEN.finditer(text):
            starts.append(match.start())
            ends.append(match.end())
            values.append(match.group())
        paragraphs: list[tuple[int, int]] = []
        first = None
        for index, value in enumerate(values):
            if value.isspace() and value.count("\n") >= 2:
                if first is not None:
                    paragraphs.append(cls._trimmed(values, first, index))
                first = None
            elif first is None:
                first = index
        if first is not None:
            paragraphs.append(cls._trimmed(values, first, len(values)))
        return cls(text, starts, ends, values, [p for p in paragraphs if p[0] < p[1]])

    @staticmethod
    def _trimmed(values: list[str], first: int, end: int) -> tuple[int, int]:
        while first < end and values[first].isspace():
            first += 1
        while end > first and values[end - 1].isspace():
            end -= 1
        return first, end

    def token_at(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def key(self, first: int, end: int) -> str:
        return self.text[self.starts[first] : self.ends[end - 1]]

    def sentences(self, positions: Sequence[int]) -> list[tuple[int, int]]:
        """The sentences among the tokens at `positions` (global token indices, in order), as
        [first, end) ranges of positions; whitespace between sentences belongs to none."""
        sentences: list[tuple[int, int]] = []
        first = None
        for at, token in enumerate(positions):
            value = self.values[token]
            if value.isspace():
                ends_sentence = value.count("\n") >= 2 or (
                    first is not None and self._ends_sentence(positions, first, at)
                )
                if ends_sentence and first is not None:
                    sentences.append((first, at))
                    first = None
            elif first is None:
                first = at
        if first is not None:
            sentences.append((first, len(positions)))
        return [self._trim_positions(positions, s) for s in sentences]

    def _ends_sentence(self, positions: Sequence[int], first: int, at: int) -> bool:
        back = at - 1
        while back > first and self.values[positions[back]] in _CLOSERS:
            back -= 1
        return self.values[positions[back]] in _SENTENCE_END

    def _trim_positions(self, positions: Sequence[int], span: tuple[int, int]) -> tuple[int, int]:
        first, end = span
        while end > first and self.values[positions[end - 1]].isspace():
            end -= 1
        return first, end


class Alignment:
    """Which tokens of the old text reappear unchanged in the new one, and where.

    `old_to_new[t]` is the new token equal to old token `t` (or -1); consecutive old tokens that
    map to consecutive new tokens form a run of unchanged text. An old token without a match
    lies in an edit, whose new side is `edit_start[t]:edit_end[t]` (code points of the new text).
    """

    def __init__(self, old: str, new: str) -> None:
        self.old = _Tokens.of(old)
        self.new = _Tokens.of(new)
        count = len(self.old.values)
        self.old_to_new = [_UNMAPPED] * count
        self.edit_start = [0] * count
        self.edit_end = [0] * count
        self._align()
        self._runs = self._number_runs()
        self._old_paragraph_starts = [self.old.starts[first] for first, _ in self.old.paragraphs]
        self._old_paragraph_ends = [self.old.ends[end - 1] for _, end in self.old.paragraphs]
        self._new_paragraph_starts = {self.new.starts[first] for first, _ in self.new.paragraphs}
        self._new_paragraph_ends = {self.new.ends[end - 1] for _, end in self.new.paragraphs}
        keys = Counter(self.old.key(*p) for p in self.old.paragraphs)
        keys.update(self.new.key(*p) for p in self.new.paragraphs)
        self._repeated_paragraphs = {
            index for index, p in enumerate(self.old.paragraphs) if keys[self.old.key(*p)] > 2
        }

    # Building ---------------------------------------------------------------------------------

    def _align(self) -> None:
        old, new = self.old, self.new
        old_keys = [old.key(*p) for p in old.paragraphs]
        new_keys = [new.key(*p) for p in new.paragraphs]
        in_order = _patience_pairs(old_keys, new_keys)
        moved = _moved_pairs(old_keys, new_keys, in_order)
        for i, j in [*in_order, *moved]:
            self._map_equal_range(old.paragraphs[i][0], new.paragraphs[j][0], old.paragraphs[i])
        moved_old = {i for i, _ in moved}
        moved_new = {j for _, j in moved}
        bounds = [(-1, -1), *in_order, (len(old.paragraphs), len(new.paragraphs))]
        for (i0, j0), (i1, j1) in zip(bounds, bounds[1:], strict=False):
            old_gap = _gap_positions(old, i0, i1, moved_old)
            new_gap = _gap_positions(new, j0, j1, moved_new)
            new_gap_start = new.ends[new.paragraphs[j0][1] - 1] if j0 >= 0 else 0
            self._align_sentences(old_gap, new_gap, new_gap_start)

    def _map_equal_range(self, old_first: int, new_first: int, old_range: tuple[int, int]) -> None:
        for offset in range(old_range[1] - old_range[0]):
            self.old_to_new[old_first + offset] = new_first + offset

    def _align_sentences(self, old_gap: list[int], new_gap: list[int], new_start: int) -> None:
        if not old_gap:
            return
        old_sentences = self.old.sentences(old_gap)
        new_sentences = self.new.sentences(new_gap)
        pairs = _patience_pairs(
            [self.old.key(old_gap[a], old_gap[b - 1] + 1) for a, b in old_sentences],
            [self.new.key(new_gap[a], new_gap[b - 1] + 1) for a, b in new_sentences],
        )
        previous_old, previous_new = 0, 0
        for i, j in pairs:
            (old_first, old_end), (new_first, _) = old_sentences[i], new_sentences[j]
            self._diff_tokens(
                old_gap[previous_old:old_first], new_gap[previous_new:new_first], new_start
            )
            for offset in range(old_end - old_first):
                self.old_to_new[old_gap[old_first + offset]] = new_gap[new_first + offset]
            previous_old, previous_new = old_end, new_first + (old_end - old_first)
            new_start = self.new.ends[new_gap[previous_new - 1]]
        self._diff_tokens(old_gap[previous_old:], new_gap[previous_new:], new_start)

    def _diff_tokens(self, old_tokens: list[int], new_tokens: list[int], new_start: int) -> None:
        """Compare what lies between paired sentences. Words drive the comparison: whitespace
        and punctuation only follow the words beside them (a bullet or a full stop matched on
        its own would pull a passage to the wrong sentence). `new_start` is where this stretch
        begins in the new text, which is where a deletion at its start points."""
        if not old_tokens:
            return
        pairs = self._word_pairs(old_tokens, new_tokens)
        pairs = _with_adjacent_fillers(
            pairs,
            [self.old.values[t] for t in old_tokens],
            [self.new.values[t] for t in new_tokens],
        )
        for i, j in pairs:
            self.old_to_new[old_tokens[i]] = new_tokens[j]
        # What is left between two pairs was edited: it became the new text between them.
        bounds = [(-1, -1), *pairs, (len(old_tokens), len(new_tokens))]
        for (i0, j0), (i1, j1) in zip(bounds, bounds[1:], strict=False):
            if i1 - i0 < 2:
                continue
            start = self.new.ends[new_tokens[j0]] if j0 >= 0 else new_start
            end = self.new.starts[new_tokens[j1]] if j1 < len(new_tokens) else None
            if end is None:
                end = self.new.ends[new_tokens[-1]] if j1 - j0 > 1 else start
            for token in old_tokens[i0 + 1 : i1]:
                self.edit_start[token], self.edit_end[token] = start, max(start, end)

    def _word_pairs(self, old_tokens: list[int], new_tokens: list[int]) -> list[tuple[int, int]]:
        """(position in old_tokens, position in new_tokens) of the words difflib pairs."""
        old_words = [i for i, t in enumerate(old_tokens) if not _is_filler(self.old.values[t])]
        new_words = [j for j, t in enumerate(new_tokens) if not _is_filler(self.new.values[t])]
        if not old_words or len(old_words) * len(new_words) > TOKEN_DIFF_MAX_CELLS:
            return []
        matcher = SequenceMatcher(
            None,
            [self.old.values[old_tokens[i]] for i in old_words],
            [self.new.values[new_tokens[j]] for j in new_words],
        )
        return [
            (old_words[a + k], new_words[b + k])
            for a, b, size in matcher.get_matching_blocks()
            for k in range(size)
        ]

    def _number_runs(self) -> list[int]:
        runs = [_UNMAPPED] * len(self.old_to_new)
        run = 0
        for token, target in enumerate(self.old_to_new):
            if target == _UNMAPPED:
                continue
            if token == 0 or self.old_to_new[token - 1] != target - 1:
                run += 1
            runs[token] = run
        return runs

    # Following a span -------------------------------------------------------------------------

    def follow(self, span: Span) -> Followed:
        """What became of `span` (a span of the old text) in the new text."""
        if not 0 <= span.start < span.end <= len(self.old.text):
            raise ValueError(f"{span} is not a non-empty span of the old text")
        first, last = self.old.token_at(span.start), self.old.token_at(span.end - 1)
        if self._has_unchanged_context(span, first, last):
            mapped = self._mapped(span)
            # The last word on it: a span whose text is not the same where it maps to did not
            # come along in one piece (a moved paragraph inside it), so it is never anchored.
            if mapped.quote(self.new.text) == span.quote(self.old.text):
                return Followed(Outcome.ANCHORED, mapped)
        proposal = self._proposal(span, first, last)
        if proposal is None:
            return Followed(Outcome.ORPHANED)
        return Followed(Outcome.CHANGED, proposal)

    def _new_offset(self, old_offset: int) -> int:
        token = self.old.token_at(old_offset)
        return self.new.starts[self.old_to_new[token]] + old_offset - self.old.starts[token]

    def _mapped(self, span: Span) -> Span:
        start = self._new_offset(span.start)
        return Span(start, start + span.end - span.start)

    def _paragraph_bounds(self, start: int, end: int) -> tuple[int, int]:
        """The start of the paragraph holding `start` and the end of the one holding `end`."""
        first = bisect.bisect_right(self._old_paragraph_starts, start) - 1
        last = bisect.bisect_left(self._old_paragraph_ends, end)
        low = self._old_paragraph_starts[first] if first >= 0 else 0
        high = (
            self._old_paragraph_ends[last]
            if last < len(self._old_paragraph_ends)
            else len(self.old.text)
        )
        return low, high

    def _has_unchanged_context(self, span: Span, first: int, last: int) -> bool:
        paragraph_start, paragraph_end = self._paragraph_bounds(span.start, span.end)
        left = max(span.start - CONTEXT_LENGTH, paragraph_start)
        right = min(span.end + CONTEXT_LENGTH, paragraph_end)
        if left < span.start:
            first = self.old.token_at(left)
        if right > span.end:
            last = self.old.token_at(right - 1)
        run = self._runs[first]
        if run == _UNMAPPED or self._runs[last] != run:
            return False
        # Context cut short by a paragraph's edge only counts if that edge is an edge anew.
        if left == paragraph_start and self._new_offset(left) not in self._new_paragraph_starts:
            return False
        new_right = self._new_offset(right - 1) + 1
        if right == paragraph_end and new_right not in self._new_paragraph_ends:
            return False
        return self._has_corresponding_neighbour(span, run)

    def _has_corresponding_neighbour(self, span: Span, run: int) -> bool:
        """A paragraph that occurs more than once (boilerplate) is only where it was if the
        paragraph before or after it came along: its own text cannot tell its copies apart."""
        paragraph = bisect.bisect_right(self._old_paragraph_starts, span.start) - 1
        if paragraph not in self._repeated_paragraphs:
            return True
        paragraphs = self.old.paragraphs
        if span.end > self._old_paragraph_ends[paragraph]:
            return True  # the span itself reaches into the next paragraph, which came along
        neighbours = []
        if paragraph > 0:
            neighbours.append(paragraphs[paragraph - 1][1] - 1)
        if paragraph + 1 < len(paragraphs):
            neighbours.append(paragraphs[paragraph + 1][0])
        return any(self._runs[token] == run for token in neighbours)

    def _proposal(self, span: Span, first: int, last: int) -> Span | None:
        start = self._mapped_start(span.start, first)
        end = self._mapped_end(span.end, last)
        if start >= end or not self._maps_in_order(first, last, start, end):
            return None
        text = self.new.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            return None
        before = span.quote(self.old.text)
        if similarity(before, text[start:end]) < CHANGED_MIN_SIMILARITY:
            return None
        return Span(start, end)

    def _mapped_start(self, offset: int, token: int) -> int:
        if self.old_to_new[token] == _UNMAPPED:
            return self.edit_start[token]
        return self._new_offset(offset)

    def _mapped_end(self, offset: int, token: int) -> int:
        if self.old_to_new[token] == _UNMAPPED:
            return self.edit_end[token]
        return self._new_offset(offset - 1) + 1

    def _maps_in_order(self, first: int, last: int, start: int, end: int) -> bool:
        """Whether the span's unchanged tokens land, in order, inside [start, end): not the case
        when part of the span moved away with its paragraph."""
        previous = _UNMAPPED
        for token in range(first, last + 1):
            target = self.old_to_new[token]
            if target == _UNMAPPED:
                continue
            overlaps = self.new.starts[target] < end and self.new.ends[target] > start
            if target <= previous or not overlaps:
                return False
            previous = target
        return True


def _is_filler(token: str) -> bool:
    """Whitespace and punctuation."""
    return not any(char.isalnum() for char in token)


def _with_adjacent_fillers(
    pairs: list[tuple[int, int]], old: Sequence[str], new: Sequence[str]
) -> list[tuple[int, int]]:
    """`pairs` (in order) plus the equal tokens that continue them: between two pairs, the
    punctuation attached to the end of the first (up to a space), then the equal tokens right
    before the second (a bullet, a space, an opening quote belong to what follows them)."""
    result: list[tuple[int, int]] = []
    bounds = [(-1, -1), *pairs, (len(old), len(new))]
    for (i0, j0), (i1, j1) in zip(bounds, bounds[1:], strict=False):
        if i0 >= 0:
            result.append((i0, j0))
        low_old, low_new, high_old, high_new = i0 + 1, j0 + 1, i1, j1
        while (
            low_old < high_old
            and low_new < high_new
            and old[low_old] == new[low_new]
            and not old[low_old].isspace()
        ):
            result.append((low_old, low_new))
            low_old, low_new = low_old + 1, low_new + 1
        tail: list[tuple[int, int]] = []
        while low_old < high_old and low_new < high_new and old[high_old - 1] == new[high_new - 1]:
            high_old, high_new = high_old - 1, high_new - 1
            tail.append((high_old, high_new))
        result.extend(reversed(tail))
    return result


def align(old: str, new: str) -> Alignment:
    """Align two revisions of a text; follow spans of `old` through the result."""
    return Alignment(old, new)


def similarity(before: str, after: str) -> float:
    """How alike two passages are, from 0 to 1: difflib's ratio over their lowercased words
    (over their characters when the first has no words)."""
    a, b = _WORD.findall(before.lower()), _WORD.findall(after.lower())
    if not a:
        a, b = list(before), list(after)
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


# Pairing equal units -----------------------------------------------------------------------


def _patience_pairs(old: Sequence[str], new: Sequence[str]) -> list[tuple[int, int]]:
    """In-order pairs (i, j) with old[i] == new[j], as a patience diff finds them: equal units
    at both ends of a stretch pair up; inside, units occurring once on each side anchor it (the
    longest run of them in the same order on both sides), and the stretches between anchors are
    aligned the same way. A stretch with no such anchor stays unpaired: no guess by position."""
    pairs: list[tuple[int, int]] = []
    stretches = [(0, len(old), 0, len(new))]
    while stretches:
        old_low, old_high, new_low, new_high = stretches.pop()
        while old_low < old_high and new_low < new_high and old[old_low] == new[new_low]:
            pairs.append((old_low, new_low))
            old_low, new_low = old_low + 1, new_low + 1
        while old_low < old_high and new_low < new_high and old[old_high - 1] == new[new_high - 1]:
            old_high, new_high = old_high - 1, new_high - 1
            pairs.append((old_high, new_high))
        if old_low == old_high or new_low == new_high:
            continue
        anchors = _longest_increasing(
            _unique_common(old, old_low, old_high, new, new_low, new_high)
        )
        for i, j in anchors:
            pairs.append((i, j))
            stretches.append((old_low, i, new_low, j))
            old_low, new_low = i + 1, j + 1
        if anchors:
            stretches.append((old_low, old_high, new_low, new_high))
    return sorted(pairs)


def _unique_common(
    old: Sequence[str], old_low: int, old_high: int, new: Sequence[str], new_low: int, new_high: int
) -> list[tuple[int, int]]:
    old_counts = Counter(old[old_low:old_high])
    new_positions: dict[str, int] = {}
    new_counts = Counter(new[new_low:new_high])
    for j in range(new_low, new_high):
        if new_counts[new[j]] == 1:
            new_positions[new[j]] = j
    return [
        (i, new_positions[old[i]])
        for i in range(old_low, old_high)
        if old_counts[old[i]] == 1 and old[i] in new_positions
    ]


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of `pairs` (sorted by i) whose j increase too."""
    tails: list[int] = []  # tails[k]: index into pairs of the smallest tail of a run of length k+1
    tail_values: list[int] = []  # the j of each of those tails, for bisecting
    back: list[int] = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(tail_values, j)
        if k > 0:
            back[index] = tails[k - 1]
        if k == len(tails):
            tails.append(index)
            tail_values.append(j)
        else:
            tails[k], tail_values[k] = index, j
    run: list[tuple[int, int]] = []
    index = tails[-1] if tails else -1
    while index != -1:
        run.append(pairs[index])
        index = back[index]
    return run[::-1]


def _moved_pairs(
    old: Sequence[str], new: Sequence[str], in_order: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Paragraphs that occur exactly once in each text, left unpaired by the in-order pass
    because they moved."""
    paired_old = {i for i, _ in in_order}
    paired_new = {j for _, j in in_order}
    old_counts, new_counts = Counter(old), Counter(new)
    new_index = {key: j for j, key in enumerate(new) if new_counts[key] == 1}
    return [
        (i, new_index[key])
        for i, key in enumerate(old)
        if i not in paired_old
        and old_counts[key] == 1
        and key in new_index
        and new_index[key] not in paired_new
    ]


def _gap_positions(tokens: _Tokens, after: int, before: int, moved: set[int]) -> list[int]:
    """The tokens between paragraph `after` and paragraph `before` (exclusive; -1 and the
    paragraph count stand for the text's ends), leaving out the tokens of moved paragraphs."""
    first = tokens.paragraphs[after][1] if after >= 0 else 0
    end = tokens.paragraphs[before][0] if before < len(tokens.paragraphs) else len(tokens.values)
    positions: list[int] = []
    token = first
    for index in range(after + 1, before):
        paragraph_first, paragraph_end = tokens.paragraphs[index]
        if index in moved:
            positions.extend(range(token, paragraph_first))
            token = paragraph_end
    positions.extend(range(token, end))
    return positions


# Showing a change -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """A stretch of a passage's wording, and whether the other wording lacks it."""

    text: str
    differs: bool


def wording_diff(before: str, after: str) -> tuple[list[Piece], list[Piece]]:
    """Both wordings cut into pieces, the words one has and the other lacks marked: for showing
    a changed claim's old and new wording side by side."""
    old, new = _TOKEN.findall(before), _TOKEN.findall(after)
    old_pieces: list[Piece] = []
    new_pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        differs = tag != "equal"
        if i2 > i1:
            _add_piece(old_pieces, "".join(old[i1:i2]), differs)
        if j2 > j1:
            _add_piece(new_pieces, "".join(new[j1:j2]), differs)
    return old_pieces, new_pieces


def _add_piece(pieces: list[Piece], text: str, differs: bool) -> None:
    if pieces and pieces[-1].differs == differs:
        pieces[-1] = Piece(pieces[-1].text + text, differs)
    else:
        pieces.append(Piece(text, differs))
