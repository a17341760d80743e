/* The catalogue's filters (catalogue/_filters.html), on the catalogue page and in the embed.
 *
 * Served open, so they are there without JavaScript; on a narrow screen (or in a narrow frame)
 * this folds them away under their summary until someone opens them, and follows the width as
 * it changes. */
(function () {
  "use strict";
  var filters = document.getElementById("catalogue-filters");
  if (!filters || !window.matchMedia) {
    return;
  }
  var narrow = window.matchMedia("(max-width: 40.0525em)");
  function fit() { filters.open = !narrow.matches; }
  fit();
  narrow.addEventListener("change", fit);
})();
