/* Cite a passage of another article: the selection in the article text becomes the form's
 * hidden cited_start / cited_end (code points, via window.Corroborate.selection) and is shown
 * as the quote. The passage stays chosen when the selection moves on (to a radio or the note),
 * and stays marked with a CSS highlight where the browser supports it.
 */
(function () {
  "use strict";

  const HIGHLIGHT_NAME = "cited-passage";

  function initPicker(form) {
    const selection = window.Corroborate && window.Corroborate.selection;
    const container = form.querySelector("[data-picker-text]");
    const startField = form.querySelector("input[name='cited_start']");
    const endField = form.querySelector("input[name='cited_end']");
    const quote = form.querySelector("[data-picker-quote]");
    if (!selection || !container || !startField || !endField || !quote) return;

    function show(start, end) {
      const range = selection.rangeForSpan(container, start, end);
      if (!range) return;
      quote.textContent = range.toString();
      quote.classList.add("is-chosen");
      if (window.CSS && CSS.highlights && window.Highlight) {
        CSS.highlights.set(HIGHLIGHT_NAME, new Highlight(range.cloneRange()));
      }
    }

    // The fields take the passage at once, so a quick click on a radio or the button right
    // after selecting cannot lose it; only redrawing the quote waits for the selection to settle.
    let pending = 0;
    function take() {
      const span = selection.spanFromSelection(container);
      if (!span) return; // a selection elsewhere keeps the passage already chosen
      startField.value = String(span.start);
      endField.value = String(span.end);
      window.clearTimeout(pending);
      pending = window.setTimeout(function () {
        show(span.start, span.end);
      }, 120);
    }
    document.addEventListener("selectionchange", take);
    take(); // a passage selected while this script was still loading

    // After a refused submit the page comes back with the span still in the hidden fields.
    if (startField.value !== "" && endField.value !== "") {
      show(Number(startField.value), Number(endField.value));
    }
  }

  document.querySelectorAll("[data-cite-picker]").forEach(initPicker);
})();
