/* Refused htmx requests (4xx, and a 5xx the server explained) are shown where the user acted.
 *
 * - An element marked `data-swap-errors` (the element that sent the request, or an ancestor of
 *   the swap target) opts in: the answer is a re-rendered region that explains what was wrong
 *   (a form with its errors, the review panel with its message) and is swapped like a success.
 * - Any other refusal is the server's `.refusal` box (templates/errors/page.html): it is put
 *   just before the form or control that sent the request, replacing any earlier one there,
 *   so a message appears once and next to the action.
 *
 * With DEBUG on, django-htmx's debug helper replaces the whole page with any 400/403/404/500
 * answer; these answers are meant for their place on the page, so they are kept from it. A 500
 * that is not one of ours (Django's technical page) is left to the helper.
 */
(function () {
  "use strict";

  const SLOT_CLASS = "refusal-slot";

  function statusOf(detail) {
    return detail.xhr ? detail.xhr.status : 0;
  }

  function isExplainedRefusal(detail) {
    const status = statusOf(detail);
    if (status >= 400 && status < 500) return true;
    return status >= 500 && /class="[^"]*\brefusal\b/.test(detail.xhr.responseText || "");
  }

  function optedIn(detail) {
    const elt = detail.requestConfig && detail.requestConfig.elt;
    const target = detail.target;
    return (elt instanceof Element && elt.closest("[data-swap-errors]") !== null) ||
      (target instanceof Element && target.closest("[data-swap-errors]") !== null);
  }

  function refusalFrom(responseText) {
    const parsed = new DOMParser().parseFromString(responseText, "text/html");
    const box = parsed.querySelector(".refusal");
    if (box) return document.importNode(box, true);
    const fallback = document.createElement("div");
    fallback.className = "form-errors refusal";
    fallback.setAttribute("role", "alert");
    fallback.textContent = "The request was refused. Reload the page and try again.";
    return fallback;
  }

  function showInPlace(detail) {
    const elt = detail.requestConfig && detail.requestConfig.elt;
    const anchor = elt instanceof Element ? (elt.closest("form") || elt) : document.getElementById("main");
    if (!anchor || !anchor.parentNode) return;
    let slot = anchor.previousElementSibling;
    if (!slot || !slot.classList.contains(SLOT_CLASS)) {
      slot = document.createElement("div");
      slot.className = SLOT_CLASS;
      anchor.parentNode.insertBefore(slot, anchor);
    }
    const box = refusalFrom(detail.xhr.responseText || "");
    box.setAttribute("tabindex", "-1");
    slot.replaceChildren(box);
    box.focus();
  }

  window.addEventListener("htmx:beforeOnLoad", function (event) {
    if (isExplainedRefusal(event.detail)) event.stopPropagation();
  }, true);

  document.addEventListener("htmx:beforeSwap", function (event) {
    const detail = event.detail;
    if (!isExplainedRefusal(detail)) return;
    if (optedIn(detail)) {
      detail.shouldSwap = true;
      return;
    }
    detail.shouldSwap = false;
    showInPlace(detail);
  });
})();
