/* Text selection ↔ canonical-text spans, in Unicode code points (the W3C Web Annotation rule).
 *
 * The article is rendered so that every element carrying `data-offset` contains exactly the
 * canonical text starting at that code point offset, except descendants marked `data-skip`
 * (badges, buttons) which hold no article text. JavaScript strings count UTF-16 units, so every
 * conversion here goes through code points: an emoji is one code point but two units.
 *
 * Exposes window.Corroborate.selection = { spanFromSelection, rangeForSpan, codePointLength }.
 */
(function () {
  "use strict";

  function codePointLength(text) {
    let count = 0;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      // A high surrogate followed by a low one is a single code point.
      if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) i++;
      }
      count++;
    }
    return count;
  }

  function isSkipped(node, container) {
    for (let el = node.parentElement; el && el !== container; el = el.parentElement) {
      if (el.hasAttribute("data-skip")) return true;
    }
    return false;
  }

  function offsetAncestor(node, container) {
    for (let el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
         el && container.contains(el); el = el.parentElement) {
      if (el.hasAttribute("data-offset")) return el;
    }
    return null;
  }

  function textNodesIn(root, container) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (isSkipped(n, container) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    return nodes;
  }

  /* The code point offset in the canonical text of a DOM boundary point (node, utf16Offset). */
  function codePointOffset(container, node, utf16Offset) {
    if (node.nodeType !== Node.TEXT_NODE) {
      // A boundary between children: move to the start of the child, or the end of the last one.
      const child = node.childNodes[utf16Offset];
      if (child) {
        const first = textNodesIn(child, container)[0];
        if (first) return codePointOffset(container, first, 0);
      }
      const before = textNodesIn(node, container);
      const last = utf16Offset > 0 ? before[before.length - 1] : null;
      if (last) return codePointOffset(container, last, last.data.length);
      const anchor = offsetAncestor(node, container);
      return anchor ? Number(anchor.dataset.offset) : null;
    }
    if (isSkipped(node, container)) return null;
    const anchor = offsetAncestor(node, container);
    if (!anchor) return null;
    let offset = Number(anchor.dataset.offset);
    for (const textNode of textNodesIn(anchor, container)) {
      if (textNode === node) return offset + codePointLength(node.data.slice(0, utf16Offset));
      offset += codePointLength(textNode.data);
    }
    return null;
  }

  /* The current selection as {start, end} code points, or null if it is empty or outside. */
  function spanFromSelection(container) {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    if (!container.contains(range.commonAncestorContainer)) return null;
    const start = codePointOffset(container, range.startContainer, range.startOffset);
    const end = codePointOffset(container, range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return null;
    return { start: start, end: end };
  }

  /* A DOM Range covering the code points [start, end), for flashing or re-selecting a span. */
  function rangeForSpan(container, start, end) {
    const range = document.createRange();
    let placedStart = false;
    for (const node of textNodesIn(container, container)) {
      const anchor = offsetAncestor(node, container);
      if (!anchor) continue;
      const offset = codePointOffset(container, node, 0);
      const length = codePointLength(node.data);
      if (!placedStart && start < offset + length) {
        range.setStart(node, utf16Index(node.data, Math.max(0, start - offset)));
        placedStart = true;
      }
      if (placedStart && end <= offset + length) {
        range.setEnd(node, utf16Index(node.data, end - offset));
        return range;
      }
    }
    return placedStart ? range : null;
  }

  function utf16Index(text, codePoints) {
    let index = 0;
    for (let seen = 0; seen < codePoints && index < text.length; seen++) {
      const unit = text.charCodeAt(index);
      index += unit >= 0xd800 && unit <= 0xdbff ? 2 : 1;
    }
    return index;
  }

  window.Corroborate = window.Corroborate || {};
  window.Corroborate.selection = {
    spanFromSelection: spanFromSelection,
    rangeForSpan: rangeForSpan,
    codePointLength: codePointLength,
  };
})();
