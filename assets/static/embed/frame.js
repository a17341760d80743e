/* The embedded catalogue's own script (workgroups/publishing/templates/embed/catalogue.html).
 *
 * Tells the page framing it how tall the catalogue is, whenever that changes, so the host
 * page's script (/embed/catalogue.js) can fit the frame to it. The height is posted once per
 * website the hub listed, each time with that website as the targetOrigin: the browser delivers
 * it only if the framing page is that website, so no other page learns anything. The service's
 * own origin is listed too, for the staff page's live preview. Without this script, or without
 * the host page's, the frame simply scrolls. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.parent === window) {
    return; // opened on its own, not in a frame
  }
  var targets = [window.location.origin].concat(
    (script.getAttribute("data-origins") || "").split(" ").filter(Boolean));
  var posted = -1;

  function height() {
    return Math.ceil(document.documentElement.getBoundingClientRect().height);
  }

  function post(always) {
    var now = height();
    if (now === posted && !always) {
      return;
    }
    posted = now;
    targets.forEach(function (origin) {
      try {
        window.parent.postMessage({ type: "workgroups-embed:height", height: now }, origin);
      } catch (error) {
        // A malformed origin: skip it, the others still get the height.
      }
    });
  }

  if (window.ResizeObserver) {
    new ResizeObserver(function () { post(false); }).observe(document.documentElement);
  } else {
    window.addEventListener("resize", function () { post(false); });
  }
  window.addEventListener("load", function () { post(true); });
  // The host page's script may start after the first height was posted: it asks again.
  window.addEventListener("message", function (event) {
    if (event.source === window.parent && event.data &&
        event.data.type === "workgroups-embed:measure") {
      post(true);
    }
  });
})();
