// Review pages: keyboard shortcuts, and review errors shown in place.
//
// Shortcuts: an element with data-review-key="k" answers the key k. A form is submitted
// (n: take the next claim); anything else is scrolled to and its first control focused
// (v: the verdicts, x: the request-changes comment, r: the rejection reason). Keys typed into
// text fields, with a modifier, or while an IME composes are left alone.
(function () {
  "use strict";

  const TEXT_ENTRY = "textarea, select, [contenteditable]:not([contenteditable='false']), " +
    "input:not([type=radio]):not([type=checkbox]):not([type=button]):not([type=submit])" +
    ":not([type=reset]):not([type=hidden])";

  function isTyping(target) {
    return target instanceof Element && target.closest(TEXT_ENTRY) !== null;
  }

  function firstControl(element) {
    if (element.matches("input, textarea, select, button")) return element;
    return element.querySelector("input:checked") ||
      element.querySelector("input:not([type=hidden]), textarea, select, button");
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.isComposing) return;
    if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey) return;
    if (event.key.length !== 1 || isTyping(event.target)) return;
    const key = CSS.escape(event.key.toLowerCase());
    const target = document.querySelector('[data-review-key="' + key + '"]');
    if (!target) return;
    event.preventDefault();
    if (target instanceof HTMLFormElement) {
      target.requestSubmit();
      return;
    }
    const control = firstControl(target);
    target.scrollIntoView({ block: "nearest" });
    if (control) control.focus();
  });

  // After a swap the panel's focus is lost: put it on the message that explains the outcome.
  document.addEventListener("htmx:afterSwap", function (event) {
    const target = event.detail.target;
    if (!(target instanceof Element) || !target.matches(".review-panel")) return;
    const panel = document.getElementById("claim-review");
    if (!panel) return;
    const message = panel.querySelector(".review-error, .review-notice");
    if (message) {
      message.setAttribute("tabindex", "-1");
      message.focus();
    }
  });
})();
