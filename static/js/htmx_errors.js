/* Refusals (4xx) that the server renders as a fragment for the page, shown where they belong.
 *
 * htmx drops 4xx answers by default. An element marked `data-swap-errors` (the form that sent
 * the request, or an ancestor of the swap target) opts in: the answer, which explains what was
 * wrong, is swapped like a success but the request still counts as failed.
 */
(function () {
  "use strict";

  function optedIn(detail) {
    const status = detail.xhr ? detail.xhr.status : 0;
    if (status < 400 || status >= 500) return false;
    const elt = detail.requestConfig && detail.requestConfig.elt;
    const target = detail.target;
    return (elt instanceof Element && elt.closest("[data-swap-errors]") !== null) ||
      (target instanceof Element && target.closest("[data-swap-errors]") !== null);
  }

  // With DEBUG on, django-htmx's debug helper replaces the whole page with an error answer;
  // these answers are meant for their fragment, so keep them from it.
  window.addEventListener("htmx:beforeOnLoad", function (event) {
    if (optedIn(event.detail)) event.stopPropagation();
  }, true);

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (optedIn(event.detail)) event.detail.shouldSwap = true;
  });
})();
