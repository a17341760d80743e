/* Maths Hub Work Groups: fits an embedded catalogue's frame to its content.
 *
 * A hub's website loads this script next to the frame of its catalogue
 * (<iframe src="https://SERVICE/hubs/HUB/embed/">, or .../HUB/YEAR/embed/ for one year). The
 * catalogue in the frame posts its height; this script applies it only when the message comes
 * from the service's own origin (the origin this script was loaded from), from that very
 * frame's window, in the expected shape, with a height within bounds. Anything else is ignored. Without it the frame simply scrolls. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src || !window.URL) {
    return;
  }
  var service = new URL(script.src).origin;
  var SMALLEST = 100;
  var TALLEST = 20000;

  function catalogueFrames() {
    return Array.prototype.filter.call(document.getElementsByTagName("iframe"), function (frame) {
      var src = frame.src || "";
      return src.indexOf(service + "/hubs/") === 0 && src.indexOf("/embed/") !== -1;
    });
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== service) {
      return;
    }
    var data = event.data;
    if (!data || typeof data !== "object" || data.type !== "workgroups-embed:height" ||
        typeof data.height !== "number" || !isFinite(data.height)) {
      return;
    }
    var height = Math.min(TALLEST, Math.max(SMALLEST, Math.ceil(data.height)));
    catalogueFrames().forEach(function (frame) {
      if (event.source !== null && frame.contentWindow === event.source) {
        frame.style.height = height + "px";
      }
    });
  });

  // A frame that loaded before this script missed its first chance to say how tall it is.
  function ask(frame) {
    if (frame.contentWindow) {
      frame.contentWindow.postMessage({ type: "workgroups-embed:measure" }, service);
    }
  }
  catalogueFrames().forEach(function (frame) {
    ask(frame);
    frame.addEventListener("load", function () { ask(frame); });
  });
})();
