"""project/memo.py: a bounded memo of renderings, and keys that hash once."""

from project.memo import BoundedMemo, MemoKey


def test_a_value_is_made_once_per_key():
    memo, made = BoundedMemo[str](100), []

    def make():
        made.append(1)
        return "value"

    assert memo.get_or_make(MemoKey("a"), make) == memo.get_or_make(MemoKey("a"), make) == "value"
    assert len(made) == 1


def test_different_keys_make_their_own_values():
    memo = BoundedMemo[str](100)
    assert memo.get_or_make(MemoKey("a"), lambda: "first") == "first"
    assert memo.get_or_make(MemoKey("b"), lambda: "second") == "second"


def test_the_least_recently_used_values_go_once_their_length_passes_the_budget():
    memo = BoundedMemo[str](10)
    memo.get_or_make("a", lambda: "aaaa")
    memo.get_or_make("b", lambda: "bbbb")
    memo.get_or_make("a", lambda: "not made")  # "a" is now the most recently used
    memo.get_or_make("c", lambda: "cccc")
    assert memo.get_or_make("a", lambda: "made again") == "aaaa"
    assert memo.get_or_make("b", lambda: "made again") == "made again"


def test_a_value_longer_than_the_whole_budget_is_not_kept():
    memo = BoundedMemo[str](3)
    memo.get_or_make(MemoKey("a"), lambda: "long value")
    assert len(memo) == 0
    assert memo.get_or_make(MemoKey("a"), lambda: "again") == "again"


def test_a_budget_of_zero_keeps_nothing():
    memo = BoundedMemo[str](0)
    memo.get_or_make(MemoKey("a"), lambda: "x")
    assert len(memo) == 0
    assert memo.get_or_make(MemoKey("a"), lambda: "made again") == "made again"


def test_the_same_key_object_asked_again_gets_the_value_even_when_it_was_not_kept():
    memo, made, key = BoundedMemo[str](0), [], MemoKey("a")

    def make():
        made.append(1)
        return "x"

    assert memo.get_or_make(key, make) == memo.get_or_make(key, make) == "x"
    assert len(made) == 1


def test_memo_keys_equal_and_hash_as_their_parts_do():
    assert MemoKey(1, ("a", 2)) == MemoKey(1, ("a", 2)) == (1, ("a", 2))
    assert hash(MemoKey(1, ("a", 2))) == hash((1, ("a", 2)))
    assert MemoKey(1, ("a", 2)) != MemoKey(1, ("a", 3))


def test_values_are_measured_by_the_size_given():
    memo = BoundedMemo[tuple[str, str]](5, size=lambda pair: len(pair[0]) + len(pair[1]))
    memo.get_or_make("a", lambda: ("aa", "aa"))
    memo.get_or_make("b", lambda: ("bb", "bb"))
    assert len(memo) == 1


def test_a_value_is_found_again_by_an_equal_key_that_is_another_object():
    memo = BoundedMemo[str](100)
    memo.get_or_make(MemoKey("a", (1, 2)), lambda: "value")
    assert memo.get_or_make(MemoKey("a", (1, 2)), lambda: "made again") == "value"
