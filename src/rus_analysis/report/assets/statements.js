/* The report's statements table: search and filters, driven by links ("#udsagn?tema=…").
   Progressive: without JavaScript the whole table is shown in its scroll box. */
(function () {
  "use strict";
  var PAGE = 200;
  function init(root) {
    var rows = Array.prototype.slice.call(root.querySelectorAll("tbody tr"));
    var texts = rows.map(function (r) { return r.textContent.toLowerCase(); });
    var controls = root.querySelectorAll("[data-filter]");
    var count = root.querySelector(".rus-count");
    var more = root.querySelector("[data-more]");
    var limit = PAGE;
    root.classList.add("rus-live-table");
    function values() {
      var v = {};
      controls.forEach(function (c) { v[c.getAttribute("data-filter")] = c.value.trim(); });
      return v;
    }
    function apply() {
      var v = values();
      var q = (v.q || "").toLowerCase();
      var shown = 0, matched = 0;
      for (var i = 0; i < rows.length; i++) {
        var r = rows[i], ok = true;
        for (var key in v) {
          if (key === "q" || !v[key]) continue;
          if (r.getAttribute("data-" + key) !== v[key]) { ok = false; break; }
        }
        if (ok && q && texts[i].indexOf(q) === -1) ok = false;
        if (ok) matched++;
        var visible = ok && shown < limit;
        if (visible) shown++;
        r.hidden = !visible;
      }
      count.textContent = "Viser " + fmt(shown) + " af " + fmt(matched) + " udsagn, der passer" +
        " (i alt " + fmt(rows.length) + ")";
      root.setAttribute("data-matched", String(matched));
      more.hidden = shown >= matched;
    }
    function fmt(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "."); }
    controls.forEach(function (c) {
      c.addEventListener("input", function () { limit = PAGE; apply(); });
    });
    more.addEventListener("click", function () { limit = rows.length; apply(); });
    root.querySelector("[data-reset]").addEventListener("click", function () {
      controls.forEach(function (c) { c.value = ""; });
      limit = PAGE; apply();
    });
    function fromHash() {
      var h = decodeURIComponent(location.hash || "");
      if (h.indexOf("#udsagn") !== 0) return false;
      var params = {};
      (h.split("?")[1] || "").split("&").forEach(function (kv) {
        var i = kv.indexOf("=");
        if (i > 0) params[kv.slice(0, i)] = kv.slice(i + 1);
      });
      controls.forEach(function (c) {
        var key = c.getAttribute("data-filter");
        c.value = params[key] || "";
      });
      limit = PAGE; apply();
      root.setAttribute("data-hash", h);  // which link the table shows (tests wait on it)
      root.scrollIntoView();
      return true;
    }
    window.addEventListener("hashchange", fromHash);
    if (!fromHash()) apply();
  }
  document.documentElement.classList.add("js");
  function start() {
    document.querySelectorAll(".rus-statements").forEach(init);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
