/* Annotating an article: select text, claim it in a panel (saved through htmx), move between
 * claims with j/k, and list the claims under a highlight on click.
 *
 * Every listener is delegated from the document: htmx swaps in the changed text and list row
 * after each save, and an article may carry a thousand highlights. Offsets are code points
 * (selection.js).
 */
(function () {
  "use strict";

  const selection = window.Corroborate && window.Corroborate.selection;
  const byId = (id) => document.getElementById(id);
  const toolbar = byId("selection-toolbar");
  const dialog = byId("claim-dialog");
  const popover = byId("claim-popover");
  const liveRegion = byId("annotate-status");
  const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  const PENDING_HIGHLIGHT = "claim-pending";

  let pointerIsDown = false;
  let toolbarFrame = 0;
  let current = -1; // index in the claim list of the claim reached with j/k or a click
  let popoverOrigin = null;

  const articleText = () => byId("article-text");

  function announce(message) {
    if (!liveRegion) return;
    liveRegion.textContent = "";
    window.setTimeout(() => { liveRegion.textContent = message; }, 30);
  }

  /* A visible hint by the article (pressing c with nothing selected), read out too. */
  let nudgeTimer = 0;
  function nudge(message) {
    const hint = byId("annotate-nudge");
    if (!hint) {
      announce(message);
      return;
    }
    hint.textContent = message;
    hint.hidden = false;
    window.clearTimeout(nudgeTimer);
    nudgeTimer = window.setTimeout(() => { hint.hidden = true; }, 5000);
  }

  function isTyping(target) {
    return target instanceof Element &&
      (target.closest("input, textarea, select, [contenteditable='true']") !== null);
  }

  /* Position an absolutely placed element at viewport point (x, y), kept on screen. */
  function place(element, x, y) {
    const maxLeft = document.documentElement.clientWidth - element.offsetWidth - 8;
    element.style.left = `${Math.max(8, Math.min(x, maxLeft)) + window.scrollX}px`;
    element.style.top = `${y + window.scrollY}px`;
  }

  // Reading the canonical text back from the page ---------------------------------------------

  function leafAnchors(container) {
    return Array.from(container.querySelectorAll("[data-offset]"))
      .filter((element) => !element.querySelector("[data-offset]"));
  }

  function articleTextOf(element) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    let text = "";
    while (walker.nextNode()) {
      if (!walker.currentNode.parentElement.closest("[data-skip]")) text += walker.currentNode.data;
    }
    return text;
  }

  /* The canonical text of [start, end). Blocks are separated by one blank line in the canonical
   * text (annotations/canonical.py), which the page does not render: fill those gaps back in. */
  function canonicalSlice(container, start, end) {
    let text = "";
    let cursor = start;
    for (const leaf of leafAnchors(container)) {
      const offset = Number(leaf.dataset.offset);
      const chars = Array.from(articleTextOf(leaf));
      const leafEnd = offset + chars.length;
      if (leafEnd <= start) continue;
      if (offset >= end) break;
      if (offset > cursor) text += "\n".repeat(offset - cursor);
      const from = Math.max(start, offset);
      const to = Math.min(end, leafEnd);
      text += chars.slice(from - offset, to - offset).join("");
      cursor = to;
    }
    return text;
  }

  /* The selected span without the whitespace around it, with its text, or null. */
  function selectedSpan() {
    const container = articleText();
    if (!selection || !container || !container.hasAttribute("data-annotatable")) return null;
    const span = selection.spanFromSelection(container);
    if (!span) return null;
    const chars = Array.from(canonicalSlice(container, span.start, span.end));
    let head = 0;
    let tail = chars.length;
    while (head < tail && /\s/u.test(chars[head])) head++;
    while (tail > head && /\s/u.test(chars[tail - 1])) tail--;
    if (head === tail) return null;
    return { start: span.start + head, end: span.start + tail, exact: chars.slice(head, tail).join("") };
  }

  // The selection toolbar ---------------------------------------------------------------------

  function hasUsableSelection() {
    const container = articleText();
    const current = window.getSelection();
    return Boolean(
      selection && container && container.hasAttribute("data-annotatable") &&
      current && !current.isCollapsed && current.toString().trim() &&
      selection.spanFromSelection(container)
    );
  }

  function updateToolbar() {
    toolbarFrame = 0;
    if (!toolbar || (dialog && dialog.open)) return;
    if (!hasUsableSelection()) {
      toolbar.hidden = true;
      return;
    }
    const range = window.getSelection().getRangeAt(0);
    const rects = range.getClientRects();
    const last = rects.length ? rects[rects.length - 1] : range.getBoundingClientRect();
    toolbar.hidden = false;
    place(toolbar, last.right - toolbar.offsetWidth / 2, last.bottom + 8);
  }

  function scheduleToolbar() {
    if (!toolbarFrame) toolbarFrame = window.requestAnimationFrame(updateToolbar);
  }

  // The claim panel ---------------------------------------------------------------------------

  function showPendingHighlight(span) {
    const container = articleText();
    if (!window.CSS || !CSS.highlights || typeof Highlight === "undefined" || !container) return;
    const range = selection.rangeForSpan(container, span.start, span.end);
    if (range) CSS.highlights.set(PENDING_HIGHLIGHT, new Highlight(range));
  }

  function clearPendingHighlight() {
    if (window.CSS && CSS.highlights) CSS.highlights.delete(PENDING_HIGHLIGHT);
  }

  function openPanel() {
    if (!dialog || dialog.open) return;
    const span = selectedSpan();
    if (!span) {
      nudge("Select some text in the article first, then press c.");
      return;
    }
    const form = byId("claim-form");
    form.elements.start.value = String(span.start);
    form.elements.end.value = String(span.end);
    form.elements.exact.value = span.exact;
    byId("claim-quote").textContent = span.exact;
    const errors = byId("claim-form-errors");
    errors.hidden = true;
    errors.replaceChildren();
    if (toolbar) toolbar.hidden = true;
    showPendingHighlight(span);
    dialog.showModal();
    // "Seen before": ask for the claims like this quote (htmx; later edits of the text ask again).
    const seenBefore = byId("seen-before-dialog");
    if (seenBefore && window.htmx) window.htmx.trigger(seenBefore, "seen-before-refresh");
    const first = form.elements.text || form.querySelector("[type='submit']");
    first.focus();
  }

  function resetPanel() {
    const form = byId("claim-form");
    if (!form) return;
    form.reset();
    form.querySelectorAll(".tag-suggestions").forEach((box) => box.replaceChildren());
    const seenBefore = byId("seen-before-dialog");
    if (seenBefore) seenBefore.replaceChildren();
  }

  // Claims: the side list, the highlights, j/k ------------------------------------------------

  function claimItems() {
    return Array.from(document.querySelectorAll("#claim-list [data-claim-id]"));
  }

  function highlightsOf(claimId) {
    const container = articleText();
    return container ? Array.from(container.querySelectorAll(`mark[data-claims~="${claimId}"]`)) : [];
  }

  function flash(marks) {
    document.querySelectorAll("mark.hl--active").forEach((mark) => {
      mark.classList.remove("hl--active", "hl--flash");
    });
    for (const mark of marks) {
      mark.classList.add("hl--active");
      void mark.offsetWidth; // restart the animation when the same claim is flashed again
      mark.classList.add("hl--flash");
    }
  }

  function goTo(index) {
    const items = claimItems();
    if (!items.length) {
      announce("This text has no claims yet.");
      return;
    }
    current = Math.max(0, Math.min(index, items.length - 1));
    const item = items[current];
    const previous = document.querySelector("#claim-list [aria-current]");
    if (previous) previous.removeAttribute("aria-current");
    item.setAttribute("aria-current", "true");
    item.scrollIntoView({ block: "nearest" });

    const marks = highlightsOf(item.dataset.claimId);
    flash(marks);
    if (marks.length) {
      marks[0].tabIndex = -1;
      marks[0].focus({ preventScroll: true });
      marks[0].scrollIntoView({ block: "center", behavior: reduceMotion ? "auto" : "smooth" });
    }
    const label = item.querySelector(".status").textContent.trim();
    const text = item.querySelector(".claim-item__jump").textContent.trim();
    announce(`Claim ${current + 1} of ${items.length}, ${label}: ${text}`);
  }

  function goToClaim(claimId) {
    const index = claimItems().findIndex((item) => item.dataset.claimId === String(claimId));
    if (index !== -1) goTo(index);
  }

  function step(direction) {
    const count = claimItems().length;
    if (current === -1) goTo(direction > 0 ? 0 : count - 1);
    else if (current + direction < 0 || current + direction >= count) {
      announce(direction > 0 ? "That was the last claim." : "That was the first claim.");
    } else goTo(current + direction);
  }

  // The popover listing the claims under a highlight ------------------------------------------

  function openPopover(mark) {
    if (!popover) return;
    const list = popover.querySelector("ul");
    list.replaceChildren();
    for (const claimId of mark.dataset.claims.split(" ")) {
      const item = document.querySelector(`#claim-list [data-claim-id="${claimId}"]`);
      if (!item) continue;
      const entry = document.createElement("li");
      const link = document.createElement("a");
      link.href = item.querySelector(".claim-item__open").getAttribute("href");
      link.textContent = item.querySelector(".claim-item__jump").textContent.trim();
      entry.append(item.querySelector(".status").cloneNode(true), " ", link);
      list.append(entry);
    }
    popover.hidden = false;
    popoverOrigin = mark;
    const rect = mark.getBoundingClientRect();
    place(popover, rect.left, rect.bottom + 6);
    const firstLink = list.querySelector("a");
    if (firstLink) firstLink.focus({ preventScroll: true });
  }

  function closePopover({ restoreFocus }) {
    if (!popover || popover.hidden) return false;
    popover.hidden = true;
    if (restoreFocus && popoverOrigin) {
      popoverOrigin.tabIndex = -1;
      popoverOrigin.focus({ preventScroll: true });
    }
    popoverOrigin = null;
    return true;
  }

  // Tag suggestions ---------------------------------------------------------------------------

  function useSuggestion(button) {
    const field = button.closest(".tag-field");
    const name = button.dataset.tag;
    const checkbox = Array.from(field.querySelectorAll("input[type='checkbox']"))
      .find((box) => box.value === name);
    const input = field.querySelector("[data-tag-input]");
    const terms = input.value.split(",").map((term) => term.trim());
    terms.pop(); // the partly typed term the suggestion completes
    if (checkbox) checkbox.checked = true;
    else terms.push(name);
    input.value = terms.filter(Boolean).map((term) => `${term}, `).join("");
    field.querySelector(".tag-suggestions").replaceChildren();
    input.focus();
  }

  // Wiring ------------------------------------------------------------------------------------

  document.addEventListener("pointerdown", (event) => {
    pointerIsDown = !(toolbar && toolbar.contains(event.target));
  });
  document.addEventListener("pointerup", () => {
    pointerIsDown = false;
    scheduleToolbar();
  });
  document.addEventListener("selectionchange", () => {
    if (!pointerIsDown) scheduleToolbar();
  });
  // Keep the selection when the toolbar's button is pressed.
  if (toolbar) toolbar.addEventListener("mousedown", (event) => event.preventDefault());

  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const jump = target.closest("[data-jump]");
    if (jump) {
      goToClaim(jump.dataset.jump);
      return;
    }
    const action = target.closest("[data-action]");
    if (action && action.dataset.action === "claim") {
      openPanel();
      return;
    }
    if (action && action.dataset.action === "cancel") {
      dialog.close();
      return;
    }
    const suggestion = target.closest("[data-tag]");
    if (suggestion) {
      useSuggestion(suggestion);
      return;
    }
    if (popover && popover.contains(target)) return;
    const mark = target.closest("#article-text mark[data-claims]");
    if (mark && window.getSelection().isCollapsed) {
      openPopover(mark);
      return;
    }
    closePopover({ restoreFocus: false });
  });

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "Escape") {
      if (closePopover({ restoreFocus: true })) return;
      if (toolbar && !toolbar.hidden) {
        toolbar.hidden = true;
        window.getSelection().removeAllRanges();
      }
      return;
    }
    if ((dialog && dialog.open) || isTyping(event.target)) return;
    if (event.key === "j" || event.key === "k") {
      event.preventDefault();
      closePopover({ restoreFocus: false });
      step(event.key === "j" ? 1 : -1);
    } else if (event.key === "c" && dialog) {
      event.preventDefault();
      openPanel();
    } else if (event.key === "Enter" && event.target instanceof Element &&
               event.target.matches("#article-text mark[data-claims]")) {
      event.preventDefault();
      openPopover(event.target);
    }
  });

  if (dialog) {
    dialog.addEventListener("close", () => {
      clearPendingHighlight();
      scheduleToolbar();
    });
  }

  // Failed saves answer 4xx with a message for the panel: let htmx swap it in.
  const isRefusedSave = (detail) => {
    const status = detail.xhr.status;
    const form = detail.requestConfig && detail.requestConfig.elt;
    return status >= 400 && status < 500 && form instanceof Element &&
      form.closest("[data-swap-errors]") !== null;
  };
  // With DEBUG on, django-htmx's helper replaces the whole page with any 400/403/404 answer
  // to an htmx request; keep it away from these answers, which are meant for the panel.
  window.addEventListener("htmx:beforeOnLoad", (event) => {
    if (isRefusedSave(event.detail)) event.stopPropagation();
  }, true);
  document.addEventListener("htmx:beforeSwap", (event) => {
    if (isRefusedSave(event.detail)) event.detail.shouldSwap = true; // still a failure
  });
  document.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.target && event.detail.target.id === "claim-form-errors") {
      event.detail.target.hidden = false;
    }
  });
  document.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.elt.id === "claim-form" && event.detail.successful && dialog && dialog.open) {
      dialog.close();
      resetPanel();
    }
  });
  // Saving answers with only the regions the new claim changed, each swapped by id. A page left
  // open while others marked claims may lack one (the row the new one goes before): then read
  // the page afresh, at the new claim, rather than show a list that disagrees with the text.
  let staleRegions = false;
  document.addEventListener("htmx:oobErrorNoTarget", () => { staleRegions = true; });
  document.addEventListener("claim-saved", (event) => {
    if (staleRegions) {
      window.location.hash = `claim-${event.detail.id}`;
      window.location.reload();
      return;
    }
    current = -1;
    goToClaim(event.detail.id);
    announce("Claim saved.");
  });

  // Arriving at a claim (#claim-7), or moving one: show where it is now.
  const linked = /^#claim-(\d+)$/.exec(window.location.hash);
  const moving = articleText() && articleText().dataset.reanchor;
  if (linked || moving) goToClaim(linked ? linked[1] : moving);
})();
